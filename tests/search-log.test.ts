/**
 * The search log (db/queries/search-log.ts) on a real database: a visitor's as-you-type searches
 * become one row holding the last query, written once per burst (not once per keystroke); a new
 * query starts a new row and writes the one before at once; searches without a visitor are
 * written at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { flushSearchLogs, logSearch } from '@/db/queries/search-log';
import { searchQueries } from '@/db/schema';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const logged = async () =>
  (await t.db.select({ query: searchQueries.query, resultCount: searchQueries.resultCount }).from(searchQueries).orderBy(asc(searchQueries.id))).map((r) => `${r.query}:${r.resultCount}`);

describe('search log', () => {
  it('collapses a typing burst into one row written after the burst, and starts a new row for a new query', async () => {
    for (const [i, q] of ['r', 're', 'ref', 'refu', 'refund'].entries()) await logSearch(t.db, { query: q, resultCount: 10 - i, source: 'search', latencyMs: 3, clientId: 'visitor-a' });
    // Nothing is written while the burst goes on…
    expect(await logged()).toEqual([]);
    const queued = Date.now();
    await new Promise((r) => setTimeout(r, 30));
    // …then its last search, once, dated when the burst began (a range that ends before the write counts it).
    await flushSearchLogs();
    expect(await logged()).toEqual(['refund:6']);
    const [row] = await t.db.select({ createdAt: searchQueries.createdAt }).from(searchQueries);
    expect(row.createdAt.getTime()).toBeLessThanOrEqual(queued);
    // Backspacing continues the same row.
    await logSearch(t.db, { query: 'refun', resultCount: 7, source: 'search', latencyMs: 3, clientId: 'visitor-a' });
    await flushSearchLogs();
    expect(await logged()).toEqual(['refun:7']);
    // Another query is another row; the one before is final.
    await logSearch(t.db, { query: 'payout', resultCount: 4, source: 'search', latencyMs: 3, clientId: 'visitor-a' });
    await logSearch(t.db, { query: 'payout', resultCount: 4, source: 'search', latencyMs: 3, clientId: 'visitor-b' });
    await flushSearchLogs();
    expect(await logged()).toEqual(['refun:7', 'payout:4', 'payout:4']);
  });

  it('writes a search without a visitor at once, and writes a burst by itself after SEARCH_LOG_FLUSH_MS', async () => {
    await logSearch(t.db, { query: 'api keys', resultCount: 2, source: 'eval', latencyMs: 1 });
    expect((await logged()).at(-1)).toBe('api keys:2');
    await logSearch(t.db, { query: 'webhooks', resultCount: 5, source: 'search', latencyMs: 1, clientId: 'visitor-c' });
    await expect.poll(async () => (await logged()).at(-1), { timeout: 5000, interval: 200 }).toBe('webhooks:5');
  });
});
