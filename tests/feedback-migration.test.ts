/**
 * Migration 0010 (feedback by article id) on a database that already holds votes from before it:
 * the migrations before 0010 are applied, articles and slug-keyed votes (with reasons as labels)
 * are stored, then the rest is applied as start-up does. Votes whose slug names an article move to
 * its id; those whose slug names none are kept, marked `slug:<slug>` with no article; label reasons
 * become taxonomy ids. PGlite in memory, or a fresh server database (prefix resolve_feedback_mig)
 * when DATABASE_URL is set.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrationsUpTo as cutMigrations, openUnmigratedDatabase } from './helpers/migrations';
import { FEEDBACK_REASON_IDS } from '@/lib/feedback/reasons';

const migrations = path.join(process.cwd(), 'db', 'migrations');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-fbmig-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('migration 0010_feedback_by_article_id on an existing database', () => {
  it('moves article votes from slugs to ids, keeps unresolved ones marked, and turns label reasons into ids', async () => {
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const before = journal.entries.findIndex((e) => e.tag === '0010_feedback_by_article_id');
    expect(before).toBeGreaterThan(0);
    const db = await openUnmigratedDatabase('resolve_feedback_mig');
    try {
      await db.migrate(cutMigrations(tmp, before));
      // Article "12" has a numeric slug and another article gets id 12: no collision on the way.
      const ins = await db.exec(sql`insert into articles (id, slug, title, body, content_hash, status, collection) values
        (12, 'export-reports', 'Export reports', 'x', 'h1', 'published', 'resolve'),
        (40, '12', 'Twelve', 'x', 'h2', 'published', 'resolve') returning id`);
      expect(ins.rows).toHaveLength(2);
      await db.exec(sql`insert into conversations (id, client_id) values ('c1', 'client-1')`);
      await db.exec(sql`insert into feedback (target_type, target_id, conversation_id, client_id, rating, reason, comment) values
        ('article', 'export-reports', '', 'client-1', -1, 'Out of date', 'old screenshots'),
        ('article', '12', '', 'client-1', 1, null, null),
        ('article', 'gone-article', '', 'client-1', -1, 'Incorrect', null),
        ('article', 'export-reports', '', 'client-2', -1, 'totally custom text', 'and a comment'),
        ('message', 'a1', 'c1', 'client-1', -1, 'Didn''t answer my question', null),
        ('message', 'a2', 'c1', 'client-1', -1, 'Something else', 'hm')`);

      await db.migrate(migrations);

      const rows = (await db.exec(sql`select target_type, target_id, article_id, client_id, reason, comment from feedback order by target_type, client_id, target_id`)).rows;
      expect(rows.map((r) => [r.target_type, r.target_id, r.article_id === null ? null : Number(r.article_id), r.client_id, r.reason, r.comment])).toEqual([
        ['article', '12', 12, 'client-1', 'out_of_date', 'old screenshots'],
        ['article', '40', 40, 'client-1', null, null],
        ['article', 'slug:gone-article', null, 'client-1', 'incorrect', null],
        ['article', '12', 12, 'client-2', 'other', 'totally custom text — and a comment'],
        ['message', 'a1', null, 'client-1', 'not_answered', null],
        ['message', 'a2', null, 'client-1', 'other', 'hm'],
      ]);
      for (const r of rows) if (r.reason !== null) expect(FEEDBACK_REASON_IDS).toContain(r.reason);
      // A new article that takes a gone slug does not inherit its votes (they are read by article_id).
      await db.exec(sql`insert into articles (id, slug, title, body, content_hash, status, collection) values (77, 'gone-article', 'New', 'x', 'h3', 'published', 'resolve')`);
      expect((await db.exec(sql`select count(*)::int as n from feedback where article_id = 77`)).rows[0].n).toBe(0);
      // Deleting an article keeps its votes, with no article.
      await db.exec(sql`delete from articles where id = 40`);
      expect((await db.exec(sql`select article_id from feedback where target_id = '40'`)).rows).toEqual([{ article_id: null }]);
    } finally {
      await db.close();
    }
  });
});
