/**
 * The search result cache (lib/search/result-cache.ts), on both engines: a repeated search is
 * answered from it with the same hits, and every write that changes what a search finds is seen by
 * the next search — also a write that was in flight on another connection while a search ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@/db/client';
import { importBundle, setArticleStatus } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { searchCacheStats } from '@/lib/search/result-cache';
import { oneCategoryBundle } from './helpers/bundle';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;

const bundle = oneCategoryBundle;

beforeAll(async () => {
  t = await createTestDatabase();
  await importBundle(
    t.db,
    bundle('shop-docs', [
      { slug: 'refunds', title: 'Refunds', body: '## Refund an order\n\nOpen the order and choose Refund. The money goes back to the card in 5 to 10 business days.' },
      { slug: 'payouts', title: 'Payouts', body: '## Bank transfers\n\nPayouts are sent to your bank account every week once the balance is above the minimum.' },
    ]),
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const slugs = async (query: string, opts: { prefix?: boolean; collection?: string } = {}) => (await searchArticles(t.db, { query, ...opts })).results.map((r) => r.slug);

describe('search result cache', () => {
  it('answers a repeated search from the cache with the same hits; other options are other entries', async () => {
    // The first search after a write loads the vectors' copy (the generation is settled only then);
    // the second is kept; the third is a hit.
    await searchArticles(t.db, { query: 'bank transfer payouts' });
    const first = await searchArticles(t.db, { query: 'bank transfer payouts' });
    expect(first.results.map((r) => r.slug)[0]).toBe('payouts');
    const hits = searchCacheStats.hits;
    const again = await searchArticles(t.db, { query: 'bank transfer payouts' });
    expect(searchCacheStats.hits).toBe(hits + 1);
    expect(again.results).toEqual(first.results);
    expect(again.didYouMean).toBe(first.didYouMean);
    expect(again.timings.cache).toBe(1);
    // A prefix search, another limit or another collection is its own search.
    await searchArticles(t.db, { query: 'bank transfer payouts', prefix: true });
    await searchArticles(t.db, { query: 'bank transfer payouts', limit: 1 });
    expect(await slugs('bank transfer payouts', { collection: 'no-such-docs' })).toEqual([]);
    expect(searchCacheStats.hits).toBe(hits + 1);
  });

  it('an unpublished, republished or newly imported article is seen by the next search', async () => {
    const q = 'weekly bank payouts';
    for (let i = 0; i < 3; i++) expect(await slugs(q)).toContain('payouts'); // the last from the cache
    const [payouts] = await rows<{ id: number }>(t.db, sql`select id from articles where slug = 'payouts'`);
    await setArticleStatus(t.db, { id: Number(payouts.id), status: 'draft' });
    expect(await slugs(q)).not.toContain('payouts');
    await setArticleStatus(t.db, { id: Number(payouts.id), status: 'published' });
    expect(await slugs(q)).toContain('payouts');
    expect(await slugs('gift wrapping')).not.toContain('gift-wrap');
    expect(await slugs('gift wrapping')).not.toContain('gift-wrap');
    await importBundle(t.db, bundle('shop-docs-2', [{ slug: 'gift-wrap', title: 'Gift wrapping', body: '## Wrapping an order\n\nTick gift wrapping at checkout and the parcel ships wrapped.' }]));
    expect((await slugs('gift wrapping'))[0]).toBe('gift-wrap');
  });

  it('a search during another connection’s uncommitted write is not kept past its commit', async () => {
    const q = 'refund the card';
    if (t.kind === 'pglite') {
      // One connection: no write can be in flight during a search; the bump is the writers' lock.
      const [fn] = await rows<{ src: string }>(t.db, sql`select prosrc as src from pg_proc where proname = 'bump_search_generation'`);
      expect(fn.src).toContain('pg_advisory_xact_lock_shared(7340019)');
      return;
    }
    for (let i = 0; i < 3; i++) expect(await slugs(q)).toContain('refunds'); // cached from the second on
    const pool = (t.db as unknown as { $client: { connect(): Promise<{ query(q: string): Promise<unknown>; release(): void }> } }).$client;
    const writer = await pool.connect();
    try {
      await writer.query('begin');
      await writer.query("update articles set status = 'draft' where slug = 'refunds'"); // bumps the generation, not yet committed
      expect(await slugs(q)).toContain('refunds');
      expect(await slugs(q)).toContain('refunds');
      await writer.query('commit');
    } finally {
      writer.release();
    }
    expect(await slugs(q)).not.toContain('refunds');
    await rows(t.db, sql`update articles set status = 'published' where slug = 'refunds'`);
    expect(await slugs(q)).toContain('refunds');
  });
});
