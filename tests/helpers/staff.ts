/**
 * Staff accounts for tests: create one of a role and sign it in through the real better-auth
 * path, giving the `cookie` header a browser would send.
 */
import type { Db } from '@/db/client';
import type { StaffRole } from '@/lib/auth/roles';
import { signIn } from '@/lib/auth/session';
import { LOGIN_THROTTLE, LoginThrottle } from '@/lib/auth/login-throttle';
import { createStaffUser } from '@/lib/auth/users';

export const TEST_PASSWORD = 'a long enough password';

/** A throttle with its own key space, so tests never lock each other out. */
export function freshThrottle(): LoginThrottle {
  return new LoginThrottle({ ...LOGIN_THROTTLE, prefix: `t_${Math.random().toString(36).slice(2, 10)}` });
}

/** The `cookie` request header for a list of `Set-Cookie` values. */
export function cookieHeader(setCookies: string[]): string {
  return setCookies.map((c) => c.split(';')[0]).join('; ');
}

/**
 * Creates a user of `role` and signs them in.
 * @returns the user's id, email and the `cookie` header of their session.
 */
export async function staffSession(db: Db, role: StaffRole, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`): Promise<{ id: number; email: string; cookie: string }> {
  const { user } = await createStaffUser(db, { email, role, password: TEST_PASSWORD });
  const signed = await signIn(db, { email, password: TEST_PASSWORD, ip: '192.0.2.1' }, freshThrottle());
  if (!signed) throw new Error(`could not sign in ${email}`);
  return { id: user.id, email: user.email, cookie: cookieHeader(signed.setCookies) };
}
