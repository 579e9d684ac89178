/**
 * Who is signed in: better-auth sessions (lib/auth/auth.ts) read from the request's cookie, with
 * the user's role. Sign-in runs our per-account and per-address throttle (login-throttle.ts) in
 * front of better-auth's password check.
 */
import 'server-only';
import { APIError } from 'better-auth/api';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { getAppDb } from '@/lib/startup';
import { getAuth, PASSWORD_MAX } from './auth';
import { getLoginThrottle, lockMessage, type LoginThrottle } from './login-throttle';
import { hasRole, isStaffRole, roleRefusal, type StaffRole } from './roles';
import { ADMIN_PATH_HEADER, loginAddress } from './return-to';

/** The signed-in staff member as pages and actions see it. */
export interface StaffIdentity {
  userId: number;
  email: string;
  name: string;
  role: StaffRole;
}

/**
 * The staff member a request's session cookie belongs to.
 * @param reqHeaders the request's headers (its `cookie`).
 * @returns null without a cookie, for an unknown, expired or tampered token, a disabled (banned)
 *   user or an unknown role.
 */
export async function sessionFromHeaders(db: Db, reqHeaders: Headers): Promise<StaffIdentity | null> {
  if (!reqHeaders.get('cookie')) return null;
  const auth = await getAuth(db);
  const found = await auth.api.getSession({ headers: reqHeaders, query: { disableCookieCache: true } });
  if (!found || found.user.banned || !isStaffRole(found.user.role)) return null;
  return { userId: Number(found.user.id), email: found.user.email, name: found.user.name, role: found.user.role };
}

/** What a successful sign-in gives: the user and the session cookie(s) to set. */
export interface SignInResult {
  user: StaffIdentity;
  /** `Set-Cookie` values from better-auth (the signed session token). */
  setCookies: string[];
}

/**
 * Checks an email and password and opens a session. Refused before the password is checked while
 * the account (5 failures in 15 minutes, from any address) or the address (20 failures) is locked,
 * so the right password does not get in during a lock. Emails are compared trimmed, lower-cased.
 * @param input.ip the client's address (lib/client-address.ts); 'unverified' when unknown.
 * @param throttle the throttle to count against (tests); default the app's.
 * @returns the user and cookies, or null for a wrong email or password (counted as a failure).
 * @throws AppError `rate_limited:admin_login` during a lock (the message says which and how long);
 *   `forbidden:account_disabled` for the right password of a disabled account.
 */
export async function signIn(db: Db, input: { email: string; password: string; ip?: string }, throttle: LoginThrottle = getLoginThrottle()): Promise<SignInResult | null> {
  const email = String(input.email ?? '')
    .trim()
    .toLowerCase()
    .slice(0, 320);
  const password = String(input.password ?? '').slice(0, PASSWORD_MAX);
  const who = { email, address: input.ip || 'unverified' };
  const lock = await throttle.lockFor(who);
  if (lock) throw new AppError('rate_limited:admin_login', lockMessage(lock));
  const auth = await getAuth(db);
  try {
    const res = await auth.api.signInEmail({ body: { email, password, rememberMe: true }, returnHeaders: true });
    const user = res.response.user as { id: string; email: string; name: string; role?: string };
    await throttle.recordSuccess(who);
    const role = isStaffRole(user.role) ? user.role : 'viewer';
    return { user: { userId: Number(user.id), email: user.email, name: user.name, role }, setCookies: res.headers.getSetCookie() };
  } catch (err) {
    if (err instanceof APIError && err.statusCode === 403) throw new AppError('forbidden:account_disabled', err.message);
    if (err instanceof APIError && (err.statusCode === 401 || err.statusCode === 400)) {
      await throttle.recordFailure(who);
      return null;
    }
    throw err;
  }
}

/**
 * Signs in and sets the session cookie on the response (server actions only).
 * @returns the user, or null for a wrong email or password.
 * @throws what `signIn` throws.
 */
export async function startSession(db: Db, input: { email: string; password: string; ip?: string }): Promise<StaffIdentity | null> {
  const result = await signIn(db, input);
  if (!result) return null;
  await applySetCookies(result.setCookies);
  return result.user;
}

async function applySetCookies(setCookies: string[]): Promise<void> {
  const jar = await cookies();
  for (const header of setCookies) {
    for (const [name, attrs] of parseSetCookieHeader(header)) jar.set(name, attrs.value, toCookieOptions(attrs));
  }
}

/**
 * The staff member signed in on this request, or null. Cached per request, so the layout, the
 * page and an action can all ask without extra queries.
 */
export const getCurrentUser = cache(async (): Promise<StaffIdentity | null> => {
  // Request headers first: under `next build` that marks the admin pages dynamic before anything
  // opens the database (the root layout no longer reads headers, so it no longer does that).
  const requestHeaders = await headers();
  return sessionFromHeaders(await getAppDb(), requestHeaders);
});

/**
 * For pages: the signed-in staff member with at least `role`. Redirects to /admin/login when
 * nobody is signed in (with `?next=` the page asked for, lib/auth/return-to.ts); a lower role gets the 403 page (app/forbidden.tsx, Next's `forbidden()`).
 * @param role the least role the page needs (default viewer: any staff member).
 * @returns the identity.
 */
export async function requireRole(role: StaffRole = 'viewer'): Promise<StaffIdentity> {
  const user = await getCurrentUser();
  if (!user) redirect(loginAddress((await headers()).get(ADMIN_PATH_HEADER)));
  if (!hasRole(user.role, role)) forbidden();
  return user;
}

/**
 * For server actions and route handlers: the signed-in staff member with at least `role`.
 * @param reqHeaders the request's headers; default Next's for this request.
 * @throws AppError `unauthorized:session` (401) when nobody is signed in, `forbidden:role` (403)
 *   when the role is too low.
 */
export async function authorize(role: StaffRole, reqHeaders?: Headers): Promise<StaffIdentity> {
  const user = reqHeaders ? await sessionFromHeaders(await getAppDb(), reqHeaders) : await getCurrentUser();
  if (!user) throw new AppError('unauthorized:session', 'Your session has expired. Sign in again.');
  if (!hasRole(user.role, role)) throw new AppError('forbidden:role', roleRefusal(user.role, role));
  return user;
}

/**
 * Signs out: deletes this request's session row (better-auth) and expires its cookie with the
 * cookie's own attributes (a `__Secure-` cookie is only replaced by a Secure one).
 */
export async function endSession(): Promise<void> {
  const auth = await getAuth(await getAppDb());
  const res = await auth.api.signOut({ headers: await headers(), returnHeaders: true }).catch(() => null);
  if (res?.headers.getSetCookie().length) return applySetCookies(res.headers.getSetCookie());
  const { name, attributes } = (await auth.$context).authCookies.sessionToken;
  const { path, domain, secure, httpOnly, sameSite } = attributes;
  (await cookies()).set(name, '', { path, domain, secure, httpOnly, sameSite: sameSite?.toLowerCase() as 'lax' | 'strict' | 'none' | undefined, maxAge: 0 });
}
