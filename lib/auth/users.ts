/**
 * Staff accounts through better-auth: create (the first admin from the CLI, others in
 * /admin/users) and password resets with the library's hash. Role changes, disabling and removal
 * with the last-admin guard are db/queries/users.ts.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { APIError } from 'better-auth/api';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { setPasswordHash } from '@/db/queries/users';
import { AppError } from '@/lib/errors';
import { getAuth, PASSWORD_MAX, PASSWORD_MIN } from './auth';
import { STAFF_ROLES, type StaffRole } from './roles';

const staffEmailSchema = z.string().trim().toLowerCase().max(254, 'Email is too long.').pipe(z.email('Enter a valid email address.'));

const passwordSchema = z.string().min(PASSWORD_MIN, `Password must be at least ${PASSWORD_MIN} characters.`).max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters.`);

/** A new account's fields; an empty or absent password means "generate one". */
export const newUserSchema = z.object({
  email: staffEmailSchema,
  name: z.string().trim().max(100, 'The name is at most 100 characters.').default(''),
  role: z.enum(STAFF_ROLES, 'Pick a role: viewer, editor or admin.'),
  password: z.union([z.literal('').transform(() => undefined), passwordSchema]).optional(),
});

/** An optional new password (empty: generate one). */
const resetPasswordSchema = z.union([z.literal('').transform(() => undefined), passwordSchema]).optional();

/** A random 20-character password (120 bits, base64url), shown once to the admin who made it. */
function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

function badRequest(err: z.ZodError): AppError {
  return new AppError('bad_request:user', err.issues.map((i) => i.message).join(' '));
}

/**
 * Creates a staff account with an email + password sign-in (better-auth's admin `createUser`,
 * called on the server without a session). Emails are stored trimmed and lower-cased.
 * @param input.password at least 12 characters; empty or absent: a generated one.
 * @returns the user and the password (to show once), `generated` when we made it.
 * @throws AppError `bad_request:user` for an invalid email, name, role or password;
 *   `conflict:user` when the email is taken (any case).
 */
export async function createStaffUser(
  db: Db,
  input: { email: string; name?: string; role: StaffRole; password?: string },
): Promise<{ user: { id: number; email: string; name: string; role: StaffRole }; password: string; generated: boolean }> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error);
  const { email, name, role } = parsed.data;
  const password = parsed.data.password ?? generatePassword();
  const auth = await getAuth(db);
  try {
    const { user } = await auth.api.createUser({ body: { email, name, password, role } });
    return { user: { id: Number(user.id), email: user.email, name: user.name, role }, password, generated: parsed.data.password === undefined };
  } catch (err) {
    if (err instanceof APIError && err.body?.code === 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL') {
      throw new AppError('conflict:user', `A user with the email ${email} already exists.`);
    }
    throw err;
  }
}

/**
 * Sets a new password for a user (the library's hash) and signs them out everywhere.
 * @param args.password at least 12 characters; empty or absent: a generated one.
 * @returns the password (to show once) and whether it was generated.
 * @throws AppError `bad_request:user` for a bad password, `not_found:user`.
 */
export async function resetStaffPassword(db: Db, args: { id: number; password?: string }): Promise<{ password: string; generated: boolean }> {
  const parsed = resetPasswordSchema.safeParse(args.password);
  if (!parsed.success) throw badRequest(parsed.error);
  const password = parsed.data ?? generatePassword();
  const ctx = await (await getAuth(db)).$context;
  await setPasswordHash(db, { id: args.id, hash: await ctx.password.hash(password) });
  return { password, generated: parsed.data === undefined };
}
