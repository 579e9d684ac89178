/**
 * Backup and restore round trip (db/backup.ts) on the engine this suite runs on: the embedded
 * database restores into a fresh data folder, a server database (DATABASE_URL, as in CI) into a
 * fresh, empty database; both find the same articles (with their chunks), feedback and eval runs.
 * Also the refusals: a non-empty target, a file of the other kind, a file that is no backup.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Db, type DbHandle } from '@/db/client';
import { backupEmbedded, backupKindOf, backupServer, restoreEmbedded, restoreServer } from '@/db/backup';
import { createScratchServerDatabase } from '@/db/scratch';
import { evalRuns, feedback } from '@/db/schema';
import { saveArticle } from '@/lib/content/save';

const serverUrl = process.env.DATABASE_URL;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-backup-'));
const drops: (() => Promise<void>)[] = [];

async function openFresh(): Promise<DbHandle> {
  if (!serverUrl) return openDatabase({ dataDir: path.join(tmp, 'source', 'pglite') });
  const scratch = await createScratchServerDatabase(serverUrl, 'resolve_t_backup');
  drops.push(scratch.drop);
  return openDatabase({ url: scratch.url });
}

/** What a restore must give back: articles with chunk counts, feedback rows, eval runs. */
async function snapshot(db: Db) {
  return {
    articles: await rows(db, sql`SELECT a.id, a.slug, a.title, a.body, a.status, count(c.id)::int AS chunks
      FROM articles a LEFT JOIN article_chunks c ON c.article_id = a.id GROUP BY a.id ORDER BY a.id`),
    feedback: await rows(db, sql`SELECT target_type, target_id, article_id, client_id, rating, reason, comment FROM feedback ORDER BY id`),
    runs: await rows(db, sql`SELECT dataset_name, dataset_version, cases, retrieval_metrics, duration_ms FROM eval_runs ORDER BY id`),
  };
}

let source: DbHandle;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  source = await openFresh();
  const a = await saveArticle(source.db, {
    title: 'Refund a payment',
    slug: 'refund-a-payment',
    body: 'Refunds reach the customer in 5–10 business days.\n\n## Partial refunds\n\nEnter an amount below the total — 💶 works too.',
    status: 'published',
  });
  await saveArticle(source.db, { title: 'Draft about payouts', slug: 'draft-payouts', body: 'Payouts arrive weekly.', status: 'draft' });
  await source.db.insert(feedback).values([
    { targetType: 'article', targetId: String(a.id), articleId: a.id, clientId: 'visitor-1', rating: 1, reason: 'solved' },
    { targetType: 'message', targetId: 'm1', conversationId: 'c1', clientId: 'visitor-2', rating: -1, reason: 'wrong', comment: 'Not what I asked' },
  ]);
  await source.db.insert(evalRuns).values({ datasetName: 'dev.jsonl', datasetVersion: 'abc123', cases: 2, retrievalMetrics: { 'hit@5': 0.5 }, config: { k: 10 }, durationMs: 1234 });
  before = await snapshot(source.db);
}, 120_000);

afterAll(async () => {
  await source?.close().catch(() => {});
  for (const drop of drops) await drop().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe(`backup and restore (${serverUrl ? 'postgres' : 'pglite'})`, () => {
  it('restores into a fresh database with the same articles, chunks, feedback and runs', async () => {
    expect(before.articles).toHaveLength(2);
    expect((before.articles[0] as { chunks: number }).chunks).toBeGreaterThan(0);
    const file = path.join(tmp, serverUrl ? 'backup.dump' : 'backup.tar.gz');
    const report = serverUrl ? await backupServer(await currentUrl(), file) : await backupEmbedded(source, file);
    expect(report.bytes).toBe(fs.statSync(file).size);
    expect(backupKindOf(file)).toBe(serverUrl ? 'postgres' : 'pglite');

    let restored: DbHandle;
    if (serverUrl) {
      const target = await createEmptyServerDatabase();
      await restoreServer(file, target);
      restored = await openDatabase({ url: target });
    } else {
      const dataDir = path.join(tmp, 'restored', 'pglite');
      await restoreEmbedded(file, dataDir);
      restored = await openDatabase({ dataDir });
    }
    try {
      expect(await snapshot(restored.db)).toEqual(before);
      // The restored search index works: the article is found by a word of its body.
      const hits = await rows<{ slug: string }>(restored.db, sql`SELECT a.slug FROM article_chunks c JOIN articles a ON a.id = c.article_id WHERE c.content ILIKE ${'%business days%'}`);
      expect(hits.map((h) => h.slug)).toContain('refund-a-payment');
    } finally {
      await restored.close();
    }
  }, 180_000);

  it('refuses a target that already holds data, a file of the other engine and a file that is no backup', async () => {
    const file = path.join(tmp, serverUrl ? 'again.dump' : 'again.tar.gz');
    if (serverUrl) await backupServer(await currentUrl(), file);
    else await backupEmbedded(source, file);
    if (serverUrl) {
      await expect(restoreServer(file, await currentUrl())).rejects.toThrow(/holds \d+ tables/);
      await expect(restoreEmbedded(file, path.join(tmp, 'never'))).rejects.toThrow(/server backup/);
    } else {
      const full = path.join(tmp, 'full');
      fs.mkdirSync(full);
      fs.writeFileSync(path.join(full, 'keep.txt'), 'mine');
      await expect(restoreEmbedded(file, full)).rejects.toThrow(/not empty/);
      expect(fs.readFileSync(path.join(full, 'keep.txt'), 'utf8')).toBe('mine');
    }
    const junk = path.join(tmp, 'junk.bin');
    fs.writeFileSync(junk, 'hello, not a backup');
    expect(() => backupKindOf(junk)).toThrow(/not a Resolve backup/);
    expect(() => backupKindOf(path.join(tmp, 'missing.tar.gz'))).toThrow(/cannot read/);
  }, 120_000);
});

/** The source database's URL (server runs only). */
async function currentUrl(): Promise<string> {
  const [{ name }] = await rows<{ name: string }>(source.db, sql`SELECT current_database() AS name`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, empty database on the server (no extensions: the archive brings them). */
async function createEmptyServerDatabase(): Promise<string> {
  const scratch = await createScratchServerDatabase(serverUrl!, 'resolve_t_restore');
  drops.push(scratch.drop);
  return scratch.url;
}
