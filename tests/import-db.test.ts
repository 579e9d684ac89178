/**
 * The three real corpora imported into a real database (PGlite, or the server in DATABASE_URL):
 * 0 failures, the article counts, re-import skips unchanged articles and updates a changed one,
 * and no rendered page shows raw MDX components or VuePress containers. Then, in a database seeded
 * with the sample content: importing real content archives the untouched sample articles.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProducts } from '@/db/queries/collections';
import { and, count, eq, isNull } from 'drizzle-orm';
import { articleRevisions, articles } from '@/db/schema';
import { getArticleBySlug, listAllCategories, listCategories } from '@/db/queries/articles';
import { readSampleContent, seedIfEmpty } from '@/lib/content/sample';
import { readDocsFolder } from '@/lib/content/import';
import { renderMarkdown } from '@/lib/content/render';
import { importBundle, saveArticle, untouchedSampleIsLive } from '@/lib/content/save';
import { SAMPLE_COLLECTION, type ImportBundle } from '@/lib/content/types';
import { searchArticles } from '@/lib/search/hybrid';
import { createTestDatabase, type TestDb } from './helpers/db';

const corpusDir = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');
const expected: Record<string, number> = { 'polar-docs': 101, 'spree-user-docs': 106, 'btcpay-docs': 91 };

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('importing the real corpora', () => {
  it.each(Object.entries(expected))('%s imports with 0 failures and %i articles', async (name, n) => {
    const report = await importBundle(t.db, await readDocsFolder(path.join(corpusDir, name)));
    expect(report.failed).toEqual([]);
    expect(report.imported).toBe(n);
    const [{ c }] = await t.db.select({ c: count() }).from(articles).where(eq(articles.collection, name));
    expect(c).toBe(n);
  });

  it('re-importing leaves unchanged articles alone and updates a changed one', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-reimport-'));
    const copy = path.join(tmp, 'spree-user-docs');
    fs.cpSync(path.join(corpusDir, 'spree-user-docs'), copy, { recursive: true });
    try {
      const again = await importBundle(t.db, await readDocsFolder(copy));
      expect(again).toMatchObject({ imported: 0, updated: 0, skipped: expected['spree-user-docs'], failed: [] });
      const target = fs
        .readdirSync(path.join(copy, 'docs', 'user'), { recursive: true })
        .map(String)
        .find((f) => f.endsWith('.mdx'))!;
      fs.appendFileSync(path.join(copy, 'docs', 'user', target), '\n\nA sentence about zanzibarian gift wrapping.\n');
      const changed = await importBundle(t.db, await readDocsFolder(copy));
      expect(changed).toMatchObject({ imported: 0, updated: 1, skipped: expected['spree-user-docs'] - 1 });
      const hit = await searchArticles(t.db, { query: 'zanzibarian' });
      expect(hit.results[0]?.source.sourceId).toBe(`spree-user-docs/docs/user/${target}`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('no imported article page shows raw MDX component tags or ::: containers', async () => {
    const all = await t.db.select({ slug: articles.slug, body: articles.body }).from(articles);
    expect(all.length).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    for (const a of all) {
      const { html } = renderMarkdown(a.body);
      const text = html.replace(/<pre[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');
      expect(text, a.slug).not.toMatch(/&#x3C;[A-Z][A-Za-z]*[\s/>]|<[A-Z][A-Za-z]*[\s/>]/);
      expect(text, a.slug).not.toMatch(/^:::|<p>:::/m);
      expect(text, a.slug).not.toContain('[[toc]]');
    }
  });

  it.each([
    ['typo', 'how do i refnud an order', 'polar-docs', 'polar-docs/docs/features/refunds.mdx'],
    ['typo', 'payuot schedule', 'polar-docs', 'polar-docs/docs/features/finance/payouts.mdx'],
    ['hyphen', 'multi-currency pricing', 'spree-user-docs', 'spree-user-docs/docs/user/how-to/multi-currency-pricing.mdx'],
    ['no hyphen', 'multi currency pricing', 'spree-user-docs', 'spree-user-docs/docs/user/how-to/multi-currency-pricing.mdx'],
    ['stop words around', 'how do i do a refund of the order', 'polar-docs', 'polar-docs/docs/features/refunds.mdx'],
  ])('real content, %s: %j finds its article in the top 5', async (_kind, query, collection, sourceId) => {
    const res = await searchArticles(t.db, { query, collection, limit: 5 });
    expect(res.results.map((r) => r.source.sourceId)).toContain(sourceId);
  });

  it('real content: a query of stop words alone lists nothing and says so', async () => {
    const res = await searchArticles(t.db, { query: 'how do i do it' });
    expect(res.results).toEqual([]);
    expect(res.keywordEmpty).toBe(true);
  });

  it('keeps source id, source URL, license and attribution', async () => {
    const refunds = await getArticleBySlug(t.db, { slug: 'polar-docs-features-refunds' });
    expect(refunds).toMatchObject({
      sourceId: 'polar-docs/docs/features/refunds.mdx',
      sourceUrl: 'https://polar.sh/docs/features/refunds',
      license: expect.stringMatching(/Apache/),
      attribution: expect.stringMatching(/Polar/),
    });
  });
});

describe('real content replaces the sample content', () => {
  let s: TestDb;
  beforeAll(async () => {
    s = await createTestDatabase();
  });
  afterAll(async () => {
    await s?.close();
  });

  const acme: ImportBundle = {
    collection: 'acme-docs',
    license: 'MIT',
    attribution: 'Acme docs',
    categories: [{ slug: 'acme-docs-billing', name: 'Billing', position: 0 }],
    articles: [
      {
        sourceId: 'acme-docs/refunds.md',
        slug: 'acme-docs-refunds',
        title: 'Refund an Acme order',
        summary: '',
        body: 'Open the order, click **Refund** and confirm. Refunds reach the card in 5–10 days.',
        categorySlug: 'acme-docs-billing',
        sourceUrl: null,
        position: 0,
      },
    ],
    failures: [],
  };
  const published = (collection: string) =>
    s.db
      .select({ id: articles.id, slug: articles.slug })
      .from(articles)
      .where(and(eq(articles.collection, collection), eq(articles.status, 'published')));

  it('the sample bundle and the seed share one collection name', () => {
    expect(readSampleContent().collection).toBe(SAMPLE_COLLECTION);
  });

  it('archives untouched sample articles; edited ones and ones written in the admin stay published; search and the home page drop the rest', async () => {
    const seeded = await seedIfEmpty(s.db);
    expect(seeded?.imported).toBeGreaterThan(20);
    expect(seeded?.sampleArchived).toBe(0);
    const sample = await published(SAMPLE_COLLECTION);
    expect(sample.length).toBe(seeded!.imported);

    // An edited sample article (version 2) and an article written in the admin (collection resolve, no source id).
    const edited = (await getArticleBySlug(s.db, { slug: 'reset-your-password' }))!;
    await saveArticle(s.db, { id: edited.id, title: edited.title, summary: edited.summary, body: `${edited.body}\n\nEdited by our team.`, categoryId: edited.categoryId });
    const own = await saveArticle(s.db, { title: 'Our opening hours', body: 'We answer tickets on weekdays.', status: 'published' });
    expect(own.version).toBe(1);

    expect(await untouchedSampleIsLive(s.db)).toBe(true);
    const report = await importBundle(s.db, acme);
    expect(report).toMatchObject({ imported: 1, failed: [], sampleArchived: sample.length - 1 });
    // Only the team's own and edited articles are left in the sample's product: nothing more to archive.
    expect(await untouchedSampleIsLive(s.db)).toBe(false);

    const stillPublished = (await published(SAMPLE_COLLECTION)).map((a) => a.slug).sort();
    expect(stillPublished).toEqual(['reset-your-password', own.slug].sort());
    // Each archived article has a revision saying so (history shows who archived it and when).
    const [{ n }] = await s.db
      .select({ n: count() })
      .from(articleRevisions)
      .where(and(eq(articleRevisions.status, 'archived'), eq(articleRevisions.author, 'import')));
    expect(n).toBe(sample.length - 1);

    const archivedSlugs = new Set(sample.map((a) => a.slug).filter((slug) => slug !== 'reset-your-password'));
    for (const query of ['refund a payment', 'Ledgerly payouts', 'api keys', 'two-factor authentication', 'declined payment']) {
      const res = await searchArticles(s.db, { query });
      expect(
        res.results.filter((r) => archivedSlugs.has(r.slug)),
        query,
      ).toEqual([]);
    }
    const password = await searchArticles(s.db, { query: 'reset your password' });
    expect(password.results.map((r) => r.slug)).toContain('reset-your-password');

    // The home page lists only categories that still have a published article.
    const cats = await listCategories(s.db);
    expect(cats.filter((c) => c.collection === SAMPLE_COLLECTION).map((c) => c.slug)).toEqual(['account-and-security']);
    expect(cats.map((c) => c.slug)).toContain('acme-docs-billing');
  });

  it('a re-import that writes nothing, the sample bundle itself and keepSample archive nothing', async () => {
    // Republish one archived sample article, as the content team would in the admin (version > 1 now).
    const [pick] = await s.db
      .select()
      .from(articles)
      .where(and(eq(articles.collection, SAMPLE_COLLECTION), eq(articles.status, 'archived')))
      .limit(1);
    await saveArticle(s.db, { id: pick.id, title: pick.title, summary: pick.summary, body: pick.body, categoryId: pick.categoryId, status: 'published' });

    expect(await importBundle(s.db, acme)).toMatchObject({ imported: 0, updated: 0, sampleArchived: 0 });
    const changed = { ...acme, articles: [{ ...acme.articles[0], body: `${acme.articles[0].body} Partial refunds too.` }] };
    expect(await importBundle(s.db, changed)).toMatchObject({ updated: 1, sampleArchived: 0 });
    expect((await getArticleBySlug(s.db, { slug: pick.slug }))?.status).toBe('published');
    const sampleBundle = readSampleContent();
    sampleBundle.articles[0] = { ...sampleBundle.articles[0], body: `${sampleBundle.articles[0].body}\n\nA new paragraph.` };
    const again = await importBundle(s.db, sampleBundle);
    expect(again.updated).toBeGreaterThan(0);
    expect(again.sampleArchived).toBe(0);

    // keepSample leaves a freshly seeded sample alone.
    const k = await createTestDatabase();
    try {
      await seedIfEmpty(k.db);
      const kept = await importBundle(k.db, acme, { keepSample: true });
      expect(kept).toMatchObject({ imported: 1, sampleArchived: 0 });
      const [{ n }] = await k.db
        .select({ n: count() })
        .from(articles)
        .where(and(eq(articles.collection, SAMPLE_COLLECTION), eq(articles.status, 'archived')));
      expect(n).toBe(0);
      // Sample articles are seeded with source ids; admin-written ones have none.
      const [{ orphans }] = await k.db
        .select({ orphans: count() })
        .from(articles)
        .where(and(eq(articles.collection, SAMPLE_COLLECTION), isNull(articles.sourceId)));
      expect(orphans).toBe(0);
    } finally {
      await k.close();
    }
  });
});

describe('an article saved without a category, once real content is in', () => {
  let s: TestDb;
  beforeAll(async () => {
    s = await createTestDatabase();
  });
  afterAll(async () => {
    await s?.close();
  });
  const bundle = (collection: string): ImportBundle => ({
    collection,
    license: null,
    attribution: null,
    categories: [{ slug: `${collection}-general`, name: 'General', position: 0 }],
    articles: [
      { sourceId: `${collection}/a.md`, slug: `${collection}-a`, title: `About ${collection}`, summary: '', body: 'Some text.', categorySlug: `${collection}-general`, sourceUrl: null, position: 0 },
    ],
    failures: [],
  });

  it('joins the only product, and with several goes to a neutral General product, never the sample product', async () => {
    await seedIfEmpty(s.db);
    await importBundle(s.db, bundle('acme-docs'));
    const one = await saveArticle(s.db, { title: 'Our opening hours', body: 'We answer tickets on weekdays.', status: 'published' });
    const [row] = await s.db.select({ collection: articles.collection }).from(articles).where(eq(articles.id, one.id));
    expect(row.collection).toBe('acme-docs');
    expect((await listProducts(s.db)).map((p) => p.slug)).toEqual(['acme-docs']);

    // With several products it belongs to none of them: the neutral "General" product, never the sample's name.
    await importBundle(s.db, bundle('beta-docs'));
    await saveArticle(s.db, { title: 'Holiday hours', body: 'Closed on the 25th.', status: 'published' });
    const listed = await listProducts(s.db);
    expect(listed.map((p) => [p.slug, p.title]).sort()).toEqual([
      ['acme-docs', 'Acme'],
      ['beta-docs', 'Beta'],
      [SAMPLE_COLLECTION, 'General'],
    ]);
    expect(listed.find((p) => p.slug === SAMPLE_COLLECTION)?.description).not.toMatch(/sample|fictional/i);
  });
});

describe('images of an imported folder', () => {
  it('importBundle copies them into the media store before publishing the article that shows them', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-import-media-'));
    try {
      const root = path.join(base, 'pics');
      fs.mkdirSync(path.join(root, 'shots'), { recursive: true });
      fs.writeFileSync(path.join(root, 'setup.md'), '# Set up payouts\n\n![The payouts page](shots/payouts.png)\n\nThen confirm.\n');
      fs.copyFileSync(path.join(process.cwd(), 'tests/fixtures/pixel.png'), path.join(root, 'shots/payouts.png'));
      const dataDir = path.join(base, 'data');
      const report = await importBundle(t.db, await readDocsFolder(root), { dataDir });
      expect(report).toMatchObject({ imported: 1, failed: [], mediaCopied: 1 });
      expect(fs.existsSync(path.join(dataDir, 'media/pics/shots/payouts.png'))).toBe(true);
      const article = await getArticleBySlug(t.db, { slug: 'pics-setup' });
      expect(article?.body).toContain('![The payouts page](/media/pics/shots/payouts.png)');
      // The alt text is a caption, not indexed text: the chunk holds the steps only.
      const hits = await searchArticles(t.db, { query: 'payouts page', collection: 'pics' });
      expect(hits.results[0]?.snippet ?? '').not.toContain('The payouts page');
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("the editor's category picker once real content replaced the sample", () => {
  it('offers no category of the archived sample (but the edited article keeps its own), grouped under product titles', async () => {
    const e = await createTestDatabase();
    try {
      await seedIfEmpty(e.db);
      const before = await listAllCategories(e.db);
      expect(before.some((c) => c.collection === SAMPLE_COLLECTION)).toBe(true);
      await importBundle(e.db, {
        collection: 'acme-docs',
        license: null,
        attribution: null,
        categories: [{ slug: 'acme-docs-billing', name: 'Billing', position: 0 }],
        articles: [
          {
            sourceId: 'acme-docs/a.md',
            slug: 'acme-a',
            title: 'Refund an Acme order',
            summary: '',
            body: 'Open the order and click Refund.',
            categorySlug: 'acme-docs-billing',
            sourceUrl: null,
            position: 0,
          },
        ],
        failures: [],
      });
      const after = await listAllCategories(e.db);
      expect(after.map((c) => c.collection)).toEqual(['acme-docs']);
      const [product] = await listProducts(e.db);
      expect(after[0].collectionTitle).toBe(product.title);
      const sampleCategory = before.find((c) => c.collection === SAMPLE_COLLECTION)!;
      const kept = await listAllCategories(e.db, { keep: sampleCategory.id });
      expect(kept.map((c) => c.id).sort()).toEqual([after[0].id, sampleCategory.id].sort());
    } finally {
      await e.close();
    }
  });
});
