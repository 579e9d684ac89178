import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { adminSessions } from '@/db/schema';
import { hashPassword, parsePasswordHash, verifyPassword } from '@/lib/auth/password';
import { deleteSession, findSessionAdmin, hashSessionToken, insertSession, SESSION_TTL_MS } from '@/lib/auth/session';
import { LOGIN_THROTTLE, LoginThrottle } from '@/lib/auth/login-throttle';
import { createAdminUser, verifyLogin } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';
// In-memory PGlite, or a fresh database on the server in DATABASE_URL.
import { createTestDatabase } from './helpers/db';

async function expectAppError(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
}

describe('password hashing', () => {
  it('writes scrypt$N$r$p$salt$hash with 16-byte salt and 64-byte key', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    const parsed = parsePasswordHash(stored)!;
    expect(parsed.salt).toHaveLength(16);
    expect(parsed.key).toHaveLength(64);
    // A fresh salt each time.
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('returns false, never throws, for tampered or malformed hashes', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    const key = Buffer.from(parts[5], 'base64');
    key[0] ^= 1;
    const tamperedKey = [...parts.slice(0, 5), key.toString('base64')].join('$');
    const salt = Buffer.from(parts[4], 'base64');
    salt[3] ^= 0x80;
    const tamperedSalt = [...parts.slice(0, 4), salt.toString('base64'), parts[5]].join('$');
    const cheaper = stored.replace('$32768$', '$16384$');
    for (const bad of [
      tamperedKey,
      tamperedSalt,
      cheaper,
      'scrypt$1073741824$8$1$' + parts.slice(4).join('$'), // N too large: refused, not allocated
      'scrypt$3$8$1$' + parts.slice(4).join('$'), // N not a power of two
      'bcrypt$10$abc',
      '',
      'scrypt$32768$8$1$!!!$###',
    ]) {
      expect(await verifyPassword('correct horse battery staple', bad)).toBe(false);
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

describe('admin users and sessions (database)', () => {
  let handle: { db: Db; close: () => Promise<void> };
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `editor-${run}@example.com`;
  const password = 'a long enough password';

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('creates an admin with a lower-cased email and a scrypt hash', async () => {
    const user = await createAdminUser(handle.db, { email: `  ${email.toUpperCase()} `, password });
    expect(user.email).toBe(email);
    expect(user.id).toBeGreaterThan(0);
  });

  it('refuses a duplicate email (any case) with conflict:admin_user', async () => {
    await expectAppError(createAdminUser(handle.db, { email: email.toUpperCase(), password }), 'conflict:admin_user');
  });

  it('refuses invalid input with bad_request:admin_user', async () => {
    await expectAppError(createAdminUser(handle.db, { email: 'not-an-email', password }), 'bad_request:admin_user');
    await expectAppError(createAdminUser(handle.db, { email: `x-${email}`, password: 'short' }), 'bad_request:admin_user');
  });

  it('verifies a login; wrong password and unknown email give null', async () => {
    expect(await verifyLogin(handle.db, { email: email.toUpperCase(), password })).toMatchObject({ email });
    expect(await verifyLogin(handle.db, { email, password: `${password}!` })).toBeNull();
    expect(await verifyLogin(handle.db, { email: `nobody-${run}@example.com`, password })).toBeNull();
    expect(await verifyLogin(handle.db, { email: '', password: '' })).toBeNull();
  });

  it('spends the same scrypt work whether or not the email exists', async () => {
    // Its own throttle with room for these attempts, so they do not lock the shared account.
    const roomy = new LoginThrottle({ ...LOGIN_THROTTLE, prefix: `t_timing_${run}`, accountFailures: 100, addressFailures: 100 });
    const time = async (e: string) => {
      const t0 = performance.now();
      await verifyLogin(handle.db, { email: e, password: 'wrong password here', ip: '192.0.2.30' }, roomy);
      return performance.now() - t0;
    };
    await time(email); // warm up
    const known = Math.min(await time(email), await time(email));
    const unknown = Math.min(await time(`ghost-${run}@example.com`), await time(`ghost-${run}@example.com`));
    // Both run one scrypt (tens of ms); without the dummy hash the unknown case would take ~1 ms.
    expect(unknown).toBeGreaterThan(known * 0.5);
  });

  it('locks the account after 5 wrong passwords whatever the address, refuses the right one during the lock', async () => {
    const victim = `victim-${run}@example.com`;
    await createAdminUser(handle.db, { email: victim, password });
    // A new forwarded address per attempt, as a client rotating X-Forwarded-For would get if it were trusted.
    for (let i = 0; i < 5; i++) expect(await verifyLogin(handle.db, { email: victim, password: 'nope nope nope', ip: `203.0.113.${i + 1}` })).toBeNull();
    const err = await verifyLogin(handle.db, { email: victim, password, ip: '198.51.100.7' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('rate_limited:admin_login');
    expect((err as AppError).message).toMatch(/This account is locked after 5 failed sign-ins\. Try again in 15 minutes, even with the right password\./);
    // Another account signs in from the same addresses.
    expect(await verifyLogin(handle.db, { email, password, ip: '203.0.113.1' })).toMatchObject({ email });
  });

  it('stores only the token hash, finds the admin by token, ignores and cleans expired sessions', async () => {
    const user = (await verifyLogin(handle.db, { email, password }))!;
    const { token, expiresAt } = await insertSession(handle.db, { userId: user.id });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 60_000);
    const stored = await handle.db.select().from(adminSessions).where(eq(adminSessions.userId, user.id));
    expect(stored.map((s) => s.id)).toContain(hashSessionToken(token));
    expect(stored.map((s) => s.id)).not.toContain(token);

    expect(await findSessionAdmin(handle.db, { token })).toEqual({ userId: user.id, email });
    expect(await findSessionAdmin(handle.db, { token: 'x'.repeat(43) })).toBeNull();
    expect(await findSessionAdmin(handle.db, { token: "'; drop table admin_sessions; --" })).toBeNull();

    // Eight days later the session is expired: ignored and deleted.
    const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    expect(await findSessionAdmin(handle.db, { token, now: later })).toBeNull();
    const left = await handle.db.select().from(adminSessions).where(eq(adminSessions.id, hashSessionToken(token)));
    expect(left).toHaveLength(0);

    const second = await insertSession(handle.db, { userId: user.id });
    await deleteSession(handle.db, { token: second.token });
    expect(await findSessionAdmin(handle.db, { token: second.token })).toBeNull();
  });
});
