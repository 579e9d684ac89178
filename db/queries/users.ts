/**
 * Staff accounts (db/schema.ts `adminUsers`, better-auth's user model): the listing and the
 * changes an admin makes in /admin/users, each with the last-admin guard in one transaction.
 * Creating users and passwords goes through better-auth (lib/auth/users.ts).
 */
import 'server-only';
import { and, asc, eq, max, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { adminUsers, authAccounts, authSessions, type StaffRole } from '../schema';
import { AppError } from '@/lib/errors';

/** A staff member as /admin/users lists them. */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: StaffRole;
  /** Disabled: cannot sign in, no sessions, API tokens refused. */
  banned: boolean;
  createdAt: Date;
  /** When their newest session started, or null when never signed in (or all sessions ended). */
  lastSignInAt: Date | null;
}

/** Every staff member, by email, with their newest session's start. */
export async function listUsers(db: Db): Promise<UserRow[]> {
  const rows = await db
    .select({
      id: adminUsers.id,
      email: adminUsers.email,
      name: adminUsers.name,
      role: adminUsers.role,
      banned: adminUsers.banned,
      createdAt: adminUsers.createdAt,
      lastSignInAt: max(authSessions.createdAt),
    })
    .from(adminUsers)
    .leftJoin(authSessions, eq(authSessions.userId, adminUsers.id))
    .groupBy(adminUsers.id)
    .orderBy(asc(sql`lower(${adminUsers.email})`));
  return rows.map((r) => ({ ...r, lastSignInAt: r.lastSignInAt ? new Date(r.lastSignInAt) : null }));
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Locks every enabled admin's row (so two admins demoting each other at once are serialized),
 * then checks that `target` losing admin rights leaves at least one enabled admin.
 * @returns the target's row.
 * @throws AppError `not_found:user`; `conflict:last_admin`.
 */
async function guardLastAdmin(tx: Tx, target: number, change: string) {
  const admins = await tx
    .select({ id: adminUsers.id })
    .from(adminUsers)
    .where(and(eq(adminUsers.role, 'admin'), eq(adminUsers.banned, false)))
    .orderBy(asc(adminUsers.id))
    .for('update');
  const [row] = await tx.select({ id: adminUsers.id, email: adminUsers.email, role: adminUsers.role, banned: adminUsers.banned }).from(adminUsers).where(eq(adminUsers.id, target)).limit(1);
  if (!row) throw new AppError('not_found:user', 'This user no longer exists.');
  if (admins.length <= 1 && admins.some((a) => a.id === target)) {
    throw new AppError('conflict:last_admin', `${row.email} is the only admin: make someone else an admin before you ${change} them.`);
  }
  return row;
}

function refuseSelf(actorId: number, target: number, change: string): void {
  if (actorId === target) throw new AppError('conflict:self', `You cannot ${change} your own account: ask another admin.`);
}

/**
 * Changes a user's role.
 * @param args.actorId the admin doing it (may not change their own role).
 * @returns the user's email and role before the change.
 * @throws AppError `conflict:self`, `not_found:user`, `conflict:last_admin` (the only enabled
 *   admin cannot be demoted).
 */
export async function setUserRole(db: Db, args: { actorId: number; id: number; role: StaffRole }): Promise<{ email: string; previous: StaffRole }> {
  refuseSelf(args.actorId, args.id, 'change the role of');
  return db.transaction(async (tx) => {
    const row = args.role === 'admin' ? await lockedUser(tx, args.id) : await guardLastAdmin(tx, args.id, 'demote');
    await tx.update(adminUsers).set({ role: args.role, updatedAt: new Date() }).where(eq(adminUsers.id, args.id));
    return { email: row.email, previous: row.role };
  });
}

async function lockedUser(tx: Tx, id: number) {
  const [row] = await tx.select({ id: adminUsers.id, email: adminUsers.email, role: adminUsers.role }).from(adminUsers).where(eq(adminUsers.id, id)).for('update').limit(1);
  if (!row) throw new AppError('not_found:user', 'This user no longer exists.');
  return row;
}

/**
 * Disables (or enables) a user. Disabling ends every session of theirs at once; their API tokens
 * are refused while disabled.
 * @throws AppError `conflict:self`, `not_found:user`, `conflict:last_admin`.
 */
export async function setUserDisabled(db: Db, args: { actorId: number; id: number; disabled: boolean }): Promise<{ email: string }> {
  refuseSelf(args.actorId, args.id, args.disabled ? 'disable' : 'enable');
  return db.transaction(async (tx) => {
    const row = args.disabled ? await guardLastAdmin(tx, args.id, 'disable') : await lockedUser(tx, args.id);
    await tx
      .update(adminUsers)
      .set({ banned: args.disabled, banReason: args.disabled ? 'Disabled by an admin' : null, updatedAt: new Date() })
      .where(eq(adminUsers.id, args.id));
    if (args.disabled) await tx.delete(authSessions).where(eq(authSessions.userId, args.id));
    return { email: row.email };
  });
}

/**
 * Removes a user: their sessions, password and API tokens go with them (cascade); revisions,
 * handoffs and the audit log keep their email or lose the link (set null).
 * @throws AppError `conflict:self`, `not_found:user`, `conflict:last_admin`.
 */
export async function removeUser(db: Db, args: { actorId: number; id: number }): Promise<{ email: string }> {
  refuseSelf(args.actorId, args.id, 'remove');
  return db.transaction(async (tx) => {
    const row = await guardLastAdmin(tx, args.id, 'remove');
    await tx.delete(adminUsers).where(eq(adminUsers.id, args.id));
    return { email: row.email };
  });
}

/**
 * Sets a user's password hash (made by better-auth) and ends every session of theirs.
 * @param args.hash the new hash of the credential account (one is made when the user has none).
 * @throws AppError `not_found:user`.
 */
export async function setPasswordHash(db: Db, args: { id: number; hash: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await lockedUser(tx, args.id);
    const updated = await tx
      .update(authAccounts)
      .set({ password: args.hash, updatedAt: new Date() })
      .where(and(eq(authAccounts.userId, args.id), eq(authAccounts.providerId, 'credential')))
      .returning({ id: authAccounts.id });
    if (updated.length === 0) await tx.insert(authAccounts).values({ userId: args.id, providerId: 'credential', accountId: String(args.id), password: args.hash });
    await tx.delete(authSessions).where(eq(authSessions.userId, args.id));
  });
}
