/**
 * The search generation (`search_generation_seq`, migration 0019): a counter that every write
 * changing what a search can find moves (chunks, their vectors, an article's status or
 * collection). The result cache keys entries by it and the semantic leg reloads its in-memory
 * vectors when it moves, so both ask for it on every search.
 *
 * Reading it is a round trip to the database: on the Postgres server, with a cached search's answer
 * otherwise made in memory, that read was the request's only query, and the socket writes of
 * node-postgres' queries were 21% of the server process's CPU profile under 16 searching clients
 * (`npm run bench:load`). So each process keeps the value in memory while a LISTEN on
 * `resolve_search_generation` is in effect: the bump trigger notifies that channel (migration
 * 0021), Postgres delivers the notification when the writing transaction commits, and the
 * notification drops the kept value, so the next search reads the new one. The kept value is also
 * re-read after GENERATION_RECHECK_MS, which bounds how stale it can be if a connection fails
 * silently; a subscription that ends falls back to reading on every search and is renewed after
 * RESUBSCRIBE_AFTER_MS.
 *
 * What this changes: on one engine's single connection (the embedded database) a write's
 * notification arrives with its own result, so the next search sees the write as before; a write
 * on another connection or instance of the Postgres server is seen once its notification has
 * arrived (well under a millisecond on one machine) instead of at its commit.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { listenerOf, rows, SEARCH_GENERATION_CHANNEL, type Db } from '@/db/client';

/** A kept value older than this (ms since the read that gave it was sent) is read again. */
const GENERATION_RECHECK_MS = 1000;

/** After a subscription failed or ended, how long (ms) searches read the counter before the next try. */
const RESUBSCRIBE_AFTER_MS = 5000;

interface Watch {
  /** A LISTEN is in effect: every commit that moves the counter from now on is announced. */
  live: boolean;
  /** The value kept while live (null: read it). */
  value: string | null;
  /** performance.now() when the read that gave `value` was sent. */
  readAt: number;
  /** Moves on every notification and subscription change: a read sent before a move is not kept. */
  epoch: number;
  subscribing: boolean;
  /** performance.now() before which no new subscription is tried. */
  retryAt: number;
}

/** Per database; on globalThis so that a dev server's module reload keeps its one subscription. */
const g = globalThis as unknown as { __resolveGenerationWatches?: WeakMap<Db, Watch> };
g.__resolveGenerationWatches ??= new WeakMap<Db, Watch>();
const watches = g.__resolveGenerationWatches;

/** Counters since the process started (tests and benchmarks read them). */
export const searchGenerationStats = { reads: 0, kept: 0, notifications: 0, subscriptionsLost: 0 };

/**
 * The counter read from the database, every time (inside a transaction: as that transaction sees it).
 * @returns its value as a decimal string, or null when there is no counter (before migration 0019).
 */
export async function readGeneration(db: Db): Promise<string | null> {
  try {
    const [r] = await rows<{ last_value: string | number }>(db, sql`select last_value from search_generation_seq`);
    return r ? String(r.last_value) : null;
  } catch {
    return null; // no counter (before migration 0019)
  }
}

function subscribe(db: Db, w: Watch): void {
  const listen = listenerOf(db);
  if (!listen || w.live || w.subscribing || performance.now() < w.retryAt) return;
  w.subscribing = true;
  const drop = () => {
    w.value = null;
    w.epoch++;
  };
  listen(SEARCH_GENERATION_CHANNEL, {
    onNotify: () => {
      searchGenerationStats.notifications++;
      drop();
    },
    onLost: (err) => {
      searchGenerationStats.subscriptionsLost++;
      console.error(`[resolve] search generation notifications lost (${err.message}); reading the counter on every search until they are back`);
      w.live = false;
      w.retryAt = performance.now() + RESUBSCRIBE_AFTER_MS;
      drop();
    },
  })
    .then(() => {
      // Only values read from now on are announced when they change.
      w.live = true;
      drop();
    })
    .catch((err: Error) => {
      if (!/closed/.test(err.message)) console.error(`[resolve] could not listen for search generation changes: ${err.message}`);
      w.retryAt = performance.now() + RESUBSCRIBE_AFTER_MS;
    })
    .finally(() => {
      w.subscribing = false;
    });
}

/**
 * The current search generation.
 * @param db a database opened by `openDatabase` (another drizzle instance is read every time).
 * @returns the counter's value as a decimal string (compare with `generationAtLeast`), or null
 *   when there is no counter (before migration 0019). Without a round trip while the value is
 *   kept (see the file header); otherwise one `select`.
 * @throws nothing: a failed read is null (the callers then search without the cache or copy).
 */
export async function searchGeneration(db: Db): Promise<string | null> {
  let w = watches.get(db);
  if (!w) {
    w = { live: false, value: null, readAt: 0, epoch: 0, subscribing: false, retryAt: 0 };
    watches.set(db, w);
  }
  subscribe(db, w);
  const now = performance.now();
  if (w.live && w.value !== null && now - w.readAt < GENERATION_RECHECK_MS) {
    searchGenerationStats.kept++;
    return w.value;
  }
  const epoch = w.epoch;
  searchGenerationStats.reads++;
  const value = await readGeneration(db);
  if (w.live && w.epoch === epoch && value !== null) {
    w.value = value;
    w.readAt = now;
  }
  return value;
}

/**
 * Whether generation `a` is the same as or later than `b` (the counter only moves forward).
 * @param a, b decimal strings from `searchGeneration`.
 */
export function generationAtLeast(a: string, b: string): boolean {
  return BigInt(a) >= BigInt(b);
}
