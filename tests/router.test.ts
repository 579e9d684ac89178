import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '@/lib/content/save';
import type { ImportBundle } from '@/lib/content/types';
import { searchArticles } from '@/lib/search/hybrid';
import { applyProductRouting, retrievalMass, routeProducts, routeWithStats } from '@/lib/search/router';
import { getTermStats, type TermStats } from '@/lib/search/term-stats';
import { createTestDatabase, type TestDb } from './helpers/db';

/** Two products of 10 chunks: "wallet" only in btc, "subscription" only in saas, "refund" in both. */
const stats: TermStats = {
  df: (c, s) => (({ btc: { wallet: 6, refund: 2 }, saas: { subscript: 5, refund: 4 } }) as Record<string, Record<string, number>>)[c]?.[s] ?? 0,
  n: () => 10,
  collections: () => ['btc', 'saas'],
};

describe('product router (naive Bayes over chunk document frequencies)', () => {
  it('routes by the words each product uses, and is uniform when no word is known', () => {
    // Background rate of "wallet" (6 + 0 + 1) / (20 + 2) = 7/22; with 2 chunks of prior weight
    // P(wallet|btc) = (6 + 2·7/22) / 12, P(wallet|saas) = (0 + 2·7/22) / 12; posterior ∝ P².
    const wallet = routeWithStats('my wallet is empty', stats, ['btc', 'saas']);
    expect(wallet[0].collection).toBe('btc');
    const bg = (2 * 7) / 22;
    const odds = ((6 + bg) / bg) ** 2;
    expect(wallet[0].probability).toBeCloseTo(odds / (odds + 1), 6);
    expect(routeWithStats('cancel a subscription', stats, ['btc', 'saas'])[0].collection).toBe('saas');
    expect(routeWithStats('banana', stats, ['btc', 'saas']).map((x) => x.probability)).toEqual([0.5, 0.5]);
    expect(routeWithStats('wallet', stats, [])).toEqual([]);
  });

  it('a product of a few chunks does not win words it lacks (Laplace alone gave it 1/3 for any word)', () => {
    // "big" has 3,000 chunks, 300 of them about payouts; "tiny" has 2 chunks, none about payouts.
    const mixed: TermStats = {
      df: (c, s) => (({ big: { payout: 300, bank: 200 }, tiny: { widget: 2 } }) as Record<string, Record<string, number>>)[c]?.[s] ?? 0,
      n: (c) => (c === 'big' ? 3000 : 2),
      collections: () => ['big', 'tiny'],
    };
    const r = routeWithStats('how do payouts to my bank work', mixed, ['big', 'tiny']);
    expect(r[0].collection).toBe('big');
    expect(r[0].probability).toBeGreaterThan(0.7);
    // With where the results fall, "tiny" is far behind (not offered as a choice, which needs half
    // the first's odds).
    const routed = routeProducts(
      'how do payouts to my bank work',
      [
        { score: 0.2, collection: 'big' },
        { score: 0.1, collection: 'big' },
      ],
      mixed,
      ['big', 'tiny'],
    );
    expect(routed[0].collection).toBe('big');
    expect(routed[1].probability).toBeLessThan(0.5 * routed[0].probability);
    // Its own word still routes to it.
    expect(routeWithStats('widget', mixed, ['big', 'tiny'])[0].collection).toBe('tiny');
  });

  it('retrieval mass: each product’s share of the top-10 fused score', () => {
    const mass = retrievalMass(
      [
        { score: 0.3, collection: 'btc' },
        { score: 0.1, collection: 'saas' },
      ],
      ['btc', 'saas'],
    );
    expect(mass.map((x) => [x.collection, +x.probability.toFixed(4)])).toEqual([
      ['btc', +(0.31 / 0.42).toFixed(4)],
      ['saas', +(0.11 / 0.42).toFixed(4)],
    ]);
  });

  it('a product at chance keeps its scores; a likely one gains, an unlikely one loses, and the list is re-sorted', () => {
    const items = [
      { id: 'a', score: 1.0, collection: 'saas' },
      { id: 'b', score: 0.9, collection: 'btc' },
    ];
    const even = applyProductRouting(
      items,
      [
        { collection: 'btc', probability: 0.5 },
        { collection: 'saas', probability: 0.5 },
      ],
      0.5,
    );
    expect(even.map((x) => [x.id, x.score])).toEqual([
      ['a', 1],
      ['b', 0.9],
    ]);
    const btc = applyProductRouting(
      items,
      [
        { collection: 'btc', probability: 0.9 },
        { collection: 'saas', probability: 0.1 },
      ],
      0.5,
    );
    // btc: 0.9 × (1 + 0.5 × (2·0.9 − 1)) = 1.26; saas: 1.0 × (1 + 0.5 × (2·0.1 − 1)) = 0.6.
    expect(btc.map((x) => [x.id, +x.score.toFixed(3)])).toEqual([
      ['b', 1.26],
      ['a', 0.6],
    ]);
    expect(routeProducts('wallet', items, stats, ['btc'])).toEqual([]);
  });
});

