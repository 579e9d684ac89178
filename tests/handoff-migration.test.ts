/**
 * Migration 0011 (handoff workflow) on a database that already holds handoffs from before it: the
 * migrations before it are applied, an open and a released handoff are stored, then the rest is
 * applied as start-up does. Open → workflow `new` (still paused); released → `resolved` at its
 * release time (still released). PGlite in memory, or a fresh server database (prefix
 * resolve_handoff_mig) when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrationsUpTo as cutMigrations, openUnmigratedDatabase } from './helpers/migrations';

const migrations = path.join(process.cwd(), 'db', 'migrations');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-hmig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('migration 0013_handoff_workflow on an existing database', () => {
  it('maps open handoffs to new and released ones to resolved, keeping the pause state', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag.endsWith('_handoff_workflow'));
    expect(at).toBeGreaterThan(0);
    const db = await openUnmigratedDatabase('resolve_handoff_mig');
    try {
      await db.migrate(cutMigrations(tmp, at));
      await db.exec(sql`insert into conversations (id, client_id, status) values ('c1', 'client-1', 'handoff'), ('c2', 'client-1', 'open')`);
      await db.exec(sql`insert into handoffs (conversation_id, tool_call_id, client_id, email, summary, category, status, released_at, released_by, created_at) values
        ('c1', 't1', 'client-1', 'a@example.com', 'Open one', 'payouts', 'open', null, null, '2026-01-02T10:00:00Z'),
        ('c2', 't2', 'client-1', 'b@example.com', 'Released one', 'billing', 'released', '2026-01-03T09:30:00Z', 'admin@example.com', '2026-01-01T08:00:00Z')`);

      await db.migrate(migrations);

      const rows = (await db.exec(sql`select summary, status, workflow_status, assignee_id, resolved_at, released_at, updated_at from handoffs order by id`)).rows;
      const iso = (v: unknown) => (v === null ? null : new Date(v as string).toISOString());
      expect(rows.map((r) => [r.summary, r.status, r.workflow_status, r.assignee_id, iso(r.resolved_at), iso(r.updated_at)])).toEqual([
        ['Open one', 'open', 'new', null, null, '2026-01-02T10:00:00.000Z'],
        ['Released one', 'released', 'resolved', null, '2026-01-03T09:30:00.000Z', '2026-01-03T09:30:00.000Z'],
      ]);
      // A new handoff starts new; notes belong to a handoff and go with it.
      await db.exec(sql`insert into handoffs (conversation_id, tool_call_id, client_id, email, summary, category) values ('c2', 't3', 'client-1', 'c@example.com', 'New one', 'other')`);
      expect((await db.exec(sql`select workflow_status from handoffs where tool_call_id = 't3'`)).rows).toEqual([{ workflow_status: 'new' }]);
      await db.exec(sql`insert into handoff_notes (handoff_id, author_email, body) select id, 'admin@example.com', 'note' from handoffs where tool_call_id = 't1'`);
      await db.exec(sql`delete from handoffs where tool_call_id = 't1'`);
      expect((await db.exec(sql`select count(*)::int as n from handoff_notes`)).rows[0].n).toBe(0);
    } finally {
      await db.close();
    }
  });
});
