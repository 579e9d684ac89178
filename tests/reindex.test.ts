/**
 * `npm run reindex` (found missing by a new user's trial: re-embedding after a model change only
 * happened at start-up): every chunk gets a fresh vector of the active model, with progress;
 * `--missing` only fills the gaps. On a real database of either engine, and the CLI itself on an
 * embedded data folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@/db/client';
import { embedTexts } from '@/lib/ai/embeddings';
import { saveArticle } from '@/lib/content/save';
import { embedMissingChunks, reembedAllChunks } from '@/lib/search/reembed';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
let tmp: string;
beforeAll(async () => {
  t = await createTestDatabase();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-reindex-'));
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const vectors = (model: string) => rows<{ chunk_id: number; embedding: string }>(t.db, sql`select chunk_id, embedding::text from chunk_embeddings where model = ${model} order by chunk_id`);

describe('re-embedding every chunk with the active model', () => {
  it('replaces stale vectors and fills missing ones, reporting progress', async () => {
    for (let i = 0; i < 3; i++) {
      await saveArticle(t.db, { title: `Payout schedule ${i}`, body: `## Weekly\n\nPayouts arrive weekly ${i}.\n\n## Monthly\n\nOr monthly.`, status: 'published' });
    }
    const { model } = await embedTexts([]);
    const good = await vectors(model);
    const [{ n: chunks }] = await rows<{ n: number }>(t.db, sql`select count(*)::int as n from article_chunks`);
    expect(good.length).toBe(chunks);
    // A stale vector (as an older version of the model wrote it) and a missing one.
    await t.db.execute(sql`update chunk_embeddings set embedding = (select array_fill(0.5::real, array[dims])::vector) where chunk_id = ${good[0].chunk_id} and model = ${model}`);
    await t.db.execute(sql`delete from chunk_embeddings where chunk_id = ${good[1].chunk_id} and model = ${model}`);

    const seen: [number, number][] = [];
    const r = await reembedAllChunks(t.db, { batch: 2, onProgress: (done, total) => seen.push([done, total]) });
    expect(r).toMatchObject({ model, chunks, embedded: chunks, otherModelVectors: 0 });
    expect(seen[0]).toEqual([0, chunks]);
    expect(seen.at(-1)).toEqual([chunks, chunks]);
    expect(seen.length).toBe(1 + Math.ceil(chunks / 2));
    expect(await vectors(model)).toEqual(good);

    await t.db.execute(sql`delete from chunk_embeddings where chunk_id = ${good[2].chunk_id} and model = ${model}`);
    expect(await embedMissingChunks(t.db)).toBe(1);
    expect(await vectors(model)).toEqual(good);
  });

  it.skipIf(!!process.env.DATABASE_URL)(
    'npm run reindex prints progress and the counts',
    () => {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/reindex.ts', ...args], {
          encoding: 'utf8',
          env: { ...process.env, RESOLVE_DATA_DIR: path.join(tmp, 'data'), RESOLVE_SEED: '0' },
          timeout: 120_000,
        });
      const docs = path.join(tmp, 'tiny-docs');
      fs.mkdirSync(docs, { recursive: true });
      fs.writeFileSync(path.join(docs, 'a.md'), '# Alpha\n\nAlpha text.\n\n## More\n\nMore alpha.\n');
      fs.writeFileSync(path.join(docs, 'b.md'), '# Beta\n\nBeta text.\n');
      const imported = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/import.ts', docs, '--keep-sample'], {
        encoding: 'utf8',
        env: { ...process.env, RESOLVE_DATA_DIR: path.join(tmp, 'data'), RESOLVE_SEED: '0' },
        timeout: 120_000,
      });
      expect(imported.status, imported.stderr).toBe(0);
      expect(run('--batch', '0').status).toBe(2);
      const res = run('--batch', '1');
      expect(res.status, res.stderr).toBe(0);
      const total = Number(/^embedding 0\/(\d+) chunks \(0%\)$/m.exec(res.stdout)?.[1]);
      expect(total).toBeGreaterThanOrEqual(2);
      expect(res.stdout).toContain(`embedding ${total}/${total} chunks (100%)`);
      expect(res.stdout).toMatch(new RegExp(`^re-embedded: ${total} of ${total} chunks$`, 'm'));
      const missing = run('--missing');
      expect(missing.stdout).toMatch(/Every chunk already has a vector of the active model/);
    },
    180_000,
  );
});
