/**
 * Migration 0018 (better-auth accounts and roles) on a database with accounts from before it: the
 * migrations before it are applied, two admins with scrypt hashes and a session are stored, then
 * the rest is applied as start-up does. Both become admins whose hash moved to a credential
 * account (which better-auth verifies through lib/auth/legacy-password.ts, see auth.test.ts); the
 * old session table is gone. PGlite in memory, or a fresh server database when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { journalIndex, MIGRATIONS_DIR, migrationsUpTo, openUnmigratedDatabase } from './helpers/migrations';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-authmig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('migration 0018_auth_roles on an existing database', () => {
  it('keeps every account as an admin with its password hash, and drops the old sessions', async () => {
    const at = journalIndex('_auth_roles');
    expect(at).toBeGreaterThan(0);
    const db = await openUnmigratedDatabase('resolve_auth_mig');
    try {
      await db.migrate(migrationsUpTo(tmp, at));
      await db.exec(
        sql`insert into admin_users (email, password_hash) values ('old@example.com', 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5'), ('two@example.com', 'scrypt$32768$8$1$b3RoZXJzYWx0$b3RoZXJrZXlvdGhlcmtleQ==')`,
      );
      await db.exec(sql`insert into admin_sessions (id, user_id, expires_at) select 'abc', id, now() + interval '1 day' from admin_users where email = 'old@example.com'`);

      await db.migrate(MIGRATIONS_DIR);

      const users = (
        await db.exec(
          sql`select u.email, u.role, u.banned, a.provider_id, a.account_id = u.id::text as linked, a.password from admin_users u join auth_accounts a on a.user_id = u.id order by u.email`,
        )
      ).rows;
      expect(users).toEqual([
        { email: 'old@example.com', role: 'admin', banned: false, provider_id: 'credential', linked: true, password: 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5' },
        { email: 'two@example.com', role: 'admin', banned: false, provider_id: 'credential', linked: true, password: 'scrypt$32768$8$1$b3RoZXJzYWx0$b3RoZXJrZXlvdGhlcmtleQ==' },
      ]);
      const cols = (await db.exec(sql`select column_name from information_schema.columns where table_name = 'admin_users' and column_name = 'password_hash'`)).rows;
      expect(cols).toEqual([]);
      const old = (await db.exec(sql`select to_regclass('admin_sessions') as t`)).rows;
      expect(old[0].t).toBeNull();
      // New accounts default to the least role; an unknown role is refused by the check.
      await db.exec(sql`insert into admin_users (email) values ('new@example.com')`);
      expect((await db.exec(sql`select role from admin_users where email = 'new@example.com'`)).rows[0].role).toBe('viewer');
      await expect(db.exec(sql`insert into admin_users (email, role) values ('x@example.com', 'owner')`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
});