function bundle(collection: string, articles: [string, string, string][]): ImportBundle {
  return {
    collection,
    license: null,
    attribution: null,
    categories: [{ slug: `${collection}-all`, name: 'All', position: 0 }],
    articles: articles.map(([slug, title, body], i) => ({
      sourceId: `${collection}/${slug}.md`,
      slug: `${collection}-${slug}`,
      title,
      summary: '',
      body,
      categorySlug: `${collection}-all`,
      sourceUrl: null,
      position: i,
    })),
    failures: [],
  };
}

describe('all-products search re-ranks by the router', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase();
    await importBundle(
      t.db,
      bundle('coinpay', [
        ['refunds', 'Refunds', 'Refund an invoice from the invoice page. The refund is sent to the wallet the customer gives.'],
        ['wallet', 'Connect a wallet', 'Connect a hardware wallet to receive bitcoin. The wallet keeps the keys; the wallet never leaves your desk.'],
        ['lightning', 'Lightning channels', 'Open a lightning channel with inbound capacity so the wallet can receive payments.'],
      ]),
    );
    await importBundle(
      t.db,
      bundle('subly', [
        ['refunds', 'Refund an order', 'Refund an order from the order page. Refunds of a subscription order end the subscription.'],
        ['plans', 'Subscription plans', 'A subscription plan bills every month. Cancel a subscription at any time from the customer portal.'],
        ['portal', 'Customer portal', 'The customer portal lets each subscriber manage the subscription and download invoices.'],
      ]),
    );
  });
  afterAll(async () => t?.close());

  it('a question in one product’s words ranks that product’s article first; route: false keeps the pooled order', async () => {
    const stats = await getTermStats(t.db);
    expect(stats.collections()).toEqual(['coinpay', 'subly']);
    // "customer" is subly's word (its portal and plans); pooled alone, coinpay's refund article leads.
    const plain = await searchArticles(t.db, { query: 'refund my customer', limit: 3, route: false });
    expect(plain.results.map((r) => r.slug)).toEqual(['coinpay-refunds', 'subly-refunds', 'subly-portal']);
    expect(plain.timings.route).toBeUndefined();
    const routed = await searchArticles(t.db, { query: 'refund my customer', limit: 3 });
    expect(routed.results.map((r) => r.slug)).toEqual(['subly-refunds', 'coinpay-refunds', 'subly-portal']);
    expect(routed.timings.route).toBeGreaterThanOrEqual(0);
    // Scoped searches never route.
    const scoped = await searchArticles(t.db, { query: 'refund', limit: 5, collection: 'subly' });
    expect(scoped.timings.route).toBeUndefined();
    expect(scoped.results.every((r) => r.source.collection === 'subly')).toBe(true);
  });
});
