/**
 * Ranking holes found in trials, each pinned by the ranked results it must give: on the bundled
 * sample content (a fictional payments company) and on two real corpora (Polar and Spree docs from
 * ../shared/corpus, imported once into a scratch database: PGlite, or the server in DATABASE_URL).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocsFolder } from '@/lib/content/import';
import { seedIfEmpty } from '@/lib/content/sample';
import { importBundle } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { createTestDatabase, type TestDb } from './helpers/db';

const corpusDir = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');

const slugs = (res: { results: { slug: string }[] }) => res.results.map((r) => r.slug);
const sources = (res: { results: { source: { sourceId: string | null } }[] }) => res.results.map((r) => r.source.sourceId);

let sample: TestDb;
let corpora: TestDb;
beforeAll(async () => {
  sample = await createTestDatabase();
  await seedIfEmpty(sample.db);
  corpora = await createTestDatabase();
  for (const name of ['polar-docs', 'spree-user-docs']) {
    const report = await importBundle(corpora.db, await readDocsFolder(path.join(corpusDir, name)));
    expect(report.failed).toEqual([]);
  }
});
afterAll(async () => {
  await sample?.close();
  await corpora?.close();
});

describe('a typo inside a longer query ranks by the corrected words', () => {
  it('sample: "how do i refnud an order" ranks refund articles first, as "how do i refund an order" does', async () => {
    const typo = await searchArticles(sample.db, { query: 'how do i refnud an order', limit: 5 });
    const fixed = await searchArticles(sample.db, { query: 'how do i refund an order', limit: 5 });
    expect(typo.didYouMean).toBe('how do i refund an order');
    expect(slugs(typo)[0]).toBe(slugs(fixed)[0]);
    for (const r of typo.results.slice(0, 2)) expect(r.title).toMatch(/refund/i);
    expect(slugs(typo).slice(0, 3)).not.toContain('dispute-evidence');
  });

  it('sample, while typing: the palette gets "did you mean" and the same first result', async () => {
    const typing = await searchArticles(sample.db, { query: 'how do i refnud an order', prefix: true, limit: 5 });
    expect(typing.didYouMean).toBe('how do i refund an order');
    expect(typing.results[0]?.title).toMatch(/refund/i);
    const lastWord = await searchArticles(sample.db, { query: 'how do i refnud', prefix: true, limit: 5 });
    expect(lastWord.didYouMean).toBe('how do i refund');
    expect(lastWord.results[0]?.title).toMatch(/refund/i);
  });

  it('Spree: "how do i refnud an order" → Refunding Orders first, not Creating Orders', async () => {
    const res = await searchArticles(corpora.db, { query: 'how do i refnud an order', collection: 'spree-user-docs', limit: 5 });
    expect(res.didYouMean).toBe('how do i refund an order');
    expect(sources(res)[0]).toBe('spree-user-docs/docs/user/orders/refunding-orders.mdx');
  });

  it('sample: "subscripton cancel" → the subscription article (which says how to cancel one) first, not "Cancel a refund"', async () => {
    const res = await searchArticles(sample.db, { query: 'subscripton cancel', limit: 5 });
    expect(res.didYouMean).toBe('subscription cancel');
    expect(slugs(res)[0]).toBe('subscription-billing');
  });

  it('a word only a title or summary uses is known, not "corrected" to a word of the texts', async () => {
    // "notifications" stands in a summary; the texts say "notification" (one edit away).
    const res = await searchArticles(sample.db, { query: 'notifications', limit: 3 });
    expect(res.didYouMean).toBeNull();
    expect(res.results.length).toBeGreaterThan(0);
  });
});
