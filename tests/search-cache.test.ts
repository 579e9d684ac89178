/**
 * The search result cache (lib/search/result-cache.ts), on both engines: a repeated search is
 * answered from it with the same hits, and every write that changes what a search finds is seen by
 * the next search — also a write that was in flight on another connection while a search ran. The
 * generation the entries are keyed by is kept in memory between the bump trigger's notifications
 * (lib/search/generation.ts): a hit makes no query, and a write of another process is seen once its
 * notification arrives, or on every search while the subscription is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rows, SEARCH_GENERATION_CHANNEL } from '@/db/client';
import { importBundle, setArticleStatus } from '@/lib/content/save';
import { searchArticles } from '@/lib/search/hybrid';
import { searchCacheStats } from '@/lib/search/result-cache';
import { searchGenerationStats } from '@/lib/search/generation';
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

  it('a hit makes no query: the generation is kept between notifications', async () => {
    const q = 'payouts to the bank account';
    await searchArticles(t.db, { query: q });
    await searchArticles(t.db, { query: q });
    const reads = searchGenerationStats.reads;
    const kept = searchGenerationStats.kept;
    const hits = searchCacheStats.hits;
    for (let i = 0; i < 5; i++) await searchArticles(t.db, { query: q });
    expect(searchCacheStats.hits).toBe(hits + 5);
    // At most one re-read (GENERATION_RECHECK_MS may pass between two searches on a slow machine).
    expect(searchGenerationStats.reads - reads).toBeLessThanOrEqual(1);
    expect(searchGenerationStats.kept - kept).toBeGreaterThanOrEqual(4);
    // A write through the same database is announced before the write's promise resolves.
    const notes = searchGenerationStats.notifications;
    await rows(t.db, sql`update articles set status = 'published' where slug = 'payouts'`);
    expect(searchGenerationStats.notifications).toBeGreaterThan(notes);
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

  it('a renamed article or category is shown by the next search, not the cached name', async () => {
    const q = 'money back to the card';
    const hit = async () => (await searchArticles(t.db, { query: q })).results.find((r) => r.slug === 'refunds');
    const hits = searchCacheStats.hits;
    for (let i = 0; i < 3; i++) expect((await hit())?.title).toBe('Refunds');
    // The last of them came from the cache: the rename below must retire that entry.
    expect(searchCacheStats.hits).toBeGreaterThan(hits);
    await rows(t.db, sql`update articles set title = 'Refunds and returns' where slug = 'refunds'`);
    expect((await hit())?.title).toBe('Refunds and returns');
    const category = (await hit())?.category;
    expect(category).not.toBeNull();
    await rows(t.db, sql`update categories set name = 'Money back' where slug = ${category!.slug}`);
    expect((await hit())?.category?.name).toBe('Money back');
    await rows(t.db, sql`update articles set title = 'Refunds' where slug = 'refunds'`);
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

  it('another process’s commit is seen once its notification arrives; without the subscription every search reads the counter', async () => {
    if (t.kind === 'pglite') {
      // One process holds the embedded database: every write is announced with its own result (above).
      const [fn] = await rows<{ src: string }>(t.db, sql`select prosrc as src from pg_proc where proname = 'bump_search_generation'`);
      expect(fn.src).toContain(`pg_notify('${SEARCH_GENERATION_CHANNEL}'`);
      return;
    }
    const q = 'open the order and refund';
    for (let i = 0; i < 3; i++) expect(await slugs(q)).toContain('refunds');
    // Another process: a connection outside this handle's pool.
    const url = (t.db as unknown as { $client: { options: { connectionString: string } } }).$client.options.connectionString;
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    const until = async (ok: () => Promise<boolean>) => {
      const deadline = Date.now() + 10_000;
      while (!(await ok())) {
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 20));
      }
      return true;
    };
    try {
      await other.query("update articles set status = 'draft' where slug = 'refunds'");
      expect(await until(async () => !(await slugs(q)).includes('refunds'))).toBe(true);
      // The subscription's connection is ended by the server: searches read the counter again.
      const lost = searchGenerationStats.subscriptionsLost;
      await other.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query = 'LISTEN ${SEARCH_GENERATION_CHANNEL}'`);
      expect(await until(async () => searchGenerationStats.subscriptionsLost > lost)).toBe(true);
      const reads = searchGenerationStats.reads;
      const kept = searchGenerationStats.kept;
      await slugs(q);
      await slugs(q);
      expect(searchGenerationStats.kept).toBe(kept);
      expect(searchGenerationStats.reads - reads).toBeGreaterThanOrEqual(2);
      // ...and a commit elsewhere is seen by the very next search.
      await other.query("update articles set status = 'published' where slug = 'refunds'");
      expect(await slugs(q)).toContain('refunds');
      // The subscription comes back (RESUBSCRIBE_AFTER_MS) and hits stop reading.
      expect(
        await until(async () => {
          const before = searchGenerationStats.reads;
          await slugs(q);
          await slugs(q);
          return searchGenerationStats.reads - before === 0;
        }),
      ).toBe(true);
    } finally {
      await other.end();
    }
  }, 30_000);
});
