/**
 * The three real corpora imported into a real database (PGlite, or the server in DATABASE_URL):
 * 0 failures, the article counts, re-import skips unchanged articles and updates a changed one,
 * and no rendered page shows raw MDX components or VuePress containers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { articles } from '@/db/schema';
import { getArticleBySlug } from '@/db/queries/articles';
import { readDocsFolder } from '@/lib/content/import';
import { renderMarkdown } from '@/lib/content/render';
import { importBundle } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { createTestDatabase, type TestDb } from './helpers/db';

const corpusDir = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');
const expected: Record<string, number> = { 'polar-docs': 102, 'spree-user-docs': 106, 'btcpay-docs': 91 };

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
      const target = fs.readdirSync(path.join(copy, 'docs', 'user'), { recursive: true }).map(String).find((f) => f.endsWith('.mdx'))!;
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
