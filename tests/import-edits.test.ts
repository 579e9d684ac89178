/**
 * Re-import against edits made since the last import (found by a new user's trial): an article
 * changed in the admin or through the content API since the import last wrote it is kept and
 * listed as "changed since last import" (CLI, admin upload), `force` overwrites it, and both texts
 * stay in the history. `previewImport` (`npm run import -- --dry-run`) shows what an import would
 * do, files gone from the source included, writing nothing. On a real database of either engine.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { articleRevisions, articles } from '@/db/schema';
import { readDocsFolder } from '@/lib/content/import';
import { importUploadedZip } from '@/lib/content/import-upload';
import { importBundle, previewImport, saveArticle, setArticleStatus } from '@/lib/content/save';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
let base: string;
beforeAll(async () => {
  t = await createTestDatabase();
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-import-edits-'));
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(base, { recursive: true, force: true });
});

function writeFolder(name: string, files: Record<string, string>): string {
  const root = path.join(base, name);
  fs.rmSync(root, { recursive: true, force: true });
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const bySource = async (collection: string, sourceId: string) => {
  const [row] = await t.db
    .select()
    .from(articles)
    .where(and(eq(articles.collection, collection), eq(articles.sourceId, sourceId)));
  return row;
};
const history = async (id: number) =>
  await t.db
    .select({ version: articleRevisions.version, body: articleRevisions.body, author: articleRevisions.author })
    .from(articleRevisions)
    .where(eq(articleRevisions.articleId, id))
    .orderBy(asc(articleRevisions.version));

describe('re-import and edits made since the last import', () => {
  it('keeps an article edited since the import, lists it, and overwrites it only with force', async () => {
    const v1 = { 'refunds.md': '# Refunds\n\nRefunds take three days.\n', 'payouts.md': '# Payouts\n\nPayouts arrive on Mondays.\n' };
    const root = writeFolder('edits-docs', v1);
    expect(await importBundle(t.db, await readDocsFolder(root))).toMatchObject({ imported: 2, changedSinceImport: [] });
    const refunds = await bySource('edits-docs', 'edits-docs/refunds.md');
    // Someone edits it in the admin (the API goes through the same save).
    await saveArticle(t.db, { id: refunds.id, expectedVersion: refunds.version, title: 'Refunds', body: 'Refunds take three days. Call us for faster ones.', author: 'editor@example.com' });

    // The source changes both files.
    writeFolder('edits-docs', { 'refunds.md': '# Refunds\n\nRefunds take two days.\n', 'payouts.md': '# Payouts\n\nPayouts arrive on Fridays.\n' });
    const preview = await previewImport(t.db, await readDocsFolder(root));
    expect(preview).toMatchObject({ imported: [], updated: ['edits-docs/payouts.md'], skipped: 0, gone: [] });
    expect(preview.changedSinceImport.map((c) => [c.sourceId, c.version, c.importedVersion])).toEqual([['edits-docs/refunds.md', 2, 1]]);

    const report = await importBundle(t.db, await readDocsFolder(root));
    expect(report).toMatchObject({ imported: 0, updated: 1, skipped: 0, failed: [] });
    expect(report.changedSinceImport).toEqual([{ sourceId: 'edits-docs/refunds.md', slug: refunds.slug, title: 'Refunds', version: 2, importedVersion: 1 }]);
    expect((await bySource('edits-docs', 'edits-docs/refunds.md')).body).toBe('Refunds take three days. Call us for faster ones.');
    expect((await bySource('edits-docs', 'edits-docs/payouts.md')).body).toContain('Fridays');

    // Again: still kept (the import has not written it since), still listed.
    expect((await importBundle(t.db, await readDocsFolder(root))).changedSinceImport.map((c) => c.sourceId)).toEqual(['edits-docs/refunds.md']);

    const forced = await importBundle(t.db, await readDocsFolder(root), { force: true });
    expect(forced).toMatchObject({ updated: 1, changedSinceImport: [] });
    expect((await bySource('edits-docs', 'edits-docs/refunds.md')).body.trimEnd()).toBe('Refunds take two days.');
    // Both texts are in the history: the import's first, the edit, the forced import.
    expect((await history(refunds.id)).map((h) => [h.version, h.author, h.body.trimEnd()])).toEqual([
      [1, 'import', 'Refunds take three days.'],
      [2, 'editor@example.com', 'Refunds take three days. Call us for faster ones.'],
      [3, 'import', 'Refunds take two days.'],
    ]);
    // From then on the import owns it again: an unchanged re-import skips it, a change updates it.
    expect(await importBundle(t.db, await readDocsFolder(root))).toMatchObject({ skipped: 2, updated: 0, changedSinceImport: [] });
  });

  it('an edit that was reverted to the imported text, or a file that did not change, is no conflict', async () => {
    const root = writeFolder('revert-docs', { 'a.md': '# Alpha\n\nFirst text.\n' });
    await importBundle(t.db, await readDocsFolder(root));
    const a = await bySource('revert-docs', 'revert-docs/a.md');
    const edited = await saveArticle(t.db, { id: a.id, title: 'Alpha', summary: a.summary, categoryId: a.categoryId, body: 'Edited.' });
    await saveArticle(t.db, { id: a.id, expectedVersion: edited.version, title: a.title, summary: a.summary, categoryId: a.categoryId, body: a.body });
    writeFolder('revert-docs', { 'a.md': '# Alpha\n\nSecond text.\n' });
    expect(await importBundle(t.db, await readDocsFolder(root))).toMatchObject({ updated: 1, changedSinceImport: [] });
  });

  it('an article unpublished by hand is kept; one republished by hand is no conflict', async () => {
    const root = writeFolder('status-docs', { 'a.md': '# A\n\nOne.\n', 'b.md': '# B\n\nOne.\n' });
    await importBundle(t.db, await readDocsFolder(root));
    const a = await bySource('status-docs', 'status-docs/a.md');
    const b = await bySource('status-docs', 'status-docs/b.md');
    await setArticleStatus(t.db, { id: a.id, status: 'draft' });
    await setArticleStatus(t.db, { id: b.id, status: 'draft' });
    await setArticleStatus(t.db, { id: b.id, status: 'published' });
    writeFolder('status-docs', { 'a.md': '# A\n\nTwo.\n', 'b.md': '# B\n\nTwo.\n' });
    const r = await importBundle(t.db, await readDocsFolder(root));
    expect(r.changedSinceImport.map((c) => c.sourceId)).toEqual(['status-docs/a.md']);
    expect(r.updated).toBe(1);
    expect((await bySource('status-docs', 'status-docs/a.md')).status).toBe('draft');
  });

  it('the admin upload lists them and its force box overwrites them', async () => {
    const zip = (body: string) => zipSync({ 'upload-docs/guide.md': strToU8(`# Guide\n\n${body}\n`) });
    await importUploadedZip(t.db, { zip: zip('One.'), fileName: 'u.zip', collection: '', prune: false });
    const g = await bySource('upload-docs', 'upload-docs/guide.md');
    await saveArticle(t.db, { id: g.id, title: 'Guide', body: 'Mine.' });
    const kept = await importUploadedZip(t.db, { zip: zip('Two.'), fileName: 'u.zip', collection: '', prune: false });
    expect(kept).toMatchObject({ updated: 0, forced: false });
    expect(kept.changedSinceImport.map((c) => c.sourceId)).toEqual(['upload-docs/guide.md']);
    expect((await bySource('upload-docs', 'upload-docs/guide.md')).body).toBe('Mine.');
    const forced = await importUploadedZip(t.db, { zip: zip('Two.'), fileName: 'u.zip', collection: '', prune: false, force: true });
    expect(forced).toMatchObject({ updated: 1, forced: true, changedSinceImport: [] });
    expect((await bySource('upload-docs', 'upload-docs/guide.md')).body.trimEnd()).toBe('Two.');
  });
});

describe('dry run', () => {
  it('previews new, updated, unchanged and gone articles (unpublished, or deleted with prune) and writes nothing', async () => {
    const root = writeFolder('preview-docs', { 'keep.md': '# Keep\n\nSame.\n', 'change.md': '# Change\n\nOld.\n', 'old.md': '# Old\n\nGoing away.\n' });
    await importBundle(t.db, await readDocsFolder(root));
    writeFolder('preview-docs', { 'keep.md': '# Keep\n\nSame.\n', 'change.md': '# Change\n\nNew.\n', 'new.md': '# New\n\nHello.\n' });
    const before = await t.db.select().from(articles).where(eq(articles.collection, 'preview-docs')).orderBy(asc(articles.id));
    const bundle = await readDocsFolder(root);
    const preview = await previewImport(t.db, bundle);
    expect(preview).toMatchObject({ collection: 'preview-docs', imported: ['preview-docs/new.md'], updated: ['preview-docs/change.md'], skipped: 1, changedSinceImport: [] });
    expect(preview.gone.map((g) => [g.sourceId, g.action])).toEqual([['preview-docs/old.md', 'unpublished']]);
    expect((await previewImport(t.db, bundle, { prune: true })).gone.map((g) => [g.sourceId, g.action])).toEqual([['preview-docs/old.md', 'deleted']]);
    expect(await t.db.select().from(articles).where(eq(articles.collection, 'preview-docs')).orderBy(asc(articles.id))).toEqual(before);
    // And the import does what the preview said.
    const report = await importBundle(t.db, bundle);
    expect([report.imported, report.updated, report.skipped, report.gone.map((g) => g.sourceId)]).toEqual([1, 1, 1, ['preview-docs/old.md']]);
  });
});

describe('npm run import -- --dry-run', () => {
  // The CLI on its own embedded data folder (with DATABASE_URL it would use that server's database).
  it.skipIf(!!process.env.DATABASE_URL)(
    'prints what would happen, gone files included, and writes nothing',
    () => {
      const root = writeFolder('cli-docs', { 'one.md': '# One\n\nFirst.\n', 'two.md': '# Two\n\nSecond.\n' });
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'scripts/import.ts', root, ...args], {
          encoding: 'utf8',
          env: { ...process.env, RESOLVE_DATA_DIR: path.join(base, 'cli-data'), RESOLVE_SEED: '0' },
          timeout: 120_000,
        });
      const dry = run('--dry-run');
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toMatch(/Dry run: nothing written/);
      expect(dry.stdout).toMatch(/would import \(new\): 2/);
      expect(run('--keep-sample').status).toBe(0);
      writeFolder('cli-docs', { 'one.md': '# One\n\nFirst, changed.\n' });
      const again = run('--dry-run', '--prune');
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/would import \(new\): 0/);
      expect(again.stdout).toMatch(/would update: 1\n {2}\* cli-docs\/one\.md/);
      expect(again.stdout).toMatch(/gone from the source, would be deleted \(--prune\): 1\n {2}- cli-docs\/two\.md/);
      // Nothing was written: the same preview again.
      expect(run('--dry-run', '--prune').stdout).toMatch(/gone from the source, would be deleted \(--prune\): 1/);
    },
    240_000,
  );
});

describe('re-import of a folder whose other folders were removed', () => {
  it('keeps the articles of the folder that is left in its category (they moved to "General"); a "docs" wrapper names none', async () => {
    const v1 = { 'billing/refunds.md': '# Refunds\n\nHow refunds work.\n', 'billing/invoices.md': '# Invoices\n\nHow invoices work.\n', 'start/welcome.md': '# Welcome\n\nHello.\n' };
    const root = writeFolder('onefolder', v1);
    expect((await importBundle(t.db, await readDocsFolder(root))).imported).toBe(3);
    const category = async (file: string) => (await bySource('onefolder', `onefolder/${file}`)).categoryId;
    const billing = await category('billing/refunds.md');
    writeFolder('onefolder', { 'billing/refunds.md': v1['billing/refunds.md'], 'billing/invoices.md': v1['billing/invoices.md'] });
    const again = await importBundle(t.db, await readDocsFolder(root));
    expect(again).toMatchObject({ imported: 0, updated: 0, skipped: 2 });
    expect(again.gone.map((g) => g.sourceId)).toEqual(['onefolder/start/welcome.md']);
    expect([await category('billing/refunds.md'), await category('billing/invoices.md')]).toEqual([billing, billing]);
    // Files that all sit in "docs/" are uncategorised, as before.
    const wrapped = writeFolder('wrapped', { 'docs/a.md': '# Alpha\n\nText.\n', 'docs/b.md': '# Beta\n\nText.\n' });
    expect((await readDocsFolder(wrapped)).categories.map((c) => c.name)).toEqual(['General']);
  });
});
