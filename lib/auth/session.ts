/**
 * Admin sessions: a random token in an httpOnly cookie, only its sha256 in `admin_sessions`.
 *
 * Why our own ~200 lines instead of better-auth or Auth.js: the surface is tiny (one role, email +
 * password, no OAuth, no sign-up), the tables are ours and shared by PGlite and Postgres, and both
 * libraries would bring their own schema, adapters and routes we would have to keep in step.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { getAppDb } from '@/lib/startup';
import { adminSessions, adminUsers } from '@/db/schema';

export const SESSION_COOKIE = 'resolve_admin';
/** Session lifetime in milliseconds (7 days); not extended on use. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The signed-in admin as pages and actions see it. */
export interface AdminIdentity {
  userId: number;
  email: string;
}

/** 32 random bytes, base64url (43 characters). */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** sha256 hex of a token: the primary key in `admin_sessions`, so a leaked table grants nothing. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * Stores a new session for a user and removes every expired one.
 * @returns the token (for the cookie; never stored) and its expiry.
 */
export async function insertSession(
  db: Db,
  args: { userId: number; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const now = args.now ?? new Date();
  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.delete(adminSessions).where(lt(adminSessions.expiresAt, now));
  await db.insert(adminSessions).values({ id: hashSessionToken(token), userId: args.userId, expiresAt });
  return { token, expiresAt };
}

/**
 * The admin a token belongs to. An expired session is deleted and treated as absent.
 * @returns null for a malformed, unknown or expired token.
 */
export async function findSessionAdmin(
  db: Db,
  args: { token: string; now?: Date },
): Promise<AdminIdentity | null> {
  if (!tokenShape.test(args.token)) return null;
  const id = hashSessionToken(args.token);
  const [row] = await db
    .select({ userId: adminUsers.id, email: adminUsers.email, expiresAt: adminSessions.expiresAt })
    .from(adminSessions)
    .innerJoin(adminUsers, eq(adminUsers.id, adminSessions.userId))
    .where(eq(adminSessions.id, id))
    .limit(1);
  if (!row) return null;
  if (row.expiresAt.getTime() <= (args.now ?? new Date()).getTime()) {
    await db.delete(adminSessions).where(eq(adminSessions.id, id));
    return null;
  }
  return { userId: row.userId, email: row.email };
}

/** Deletes one session (sign out); unknown tokens are ignored. */
export async function deleteSession(db: Db, args: { token: string }): Promise<void> {
  if (!tokenShape.test(args.token)) return;
  await db.delete(adminSessions).where(eq(adminSessions.id, hashSessionToken(args.token)));
}

/** True when the request reached us over https (directly or through a proxy that says so). */
async function isHttps(): Promise<boolean> {
  const h = await headers();
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (proto) return proto === 'https';
  return (h.get('origin') ?? '').startsWith('https:');
}

/**
 * Starts a session for a user and sets the `resolve_admin` cookie (httpOnly, SameSite=Lax, path=/,
 * Secure over https, 7 days). Call only from a server action or route handler.
 */
export async function startSession(db: Db, args: { userId: number }): Promise<void> {
  const { token, expiresAt } = await insertSession(db, args);
  const jar = await cookies();
  jar.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await isHttps(),
    path: '/',
    expires: expiresAt,
  });
}

/**
 * The admin signed in on this request, or null. Cached per request, so the layout, the page and
 * an action can all ask without extra queries.
 */
export const getCurrentAdmin = cache(async (): Promise<AdminIdentity | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return findSessionAdmin(await getAppDb(), { token });
});

/** The signed-in admin; redirects to /admin/login when there is none (pages only). */
export async function requireAdmin(): Promise<AdminIdentity> {
  const admin = await getCurrentAdmin();
  if (!admin) redirect('/admin/login');
  return admin;
}

/** Deletes the current session row and the cookie. */
export async function endSession(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  if (token) await deleteSession(await getAppDb(), { token });
  jar.delete(SESSION_COOKIE);
}
