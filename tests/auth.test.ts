/**
 * Accounts and sessions on better-auth with a real database (PGlite in memory, or a fresh server
 * database with DATABASE_URL): create, sign in (our throttle in front), the session cookie and its
 * row, expiry, sign-out, disabled accounts, hashes kept from before better-auth.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { setUserDisabled } from '@/db/queries/users';
import { authAccounts, authSessions } from '@/db/schema';
import { getAuth, SESSION_TTL_SEC } from '@/lib/auth/auth';
import { verifyLegacyPassword } from '@/lib/auth/legacy-password';
import { LOGIN_THROTTLE, LoginThrottle } from '@/lib/auth/login-throttle';
import { sessionFromHeaders, signIn } from '@/lib/auth/session';
import { createStaffUser, resetStaffPassword } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';
// In-memory PGlite, or a fresh database on the server in DATABASE_URL.
import { createTestDatabase } from './helpers/db';
import { cookieHeader, freshThrottle, TEST_PASSWORD } from './helpers/staff';

async function expectAppError(p: Promise<unknown>, code: string): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

/** A hash in the format lib/auth/password.ts wrote before better-auth (scrypt N=2^15, r=8, p=1). */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 2 * 128 * 2 ** 15 * 8 + 128 * 8 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}

describe('hashes from before better-auth', () => {
  it('verifies the right password only, and never throws for a tampered or malformed hash', async () => {
    const stored = legacyHash('correct horse battery staple');
    expect(await verifyLegacyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyLegacyPassword('correct horse battery stapl', stored)).toBe(false);
    const parts = stored.split('$');
    const key = Buffer.from(parts[5], 'base64');
    key[0] ^= 1;
    for (const bad of [
      [...parts.slice(0, 5), key.toString('base64')].join('$'),
      stored.replace('$32768$', '$16384$'),
      `scrypt$1073741824$8$1$${parts.slice(4).join('$')}`, // N too large: refused, not allocated
      `scrypt$3$8$1$${parts.slice(4).join('$')}`,
      'scrypt$32768$8$1$!!!$###',
      '',
    ]) {
      expect(await verifyLegacyPassword('correct horse battery staple', bad)).toBe(false);
    }
  });
});

describe('login throttle (per account and per address)', () => {
  const settings = (prefix: string, lockSec = 60) => ({ ...LOGIN_THROTTLE, prefix: `t_${prefix}_${Math.random().toString(36).slice(2, 8)}`, lockSec });

  it('locks an account after 5 failures from any mix of addresses, and not before', async () => {
    const th = new LoginThrottle(settings('acct'));
    const email = 'Someone@Example.com';
    for (let i = 0; i < 4; i++) await th.recordFailure({ email, address: `203.0.113.${i}` });
    expect(await th.lockFor({ email, address: '198.51.100.1' })).toBeNull();
    await th.recordFailure({ email: ' someone@example.com ', address: '203.0.113.99' });
    const lock = await th.lockFor({ email, address: '198.51.100.1' });
    expect(lock).toMatchObject({ scope: 'account' });
    expect(lock!.retryAfterSec).toBeGreaterThan(55);
    expect(lock!.retryAfterSec).toBeLessThanOrEqual(60);
    // Another account from the same addresses is not affected.
    expect(await th.lockFor({ email: 'other@example.com', address: '203.0.113.99' })).toBeNull();
  });

  it('locks an address after 20 failures over many accounts', async () => {
    const th = new LoginThrottle(settings('addr'));
    for (let i = 0; i < 20; i++) await th.recordFailure({ email: `spray-${i}@example.com`, address: '192.0.2.10' });
    expect(await th.lockFor({ email: 'fresh@example.com', address: '192.0.2.10' })).toMatchObject({ scope: 'address' });
    expect(await th.lockFor({ email: 'fresh@example.com', address: '192.0.2.11' })).toBeNull();
  });

  it('ends the lock after lockSec, and a success clears the account count', async () => {
    const th = new LoginThrottle(settings('end', 1));
    const who = { email: 'end@example.com', address: '192.0.2.20' };
    for (let i = 0; i < 5; i++) await th.recordFailure(who);
    expect(await th.lockFor(who)).not.toBeNull();
    await new Promise((r) => setTimeout(r, 1200));
    expect(await th.lockFor(who)).toBeNull();
    for (let i = 0; i < 4; i++) await th.recordFailure(who);
    await th.recordSuccess(who);
    await th.recordFailure(who);
    expect(await th.lockFor(who)).toBeNull();
  });
});

