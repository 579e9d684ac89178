/**
 * Import repros of issue 11, each on a real database (tests/helpers/db.ts): the source identity
 * includes the collection; files gone from the source are unpublished (or pruned); files that are
 * not UTF-8 are refused; symlinks are followed inside the folder and reported when they leave it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
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

describe('files gone from the source', () => {
  it('a re-import lists them and unpublishes their articles: search (and so the assistant) no longer finds them', async () => {
    const root = makeFolder('gone-docs', {
      'payouts.md': '# Payouts\n\nPayouts arrive every Monday.\n',
      'legacy/quokka.md': '# Quokka billing\n\nThe quokkafrobnicate plan bills yearly.\n',
      'broken.mdx': '# Broken\n\nFine the first time.\n',
    });
    expect(await importBundle(t.db, await readDocsFolder(root))).toMatchObject({ imported: 3, failed: [], gone: [] });
    const before = await searchArticles(t.db, { query: 'quokkafrobnicate' });
    expect(before.results.map((r) => r.source.sourceId)).toEqual(['gone-docs/legacy/quokka.md']);

    fs.rmSync(path.join(root, 'legacy'), { recursive: true });
    // A file that fails to convert this time is still in the source: it is reported, not unpublished.
    fs.writeFileSync(path.join(root, 'broken.mdx'), '# Broken\n\n<Note>\nunclosed\n');
    const again = await importBundle(t.db, await readDocsFolder(root));
    expect(again.failed.map((f) => f.sourceId)).toEqual(['gone-docs/broken.mdx']);
    expect(again.gone).toEqual([{ sourceId: 'gone-docs/legacy/quokka.md', slug: 'gone-docs-legacy-quokka', title: 'Quokka billing', action: 'unpublished' }]);

    const rows = await rowsOf('gone-docs');
    expect(rows.map((r) => [r.sourceId, r.status])).toEqual([
      ['gone-docs/broken.mdx', 'published'],
      ['gone-docs/legacy/quokka.md', 'draft'],
      ['gone-docs/payouts.md', 'published'],
    ]);
    const after = await searchArticles(t.db, { query: 'quokkafrobnicate' });
    expect(after.results).toEqual([]);
    expect((await searchArticles(t.db, { query: 'payouts monday', collection: 'gone-docs' })).results[0]?.source.sourceId).toBe('gone-docs/payouts.md');

    // Once unpublished, a later re-import has nothing more to say about it.
    expect((await importBundle(t.db, await readDocsFolder(root))).gone).toEqual([]);
  });

  it('with prune, the orphans are deleted and listed', async () => {
    const root = makeFolder('prune-docs', {
      'keep.md': '# Keep me\n\nStill here.\n',
      'drop.md': '# Drop me\n\nThe wombatquizzical feature.\n',
    });
    await importBundle(t.db, await readDocsFolder(root));
    fs.rmSync(path.join(root, 'drop.md'));
    const report = await importBundle(t.db, await readDocsFolder(root), { prune: true });
    expect(report.gone).toEqual([{ sourceId: 'prune-docs/drop.md', slug: 'prune-docs-drop', title: 'Drop me', action: 'deleted' }]);
    expect((await rowsOf('prune-docs')).map((r) => r.sourceId)).toEqual(['prune-docs/keep.md']);
    expect((await searchArticles(t.db, { query: 'wombatquizzical' })).results).toEqual([]);
  });
});

describe('files that are not UTF-8', () => {
  it('are refused with a reason instead of being imported with U+FFFD; a UTF-8 BOM is fine', async () => {
    const root = makeFolder('enc-docs', {
      'cafe.md': Buffer.from('# Café\n\nLe café est prêt à être servi.\n', 'latin1'),
      'bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# Über uns\n\nWir sind ein kleines Team.\n', 'utf8')]),
      'wide.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# Wide\n\nText.\n', 'utf16le')]),
      'plain.md': '# Plain\n\nNaïve café, written in UTF-8.\n',
    });
    const bundle = await readDocsFolder(root);
    expect(bundle.failures).toEqual([
      { sourceId: 'enc-docs/cafe.md', reason: expect.stringMatching(/^not UTF-8 \(looks like Latin-1\/Windows-1252\?\): first bad byte 0xE9 on line 1; save it as UTF-8/) },
      { sourceId: 'enc-docs/wide.md', reason: expect.stringMatching(/^not UTF-8 \(UTF-16 text\)/) },
    ]);
    const report = await importBundle(t.db, bundle);
    expect(report.imported).toBe(2);
    expect(report.failed.map((f) => f.sourceId)).toEqual(['enc-docs/cafe.md', 'enc-docs/wide.md']);
    const rows = await rowsOf('enc-docs');
    expect(rows.map((r) => [r.sourceId, r.title])).toEqual([
      ['enc-docs/bom.md', 'Über uns'],
      ['enc-docs/plain.md', 'Plain'],
    ]);
    for (const r of rows) {
      expect(r.body).not.toContain('\uFFFD');
      expect(r.body).not.toContain('\uFEFF');
    }
    expect(rows[1].body).toContain('Naïve café');
  });
});

describe('symbolic links inside the folder', () => {
  it('are followed inside the folder with a loop guard; links leaving it, broken ones and loops are listed as skipped', async () => {
    const root = makeFolder('link-docs', {
      'guide.md': '# Guide\n\nThe guide text.\n',
      'sub/deep.md': '# Deep page\n\nThe narwhalstatic deep text.\n',
    });
    const outside = makeFolder('elsewhere', { 'secret.md': '# Secret\n\nNot part of the docs.\n', 'more/other.md': '# Other\n\nNope.\n' });
    fs.symlinkSync('guide.md', path.join(root, 'alias.md'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'leak.md'));
    fs.symlinkSync(path.join(outside, 'more'), path.join(root, 'more'));
    fs.symlinkSync('missing.md', path.join(root, 'dangling.md'));
    fs.symlinkSync('..', path.join(root, 'sub', 'up'));
    fs.symlinkSync('sub', path.join(root, 'sub-again'));

    const bundle = await readDocsFolder(root);
    expect(bundle.articles.map((a) => a.sourceId).sort()).toEqual(['link-docs/alias.md', 'link-docs/guide.md', 'link-docs/sub/deep.md']);
    expect(bundle.skipped).toEqual([
      { sourceId: 'link-docs/dangling.md', reason: 'broken symbolic link (its target does not exist)' },
      { sourceId: 'link-docs/leak.md', reason: 'symbolic link to a path outside the folder, not followed' },
      { sourceId: 'link-docs/more', reason: 'symbolic link to a path outside the folder, not followed' },
      { sourceId: 'link-docs/sub-again', reason: 'symbolic link to a folder already read (sub), not read twice' },
      { sourceId: 'link-docs/sub/up', reason: 'symbolic link to a folder already read (the folder itself), not read twice' },
    ]);
    expect(bundle.failures).toEqual([]);
    const report = await importBundle(t.db, bundle);
    expect(report).toMatchObject({ imported: 3, failed: [] });
    const alias = (await rowsOf('link-docs')).find((r) => r.sourceId === 'link-docs/alias.md');
    expect(alias?.title).toBe('Guide');
  });
});
