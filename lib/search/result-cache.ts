/**
 * Search result cache. Searching as you type sends the same prefixes over and over ("how", "how
 * do i", "refund"), from one visitor and from many; a search costs ~10 ms of the server's one
 * Node thread, a cached one a map lookup (and a read of the generation counter at most once a second).
 *
 * An entry is keyed by the search's options and the search generation (`search_generation_seq`,
 * bumped by every write that changes what a search can find or what a hit shows: chunks, their
 * vectors, an article's status, collection, slug, title, category, source link or live revision,
 * a category's slug or name; migrations 0019 and 0021), and only kept when that generation was settled when the search began
 * (legs/semantic.ts `settledGeneration`: no writer between its bump and its commit). A write
 * therefore retires every entry at once, on every instance, as soon as its commit's notification
 * has arrived (generation.ts keeps the counter in memory between notifications, so a hit costs no
 * query). Entries also expire after SEARCH_CACHE_TTL_MS, a bound on memory kept for searches
 * nobody repeats, not on staleness.
 */
import 'server-only';
import { LRUCache } from 'lru-cache';
import type { Db } from '@/db/client';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { env } from '@/lib/env';
import { settledGeneration } from './legs/semantic';

/**
 * How long an entry is kept at most, in ms. Until migration 0021 it was 30 s, the staleness bound
 * for category titles no trigger tracked; with every field of a hit tracked it only frees entries
 * nobody repeats. At 30 s, the load benchmark's 16 clients (`npm run bench:load`, after the 1- and
 * 4-client levels) met entries made 30 s before already expired: server 266 req/s, p95 179 ms,
 * against 497 req/s, p95 52 ms at 10 minutes (592 req/s, p95 43 ms with the generation kept in
 * memory too; README, "Page speed and load").
 */
const SEARCH_CACHE_TTL_MS = 10 * 60_000;

interface Entry<T> {
  value: T;
}

const caches = new WeakMap<Db, LRUCache<string, Entry<unknown>>>();

/** Counters since the process started (benchmarks and tests read them). */
export const searchCacheStats = { hits: 0, misses: 0, stored: 0 };

function cacheOf(db: Db): LRUCache<string, Entry<unknown>> | null {
  const max = env().RESOLVE_SEARCH_CACHE_ENTRIES;
  if (max === 0) return null;
  let c = caches.get(db);
  if (!c) {
    c = new LRUCache<string, Entry<unknown>>({ max, ttl: SEARCH_CACHE_TTL_MS });
    caches.set(db, c);
  }
  return c;
}

/**
 * Returns the cached value of a search, or runs it and keeps its value when the generation it
 * started at was settled.
 * @param db the database searched (each has its own cache).
 * @param key the search's options (any JSON-serializable value; same options, same key).
 * @param run the search. Its value must not be mutated by callers: it is shared.
 * @param keep whether a value may be kept (default: always); a degraded search is not.
 * @returns `{ value, hit }`: hit is true when the value came from the cache.
 * @throws what `run` throws (nothing is cached then), and database errors reading the counter.
 */
export async function cachedSearch<T>(db: Db, key: unknown, run: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<{ value: T; hit: boolean }> {
  const cache = cacheOf(db);
  if (!cache) return { value: await run(), hit: false };
  const gen = await settledGeneration(db, (await getEmbeddingModel()).id);
  if (gen === null) {
    searchCacheStats.misses++;
    return { value: await run(), hit: false };
  }
  const k = `${gen}\u0000${JSON.stringify(key)}`;
  const found = cache.get(k) as Entry<T> | undefined;
  if (found) {
    searchCacheStats.hits++;
    return { value: found.value, hit: true };
  }
  searchCacheStats.misses++;
  const value = await run();
  if (keep(value)) {
    cache.set(k, { value });
    searchCacheStats.stored++;
  }
  return { value, hit: false };
}