describe('accounts and sessions (database)', () => {
  let handle: { db: Db; close: () => Promise<void> };
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `editor-${run}@example.com`;
  const password = TEST_PASSWORD;
  let userId = 0;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('creates a user with a lower-cased email, the role asked for and a library hash', async () => {
    const made = await createStaffUser(handle.db, { email: `  ${email.toUpperCase()} `, role: 'editor', password });
    userId = made.user.id;
    expect(made.user).toMatchObject({ email, role: 'editor' });
    expect(made.generated).toBe(false);
    const [account] = await handle.db.select().from(authAccounts).where(eq(authAccounts.userId, userId));
    expect(account.providerId).toBe('credential');
    expect(account.password).not.toContain(password);
    expect(account.password!.startsWith('scrypt$')).toBe(false);
  });

  it('generates a password when none is given (20 characters, shown once)', async () => {
    const made = await createStaffUser(handle.db, { email: `gen-${run}@example.com`, role: 'viewer' });
    expect(made.generated).toBe(true);
    expect(made.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await signIn(handle.db, { email: made.user.email, password: made.password }, freshThrottle())).not.toBeNull();
  });

  it('refuses a duplicate email (any case) and invalid input', async () => {
    await expectAppError(createStaffUser(handle.db, { email: email.toUpperCase(), role: 'viewer', password }), 'conflict:user');
    await expectAppError(createStaffUser(handle.db, { email: 'not-an-email', role: 'viewer', password }), 'bad_request:user');
    await expectAppError(createStaffUser(handle.db, { email: `x-${email}`, role: 'viewer', password: 'short' }), 'bad_request:user');
    await expectAppError(createStaffUser(handle.db, { email: `y-${email}`, role: 'owner' as 'admin', password }), 'bad_request:user');
  });

  it('signs in: the cookie carries only the signed session token; the session row is on the server', async () => {
    const signed = (await signIn(handle.db, { email: email.toUpperCase(), password }, freshThrottle()))!;
    expect(signed.user).toMatchObject({ userId, email, role: 'editor' });
    const [cookie] = signed.setCookies;
    expect(cookie).toMatch(/^resolve\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const value = decodeURIComponent(cookie.split(';')[0].split('=').slice(1).join('='));
    const [token] = value.split('.');
    const rows = await handle.db.select().from(authSessions).where(eq(authSessions.token, token));
    expect(rows).toHaveLength(1);
    expect(rows[0].userId).toBe(userId);
    expect(rows[0].expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_SEC * 1000 - 60_000);
    // No user data in the cookie: it is the token and its signature.
    expect(value).not.toContain(email);

    const headers = new Headers({ cookie: cookieHeader(signed.setCookies) });
    expect(await sessionFromHeaders(handle.db, headers)).toEqual({ userId, email, name: '', role: 'editor' });
    // A token without the right signature, or an unknown one, is nobody.
    expect(await sessionFromHeaders(handle.db, new Headers({ cookie: `resolve.session_token=${token}.forged` }))).toBeNull();
    expect(await sessionFromHeaders(handle.db, new Headers({ cookie: 'resolve.session_token=nope' }))).toBeNull();
    expect(await sessionFromHeaders(handle.db, new Headers())).toBeNull();
  });

  it('wrong password and unknown email give null', async () => {
    const th = freshThrottle();
    expect(await signIn(handle.db, { email, password: `${password}!` }, th)).toBeNull();
    expect(await signIn(handle.db, { email: `nobody-${run}@example.com`, password }, th)).toBeNull();
    expect(await signIn(handle.db, { email: '', password: '' }, th)).toBeNull();
  });

  it('ends a session at its expiry, and at sign-out', async () => {
    const signed = (await signIn(handle.db, { email, password }, freshThrottle()))!;
    const headers = new Headers({ cookie: cookieHeader(signed.setCookies) });
    expect(await sessionFromHeaders(handle.db, headers)).not.toBeNull();
    const token = decodeURIComponent(signed.setCookies[0].split(';')[0].split('=')[1]).split('.')[0];
    await handle.db
      .update(authSessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(authSessions.token, token));
    expect(await sessionFromHeaders(handle.db, headers)).toBeNull();

    const again = (await signIn(handle.db, { email, password }, freshThrottle()))!;
    const h2 = new Headers({ cookie: cookieHeader(again.setCookies) });
    const auth = await getAuth(handle.db);
    await auth.api.signOut({ headers: h2 });
    expect(await sessionFromHeaders(handle.db, h2)).toBeNull();
  });

  it('throttles per account: 5 wrong passwords from any addresses lock it, even for the right password; others sign in', async () => {
    const victim = `victim-${run}@example.com`;
    await createStaffUser(handle.db, { email: victim, role: 'admin', password });
    const th = freshThrottle();
    // A new address per attempt, as a client rotating X-Forwarded-For would get if it were trusted.
    for (let i = 0; i < 5; i++) expect(await signIn(handle.db, { email: victim, password: 'nope nope nope', ip: `203.0.113.${i + 1}` }, th)).toBeNull();
    const err = await expectAppError(signIn(handle.db, { email: victim, password, ip: '198.51.100.7' }, th), 'rate_limited:admin_login');
    expect(err.message).toMatch(/This account is locked after 5 failed sign-ins\. Try again in 15 minutes, even with the right password\./);
    // Another account signs in from the same addresses.
    expect(await signIn(handle.db, { email, password, ip: '203.0.113.1' }, th)).not.toBeNull();
  });

  it('throttles per address: 20 failures over many accounts lock the address', async () => {
    const th = freshThrottle();
    for (let i = 0; i < 20; i++) await signIn(handle.db, { email: `spray-${i}-${run}@example.com`, password: 'wrong password!', ip: '192.0.2.99' }, th);
    await expectAppError(signIn(handle.db, { email, password, ip: '192.0.2.99' }, th), 'rate_limited:admin_login');
    expect(await signIn(handle.db, { email, password, ip: '192.0.2.98' }, th)).not.toBeNull();
  });

  it('a disabled account has no session and cannot sign in; enabled again, it can', async () => {
    const made = await createStaffUser(handle.db, { email: `gone-${run}@example.com`, role: 'editor', password });
    const signed = (await signIn(handle.db, { email: made.user.email, password }, freshThrottle()))!;
    const headers = new Headers({ cookie: cookieHeader(signed.setCookies) });
    await setUserDisabled(handle.db, { actorId: -1, id: made.user.id, disabled: true });
    expect(await sessionFromHeaders(handle.db, headers)).toBeNull();
    const err = await expectAppError(signIn(handle.db, { email: made.user.email, password }, freshThrottle()), 'forbidden:account_disabled');
    expect(err.message).toMatch(/disabled/);
    await setUserDisabled(handle.db, { actorId: -1, id: made.user.id, disabled: false });
    expect(await signIn(handle.db, { email: made.user.email, password }, freshThrottle())).not.toBeNull();
  });

  it('a reset password replaces the old one and signs the user out everywhere', async () => {
    const made = await createStaffUser(handle.db, { email: `reset-${run}@example.com`, role: 'viewer', password });
    const signed = (await signIn(handle.db, { email: made.user.email, password }, freshThrottle()))!;
    const reset = await resetStaffPassword(handle.db, { id: made.user.id });
    expect(reset.generated).toBe(true);
    expect(await sessionFromHeaders(handle.db, new Headers({ cookie: cookieHeader(signed.setCookies) }))).toBeNull();
    expect(await signIn(handle.db, { email: made.user.email, password }, freshThrottle())).toBeNull();
    expect(await signIn(handle.db, { email: made.user.email, password: reset.password }, freshThrottle())).not.toBeNull();
    await expectAppError(resetStaffPassword(handle.db, { id: made.user.id, password: 'short' }), 'bad_request:user');
  });

  it('signs in an account whose password hash was written before better-auth', async () => {
    const made = await createStaffUser(handle.db, { email: `old-${run}@example.com`, role: 'admin', password: 'placeholder password' });
    await handle.db
      .update(authAccounts)
      .set({ password: legacyHash('the password from before') })
      .where(and(eq(authAccounts.userId, made.user.id), eq(authAccounts.providerId, 'credential')));
    expect(await signIn(handle.db, { email: made.user.email, password: 'the password from before' }, freshThrottle())).not.toBeNull();
    expect(await signIn(handle.db, { email: made.user.email, password: 'placeholder password' }, freshThrottle())).toBeNull();
  });
});
