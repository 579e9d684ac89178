/**
 * Migration 0008 (message keys) on a database that already holds data from before it: the
 * migrations up to 0007 are applied, a conversation, its messages and a vote on a message are
 * stored, then the rest is applied as start-up does. PGlite in memory, or a fresh server database
 * (prefix resolve_trust_c) when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrationsUpTo as cutMigrations, openUnmigratedDatabase } from './helpers/migrations';

const migrations = path.join(process.cwd(), 'db', 'migrations');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-mig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('migration 0008_message_keys on an existing database', () => {
  it('keeps messages and votes, keys messages by (conversation, id) and gives old message votes their conversation', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.findIndex((e) => e.tag === '0008_message_keys');
    expect(before).toBeGreaterThan(0);
    const db = await openUnmigratedDatabase('resolve_trust_c_mig');
    try {
      await db.migrate(cutMigrations(tmp, before));
      await db.exec(sql`insert into conversations (id, client_id, title) values ('c1', 'client-1', 'q'), ('c2', 'client-2', 'q')`);
      await db.exec(sql`insert into messages (id, conversation_id, role, parts, position) values
        ('u1', 'c1', 'user', '[{"type":"text","text":"first"}]', 0),
        ('a1', 'c1', 'assistant', '[{"type":"text","text":"answer"}]', 1)`);
      await db.exec(sql`insert into feedback (target_type, target_id, client_id, rating) values ('message', 'a1', 'client-1', -1), ('article', 'refund-a-payment', 'client-1', 1)`);
      // Before: the id is global, so "u1" in a second conversation is refused.
      await expect(db.exec(sql`insert into messages (id, conversation_id, role, parts) values ('u1', 'c2', 'user', '[]')`)).rejects.toThrow();

      // Up to 0008 only: 0010 then keys article votes by article id (tests/feedback-migration.test.ts).
      await db.migrate(cutMigrations(tmp, before + 1));

      const msgs = await db.exec(sql`select conversation_id, id, position from messages order by conversation_id, position`);
      expect(msgs.rows.map((r) => [r.conversation_id, r.id, Number(r.position)])).toEqual([
        ['c1', 'u1', 0],
        ['c1', 'a1', 1],
      ]);
      const votes = await db.exec(sql`select target_type, target_id, conversation_id from feedback order by target_type`);
      expect(votes.rows.map((r) => [r.target_type, r.target_id, r.conversation_id])).toEqual([
        ['article', 'refund-a-payment', ''],
        ['message', 'a1', 'c1'],
      ]);
      const pk = await db.exec(sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = 'messages'::regclass and contype = 'p'`);
      expect(pk.rows.map((r) => r.def)).toEqual(['PRIMARY KEY (conversation_id, id)']);
      // After: the same id in another conversation is its own message; twice in one is still refused.
      await db.exec(sql`insert into messages (id, conversation_id, role, parts) values ('u1', 'c2', 'user', '[]')`);
      await expect(db.exec(sql`insert into messages (id, conversation_id, role, parts) values ('u1', 'c2', 'user', '[]')`)).rejects.toThrow();
      await db.exec(sql`insert into feedback (target_type, target_id, conversation_id, client_id, rating) values ('message', 'u1', 'c1', 'client-1', 1), ('message', 'u1', 'c2', 'client-1', 1)`);
    } finally {
      await db.close();
    }
  });
});
