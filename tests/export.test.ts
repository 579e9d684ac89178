/**
 * `npm run export` round trip (issue 11): articles exported as Markdown with front matter and
 * imported back give the same articles, into a fresh database and into the same one (where
 * nothing changes). Real corpora (Mintlify and VuePress) plus articles written in the admin, on
 * real databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocsFolder } from '@/lib/content/import';
import { exportArticles } from '@/lib/content/export';
import { importBundle, saveArticle, setArticleStatus } from '@/lib/content/save';
import { getCollectionForExport, listArticlesForExport, type ExportRow } from '@/db/queries/export';
import { updateProduct } from '@/db/queries/collections';
import { createTestDatabase, type TestDb } from './helpers/db';

const CORPUS = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');

let a: TestDb;
let b: TestDb;
let out: string;
beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-export-'));
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  fs.rmSync(out, { recursive: true, force: true });
});

/** What must survive the round trip (ids and timestamps are the database's own). */
const shape = (r: ExportRow) => ({
  slug: r.slug,
  title: r.title,
  summary: r.summary,
  body: r.body,
  status: r.status,
  collection: r.collection,
  sourceId: r.sourceId ?? `${r.collection}/uncategorized/${r.slug}.md`,
  sourceUrl: r.sourceUrl,
  license: r.license,
  attribution: r.attribution,
  position: r.position,
  category: r.categorySlug ? [r.categorySlug, r.categoryName, r.categoryPosition] : null,
});

describe('export then import', () => {
  it('gives back the same articles, in a fresh database and (unchanged) in the same one', async () => {
    for (const name of ['polar-docs']) {
      expect((await importBundle(a.db, await readDocsFolder(path.join(CORPUS, name)))).failed).toEqual([]);
    }
    const own = await saveArticle(a.db, { title: '🚀 Launch checklist', summary: 'Before you go live.', body: 'Check **everything**.\n\n- one\n- two\n', status: 'published' });
    await saveArticle(a.db, { title: 'Draft: new pricing', body: 'Not ready yet.' });
    const [archived] = await listArticlesForExport(a.db, { collection: 'polar-docs' });
    await setArticleStatus(a.db, { id: archived.id, status: 'archived' });

    // The product as the admin named it (found by a new user's trial: the import renamed it after its folder).
    await updateProduct(a.db, { slug: 'polar-docs', title: 'Polar Payments', description: 'Billing for developers.', color: '#0062ff', position: 1 });

    const report = await exportArticles(a.db, out);
    const before = await listArticlesForExport(a.db);
    expect(report.articles).toBe(before.length);
    // Written without a category while Polar is the only product, the article is Polar's.
    expect(report.collections.map((c) => c.name).sort()).toEqual(['polar-docs']);
    const launch = fs.readFileSync(path.join(out, 'polar-docs', 'uncategorized', `${own.slug}.md`), 'utf8');
    expect(launch).toMatch(
      /^---\nresolve_export: 1\ntitle: 🚀 Launch checklist\ndescription: Before you go live.\nslug: rocket-launch-checklist\ncollection: polar-docs\ncategory: null\nposition: 0\nstatus: published\nsource_url: null\nlicense: null\nattribution: null\nupdated: /,
    );

    for (const c of report.collections) {
      const r = await importBundle(b.db, await readDocsFolder(c.folder));
      expect(r.failed, c.name).toEqual([]);
      expect(r.imported, c.name).toBe(c.articles);
    }
    expect(await getCollectionForExport(b.db, { slug: 'polar-docs' })).toMatchObject({ title: 'Polar Payments', description: 'Billing for developers.', color: '#0062ff' });
    const after = await listArticlesForExport(b.db);
    const key = (x: { collection: string; slug: string }) => `${x.collection}/${x.slug}`;
    expect(after.map(shape).sort((x, y) => key(x).localeCompare(key(y)))).toEqual(before.map(shape).sort((x, y) => key(x).localeCompare(key(y))));

    // Into the database it came from: every article is found unchanged.
    for (const c of report.collections) {
      const r = await importBundle(a.db, await readDocsFolder(c.folder));
      expect(r, c.name).toMatchObject({ imported: 0, updated: 0, skipped: c.articles, failed: [], gone: [] });
    }
  });
});
