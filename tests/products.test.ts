/**
 * Products (collections): the importer's product info, the collections queries, and product scoping
 * of /api/collections, /api/search and /api/chat (route handlers on the app's shared database).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { listProducts, resolveProduct, topCategoriesByProduct, updateProduct } from '@/db/queries/collections';
import { readDocsFolder } from '@/lib/content/import';
import { productTitle, readProductInfo, titleFromFolder } from '@/lib/content/import/product';
import { importBundle } from '@/lib/content/save';
import type { ImportBundle } from '@/lib/content/types';
import { prepareApp } from '@/lib/startup';
import { resetEnvForTests } from '@/lib/env';
import { createScratchServerDatabase } from '@/db/scratch';
import { createTestDatabase, type TestDb } from './helpers/db';
import { productFormSchema } from '@/app/(admin)/admin/products/schema';

const corpus = (name: string) => path.resolve(__dirname, '../../shared/corpus', name);

describe('product info from a docs folder', () => {
  it('cleans names and derives one from the folder', () => {
    expect(productTitle('BTCPay Server Documentation')).toBe('BTCPay Server');
    expect(productTitle('Spree Commerce documentation')).toBe('Spree Commerce');
    expect(productTitle('Acme Help Center')).toBe('Acme');
    expect(productTitle('Docs')).toBe('Docs');
    expect(titleFromFolder('spree-user-docs')).toBe('Spree');
    expect(titleFromFolder('btcpay-docs')).toBe('Btcpay');
    expect(titleFromFolder('acme_kb')).toBe('Acme');
    expect(titleFromFolder('docs')).toBe('Docs');
  });

  it.each([
    ['polar-docs', 'Polar', /^Payments & Billing/, '#000'],
    ['spree-user-docs', 'Spree Commerce', /^$/, '#0177ff'],
    ['btcpay-docs', 'BTCPay Server', /^Start Accepting Bitcoin Payments/, null],
  ])('%s → %s (docs.json name, VuePress heroText) with its description and colour', async (folder, title, description, color) => {
    const bundle = await readDocsFolder(corpus(folder));
    expect(bundle.product).toMatchObject({ title, color });
    expect(bundle.product?.description).toMatch(description);
  });

  it('reads a VuePress config title, and falls back to the folder name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-product-'));
    try {
      const docs = path.join(dir, 'acme-user-docs');
      fs.mkdirSync(path.join(docs, '.vuepress'), { recursive: true });
      fs.writeFileSync(path.join(docs, 'intro.md'), '# Intro\n\nHello.\n');
      expect(await readProductInfo(docs, ['intro.md'], { contentRoot: '' })).toEqual({ title: 'Acme', description: '', color: null });
      // Imported under a name of the admin's choosing (a zip's inner folder is often just "docs"): that name.
      expect((await readDocsFolder(docs, { collection: 'widgets' })).product?.title).toBe('Widgets');
      fs.writeFileSync(path.join(docs, '.vuepress', 'config.js'), 'module.exports = {\n  title: \'Acme Cloud Docs\',\n  description: "Run \\"Acme\\" anywhere",\n};\n');
      expect(await readProductInfo(docs, ['intro.md'], { contentRoot: '' })).toEqual({ title: 'Acme Cloud', description: 'Run "Acme" anywhere', color: null });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function bundle(collection: string, title: string, articles: { slug: string; title: string; body: string }[]): ImportBundle {
  return {
    collection,
    product: { title, description: `${title} help`, color: '#123456' },
    license: null,
    attribution: null,
    categories: [{ slug: `${collection}-general`, name: 'General', position: 0 }],
    articles: articles.map((a, i) => ({
      sourceId: `${collection}/${a.slug}.md`,
      slug: `${collection}-${a.slug}`,
      title: a.title,
      summary: '',
      body: a.body,
      categorySlug: `${collection}-general`,
      sourceUrl: null,
      position: i,
    })),
    failures: [],
  };
}

describe('collections queries', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase();
    await importBundle(
      t.db,
      bundle('acme-docs', 'Acme', [
        { slug: 'a', title: 'Reset a password', body: 'Open settings and reset it.' },
        { slug: 'b', title: 'Close an account', body: 'Write to us.' },
      ]),
    );
    await importBundle(t.db, bundle('zeta-docs', 'Zeta', [{ slug: 'a', title: 'Install Zeta', body: 'Run the installer.' }]));
  });
  afterAll(async () => t?.close());

  it('lists products with titles, descriptions and published article counts', async () => {
    expect((await listProducts(t.db)).map(({ slug, title, articles, color }) => ({ slug, title, articles, color }))).toEqual([
      { slug: 'acme-docs', title: 'Acme', articles: 2, color: '#123456' },
      { slug: 'zeta-docs', title: 'Zeta', articles: 1, color: '#123456' },
    ]);
    expect(await topCategoriesByProduct(t.db, 3)).toEqual([
      { collection: 'acme-docs', slug: 'acme-docs-general', name: 'General', articles: 2 },
      { collection: 'zeta-docs', slug: 'zeta-docs-general', name: 'General', articles: 1 },
    ]);
  });

  it('matches names case-insensitively by slug or title; an unknown one lists the valid names', async () => {
    expect((await resolveProduct(t.db, 'ACME-Docs')).slug).toBe('acme-docs');
    expect((await resolveProduct(t.db, ' zeta ')).slug).toBe('zeta-docs');
    await expect(resolveProduct(t.db, 'nope')).rejects.toMatchObject({ status: 404, message: expect.stringContaining('Valid names: acme-docs (Acme), zeta-docs (Zeta)') });
  });

  it('an admin edit wins over later imports and reorders the home page', async () => {
    await updateProduct(t.db, { slug: 'zeta-docs', title: 'Zeta Cloud', description: 'Edited', color: null, locale: 'de', position: -1 });
    await importBundle(t.db, bundle('zeta-docs', 'Zeta', [{ slug: 'a', title: 'Install Zeta', body: 'Run the installer, then sign in.' }]));
    const products = await listProducts(t.db);
    expect(products.map((p) => [p.slug, p.title, p.description, p.locale, p.edited])).toEqual([
      ['zeta-docs', 'Zeta Cloud', 'Edited', 'de', true],
      ['acme-docs', 'Acme', 'Acme help', 'en', false],
    ]);
    await expect(updateProduct(t.db, { slug: 'missing', title: 'X', description: '', color: null, position: 0 })).rejects.toMatchObject({ status: 404 });
    // A short name users say: the folder without "-docs", the title's first word.
    await updateProduct(t.db, { slug: 'acme-docs', title: 'Acmepay Platform', description: 'Acme help', color: null, position: 0 });
    expect((await resolveProduct(t.db, 'ACME')).slug).toBe('acme-docs');
    expect((await resolveProduct(t.db, 'acmepay')).slug).toBe('acme-docs');
    expect((await resolveProduct(t.db, 'zeta')).slug).toBe('zeta-docs');
    await expect(resolveProduct(t.db, 'docs')).rejects.toMatchObject({ status: 404 });
  });
});

describe('product scope through the routes', () => {
  let tmp: string;
  let collectionsRoute: typeof import('@/app/api/collections/route');
  let search: typeof import('@/app/api/search/route');
  let chat: typeof import('@/app/api/chat/route');

  let dropServerDb = async () => {};
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-products-'));
    process.env.RESOLVE_DATA_DIR = tmp;
    // On a server, a database of this file's own: the other route tests share DATABASE_URL's, and
    // the product added here would change their answers.
    if (process.env.DATABASE_URL) {
      const scratch = await createScratchServerDatabase(process.env.DATABASE_URL, 'resolve_products');
      process.env.DATABASE_URL = scratch.url;
      dropServerDb = scratch.drop;
    }
    // The settings were read by the tests above (data folder '.data'): read them again, or the
    // routes would open the working copy's own database.
    resetEnvForTests();
    const { db } = await prepareApp();
    await importBundle(
      db,
      bundle('acme-docs', 'Acme', [
        {
          slug: 'refunds',
          title: 'Refund a payment in Acme',
          body: 'To refund a payment in Acme, open **Billing › Payments**, pick the payment and press **Refund**. Acme refunds reach the card in 3 days.',
        },
        { slug: 'install', title: 'Install the Acme agent', body: 'Download the agent and run `acme install`.' },
      ]),
      { keepSample: true },
    );
    collectionsRoute = await import('@/app/api/collections/route');
    search = await import('@/app/api/search/route');
    chat = await import('@/app/api/chat/route');
  });
  afterAll(async () => {
    await closeDb();
    await dropServerDb();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('GET /api/collections lists every product with its article count', async () => {
    const res = await collectionsRoute.GET();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.collections).toEqual(
      expect.arrayContaining([
        { slug: 'acme-docs', title: 'Acme', description: 'Acme help', articles: 2 },
        expect.objectContaining({ slug: 'resolve', title: 'Ledgerly', articles: expect.any(Number) }),
      ]),
    );
    expect(body.collections).toHaveLength(2);
  });

  it('/api/search takes the collection in any case; an unknown one is a 404 naming the valid ones', async () => {
    const scoped = await (await search.GET(new Request('http://localhost/api/search?q=refund%20a%20payment&collection=ACME-DOCS'))).json();
    expect(scoped.results.length).toBeGreaterThan(0);
    expect(scoped.results.every((r: { source: { collection: string } }) => r.source.collection === 'acme-docs')).toBe(true);
    const all = await (await search.GET(new Request('http://localhost/api/search?q=refund%20a%20payment&limit=10'))).json();
    expect(new Set(all.results.map((r: { source: { collection: string } }) => r.source.collection))).toEqual(new Set(['acme-docs', 'resolve']));
    expect((await search.GET(new Request('http://localhost/api/search?q=&collection=nope'))).status).toBe(404);
    const bad = await search.GET(new Request('http://localhost/api/search?q=refund&collection=nope'));
    expect(bad.status).toBe(404);
    expect((await bad.json()).error.message).toMatch(/no collection named “nope”.*Valid names: acme-docs \(Acme\), resolve \(Ledgerly\)/);
  });

  const ask = (text: string, collection?: string) =>
    chat.POST(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `conv-products-${Math.random().toString(36).slice(2)}`,
          messages: [{ id: 'u1', role: 'user', parts: [{ type: 'text', text }] }],
          ...(collection ? { collection } : {}),
        }),
      }),
    );
  const sourceUrls = (stream: string) => [...stream.matchAll(/"type":"source-url"[^}]*"url":"([^"]+)"/g)].map((m) => m[1]);

  it('/api/chat answers from the product it is scoped to (name in any case), and 404s an unknown one', async () => {
    const acme = sourceUrls(await (await ask('How do I refund a payment?', 'Acme-Docs')).text());
    expect(acme.length).toBeGreaterThan(0);
    expect(acme.every((u) => u.startsWith('/articles/acme-docs-'))).toBe(true);
    const sample = sourceUrls(await (await ask('How do I refund a payment?', 'resolve')).text());
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.some((u) => u.startsWith('/articles/acme-docs-'))).toBe(false);
    // A product the question names wins over the page's.
    const named = sourceUrls(await (await ask('How do I refund a payment in Acme?', 'resolve')).text());
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((u) => u.startsWith('/articles/acme-docs-'))).toBe(true);
    const bad = await ask('How do I refund a payment?', 'nope');
    expect(bad.status).toBe(404);
    expect((await bad.json()).error.message).toMatch(/Valid names: acme-docs \(Acme\), resolve \(Ledgerly\)/);
    // A name with a space or an emoji is looked up like any other (a title may have spaces): 404, not 400.
    expect((await ask('How do I refund a payment?', 'Pölar 😀 Docs')).status).toBe(404);
    const byTitle = sourceUrls(await (await ask('How do I refund a payment?', ' LEDGERLY ')).text());
    expect(byTitle.length).toBeGreaterThan(0);
    expect(byTitle.some((u) => u.startsWith('/articles/acme-docs-'))).toBe(false);
  });
});

describe('the admin product form', () => {
  it('accepts a name, a description, a hex colour (lower-cased) or none, and a whole-number order', () => {
    expect(productFormSchema.parse({ slug: 'polar-docs', title: ' Polar ', description: '', color: '#0177FF', locale: 'pt-br', position: '-2' })).toEqual({
      slug: 'polar-docs',
      title: 'Polar',
      description: '',
      color: '#0177ff',
      locale: 'pt-BR',
      position: -2,
    });
    expect(productFormSchema.parse({ slug: 'x', title: 'X', description: 'd', color: '', locale: 'en', position: '0' }).color).toBe('');
  });
  it.each([
    [{ title: '' }, 'title', 'Give the product a name.'],
    [{ title: 'x'.repeat(81) }, 'title', 'At most 80 characters.'],
    [{ color: 'blue' }, 'color', 'A colour like #0177ff, or leave it blank.'],
    [{ color: '#12345' }, 'color', 'A colour like #0177ff, or leave it blank.'],
    [{ position: '1.5' }, 'position', 'A whole number from -999 to 999.'],
    [{ position: '1000' }, 'position', 'A whole number from -999 to 999.'],
    [{ description: 'd'.repeat(201) }, 'description', 'At most 200 characters.'],
    [{ locale: 'not a locale' }, 'locale', 'A language tag like en or pt-BR.'],
    [{ locale: '' }, 'locale', 'A language tag like en or pt-BR.'],
  ])('refuses %j with a message on %s', (patch, field, message) => {
    const r = productFormSchema.safeParse({ slug: 'x', title: 'X', description: '', color: '', locale: 'en', position: '0', ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });
});
