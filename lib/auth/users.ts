/**
 * Admin accounts: creation (CLI) and sign-in checks, throttled per account and per address
 * (lib/auth/login-throttle.ts).
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { adminUsers } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getLoginThrottle, lockMessage, type LoginThrottle } from './login-throttle';
import { hashPassword, verifyPassword } from './password';

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that nobody can make us hash megabytes. */
export const PASSWORD_MAX = 1024;

export const adminEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email is too long.')
  .pipe(z.email('Enter a valid email address.'));

export const newAdminSchema = z.object({
  email: adminEmailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`)
    .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`),
});

/**
 * Creates an admin. Emails are stored trimmed and lower-cased (the unique index is on lower(email)).
 * @returns the new user's id and email.
 * @throws AppError `bad_request:admin_user` for an invalid email or a password under 12 characters,
 *   `conflict:admin_user` when the email is taken.
 */
export async function createAdminUser(
  db: Db,
  input: { email: string; password: string },
): Promise<{ id: number; email: string }> {
  const parsed = newAdminSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('bad_request:admin_user', parsed.error.issues.map((i) => i.message).join(' '));
  }
  const passwordHash = await hashPassword(parsed.data.password);
  // ON CONFLICT DO NOTHING instead of select-then-insert: no race between two creators.
  const [row] = await db
    .insert(adminUsers)
    .values({ email: parsed.data.email, passwordHash })
    .onConflictDoNothing()
    .returning({ id: adminUsers.id, email: adminUsers.email });
  if (!row) throw new AppError('conflict:admin_user', `An admin with the email ${parsed.data.email} already exists.`);
  return row;
}

/** A valid hash of a random password, verified against when the email is unknown (same cost). */
let dummyHash: Promise<string> | undefined;
function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

/**
 * Checks an email and password. Unknown emails still run one scrypt verification, so the response
 * time does not reveal which emails exist. Locked accounts and addresses are refused before the
 * password is checked, so the right password does not get in during a lock.
 * @param input.ip the client's address (lib/client-address.ts); 'unverified' when unknown.
 * @param throttle the throttle to count against (tests); default the app's.
 * @returns the admin, or null for a wrong email or password.
 * @throws AppError `rate_limited:admin_login` while the account (5 failures in 15 minutes, from
 *   any address) or the address (20 failures) is locked, for 15 minutes; the message says which
 *   and how long.
 */
export async function verifyLogin(
  db: Db,
  input: { email: string; password: string; ip?: string },
  throttle: LoginThrottle = getLoginThrottle(),
): Promise<{ id: number; email: string } | null> {
  const email = String(input.email ?? '').trim().toLowerCase().slice(0, 320);
  const password = String(input.password ?? '').slice(0, PASSWORD_MAX);
  const who = { email, address: input.ip || 'unverified' };
  const lock = await throttle.lockFor(who);
  if (lock) throw new AppError('rate_limited:admin_login', lockMessage(lock));
  const [user] =
    email && email.length <= 254
      ? await db
          .select({ id: adminUsers.id, email: adminUsers.email, passwordHash: adminUsers.passwordHash })
          .from(adminUsers)
          .where(eq(sql`lower(${adminUsers.email})`, email))
          .limit(1)
      : [];
  const ok = await verifyPassword(password, user?.passwordHash ?? (await getDummyHash()));
  if (!user || !ok) {
    await throttle.recordFailure(who);
    return null;
  }
  await throttle.recordSuccess(who);
  return { id: user.id, email: user.email };
}
