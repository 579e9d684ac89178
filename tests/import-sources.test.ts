/**
 * Import repros of issue 11, each on a real database (tests/helpers/db.ts): the source identity
 * includes the collection; files gone from the source are unpublished (or pruned); files that are
 * not UTF-8 are refused; symlinks are followed inside the folder and reported when they leave it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { articles } from '@/db/schema';
import { readDocsFolder } from '@/lib/content/import';
import { importBundle } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const tmpRoots: string[] = [];
afterAll(() => {
  for (const r of tmpRoots) fs.rmSync(r, { recursive: true, force: true });
});

/** Writes `files` (text or raw bytes) into a fresh folder `<tmp>/<name>` and returns its path. */
function makeFolder(name: string, files: Record<string, string | Buffer>): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-import-src-'));
  tmpRoots.push(base);
  const root = path.join(base, name);
  fs.mkdirSync(root, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

const rowsOf = (collection: string) =>
  t.db
    .select({ id: articles.id, sourceId: articles.sourceId, slug: articles.slug, title: articles.title, body: articles.body, status: articles.status })
    .from(articles)
    .where(eq(articles.collection, collection))
    .orderBy(articles.sourceId);

describe('the source identity includes the collection', () => {
  it('two folders with one base name imported under two collection names stay two sets of articles', async () => {
    const first = makeFolder('docs', { 'refunds.md': '# Refunds at Alpha\n\nAlpha refunds take three days.\n' });
    const second = makeFolder('docs', { 'refunds.md': '# Refunds at Beta\n\nBeta refunds take nine days.\n' });

    const a = await importBundle(t.db, await readDocsFolder(first, { collection: 'alpha' }));
    expect(a).toMatchObject({ imported: 1, updated: 0, failed: [] });
    const b = await importBundle(t.db, await readDocsFolder(second, { collection: 'beta' }));
    expect(b).toMatchObject({ imported: 1, updated: 0, failed: [] });

    const alpha = await rowsOf('alpha');
    const beta = await rowsOf('beta');
    expect(alpha.map((r) => [r.sourceId, r.title, r.status])).toEqual([['docs/refunds.md', 'Refunds at Alpha', 'published']]);
    expect(beta.map((r) => [r.sourceId, r.title, r.status])).toEqual([['docs/refunds.md', 'Refunds at Beta', 'published']]);
    expect(alpha[0].id).not.toBe(beta[0].id);

    // Re-importing each leaves both alone: the existing rows are found by (collection, source id).
    expect(await importBundle(t.db, await readDocsFolder(first, { collection: 'alpha' }))).toMatchObject({ imported: 0, updated: 0, skipped: 1 });
    expect(await importBundle(t.db, await readDocsFolder(second, { collection: 'beta' }))).toMatchObject({ imported: 0, updated: 0, skipped: 1 });
    expect((await rowsOf('alpha'))[0].title).toBe('Refunds at Alpha');
  });
});
