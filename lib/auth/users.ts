/**
 * Admin accounts: creation (CLI) and sign-in checks, plus a small in-memory sign-in throttle.
 */
import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { adminUsers } from '@/db/schema';
import { AppError } from '@/lib/errors';
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
 * time does not reveal which emails exist.
 * @param input.ip client address for throttling (optional; the key is email + ip).
 * @returns the admin, or null for a wrong email or password.
 * @throws AppError `rate_limited:admin_login` after 5 failures for the same email + ip, for 60 s.
 */
export async function verifyLogin(
  db: Db,
  input: { email: string; password: string; ip?: string },
): Promise<{ id: number; email: string } | null> {
  const email = String(input.email ?? '').trim().toLowerCase();
  const password = String(input.password ?? '').slice(0, PASSWORD_MAX);
  const key = `${email}|${input.ip ?? ''}`;
  const wait = loginThrottle.retryAfterSeconds(key);
  if (wait > 0) {
    throw new AppError('rate_limited:admin_login', `Too many failed sign-ins. Try again in ${wait} seconds.`);
  }
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
    loginThrottle.recordFailure(key);
    return null;
  }
  loginThrottle.reset(key);
  return { id: user.id, email: user.email };
}

/**
 * Per-process throttle: after `maxFailures` failed sign-ins for one key, refuse for `lockMs`.
 * Good enough for one instance; several instances would each count separately (a shared store such
 * as rate-limiter-flexible on Postgres is the upgrade).
 */
export class LoginThrottle {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(
    private readonly maxFailures = 5,
    private readonly lockMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again; 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const e = this.entries.get(key);
    if (!e || e.lockedUntil === 0) return 0;
    const left = e.lockedUntil - this.now();
    if (left <= 0) {
      this.entries.delete(key);
      return 0;
    }
    return Math.ceil(left / 1000);
  }

  recordFailure(key: string): void {
    if (this.entries.size > 10_000) this.prune();
    const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    e.failures += 1;
    if (e.failures >= this.maxFailures) e.lockedUntil = this.now() + this.lockMs;
    this.entries.set(key, e);
  }

  reset(key: string): void {
    this.entries.delete(key);
  }

  private prune(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.lockedUntil === 0 || e.lockedUntil <= t) this.entries.delete(k);
  }
}

/** The app's throttle (kept on globalThis so Next's dev reloads share it). */
const g = globalThis as unknown as { __resolveLoginThrottle?: LoginThrottle };
export const loginThrottle: LoginThrottle = (g.__resolveLoginThrottle ??= new LoginThrottle());
