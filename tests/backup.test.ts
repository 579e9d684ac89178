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
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import pg from 'pg';
import { backupEmbedded, backupKindOf, backupServer, restoreEmbedded, restoreServer, verifyEmbeddedBackup } from '@/db/backup';
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
    articles: await rows(
      db,
      sql`SELECT a.id, a.slug, a.title, a.body, a.status, count(c.id)::int AS chunks
      FROM articles a LEFT JOIN article_chunks c ON c.article_id = a.id GROUP BY a.id ORDER BY a.id`,
    ),
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

// Found by a new user's trial: a backup replaced an existing file silently, and a restore of a
// gzip that was not ours (or a cut one) failed late with a PGlite error, leaving a folder behind.
describe(`backup and restore refusals (${serverUrl ? 'postgres' : 'pglite'})`, () => {
  const backup = (file: string, overwrite?: boolean) => (serverUrl ? currentUrl().then((u) => backupServer(u, file, { overwrite })) : backupEmbedded(source, file, { overwrite }));

  it('never replaces an existing backup file unless asked to (library and CLI)', async () => {
    const file = path.join(tmp, serverUrl ? 'exists.dump' : 'exists.tar.gz');
    fs.writeFileSync(file, 'an older backup');
    await expect(backup(file)).rejects.toThrow(/already exists.*--force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('an older backup');
    await backup(file, true);
    expect(backupKindOf(file)).toBe(serverUrl ? 'postgres' : 'pglite');

    const cli = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/db-backup.ts', '--out', file], {
      encoding: 'utf8',
      env: { ...process.env, RESOLVE_DATA_DIR: path.join(tmp, 'cli-data') },
      timeout: 60_000,
    });
    expect(cli.status, cli.stderr).toBe(1);
    expect(cli.stderr).toMatch(/already exists; choose another --out file, or pass --force/);
    expect(backupKindOf(file)).toBe(serverUrl ? 'postgres' : 'pglite');
  }, 120_000);

  it('refuses a gzip that is not one of ours, or a truncated backup, naming why and writing nothing', async () => {
    const good = path.join(tmp, 'whole.tar.gz');
    if (serverUrl) {
      // A real embedded backup of a throwaway embedded database, to cut in half.
      const embedded = await openDatabase({ dataDir: path.join(tmp, 'embedded-src', 'pglite') });
      try {
        await backupEmbedded(embedded, good);
      } finally {
        await embedded.close();
      }
    } else {
      await backupEmbedded(source, good);
    }
    expect(verifyEmbeddedBackup(good).entries).toBeGreaterThan(10);
    const whole = fs.readFileSync(good);
    const cut = path.join(tmp, 'cut.tar.gz');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const notOurs = path.join(tmp, 'notes.gz');
    fs.writeFileSync(notOurs, zlib.gzipSync(Buffer.from('just some notes, gzipped\n'.repeat(100))));
    const otherTar = path.join(tmp, 'other.tar.gz');
    const header = Buffer.alloc(512);
    header.write('readme.txt', 0);
    header.write('0000644\0', 100);
    header.write('00000000005\0', 124);
    header.write('ustar\0', 257);
    fs.writeFileSync(otherTar, zlib.gzipSync(Buffer.concat([header, Buffer.from('hello'.padEnd(512, '\0')), Buffer.alloc(1024)])));

    for (const [file, why] of [
      [cut, /truncated/],
      [notOurs, /not a Resolve backup \(no tar archive inside/],
      [otherTar, /not a Resolve backup \(no PG_VERSION inside/],
    ] as const) {
      const fresh = path.join(tmp, `target-${path.basename(file)}`, 'pglite');
      await expect(restoreEmbedded(file, fresh), file).rejects.toThrow(why);
      expect(fs.existsSync(fresh), file).toBe(false);
      const empty = path.join(tmp, `empty-${path.basename(file)}`);
      fs.mkdirSync(empty);
      await expect(restoreEmbedded(file, empty)).rejects.toThrow(why);
      expect(fs.readdirSync(empty)).toEqual([]);
      const cli = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/db-restore.ts', file, '--data-dir', fresh], {
        encoding: 'utf8',
        env: { ...process.env, RESOLVE_DATA_DIR: path.join(tmp, 'cli-data') },
        timeout: 60_000,
      });
      expect(cli.status, cli.stderr).toBe(1);
      expect(cli.stderr).toMatch(why);
      expect(fs.existsSync(fresh)).toBe(false);
    }
  }, 180_000);

  it.runIf(serverUrl)(
    'a truncated server backup fails as a whole and leaves the target database empty',
    async () => {
      const file = path.join(tmp, 'full.dump');
      await backupServer(await currentUrl(), file, { overwrite: true });
      const whole = fs.readFileSync(file);
      const cut = path.join(tmp, 'cut.dump');
      fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
      const target = await createEmptyServerDatabase();
      await expect(restoreServer(cut, target)).rejects.toThrow(/pg_restore failed/);
      // Looked at without openDatabase, which would migrate it.
      const check = new pg.Client({ connectionString: target });
      await check.connect();
      try {
        const { rows: found } = await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
        expect(found[0].n).toBe(0);
      } finally {
        await check.end();
      }
    },
    180_000,
  );
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
