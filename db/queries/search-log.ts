/** Search log for insights (zero-result and top queries). Query text is redacted by the caller. */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { searchQueries } from '../schema';

/** A typing sequence ends after this long without a keystroke search, in ms. */
const SEQUENCE_GAP_MS = 15_000;

/**
 * How long a visitor's latest search waits before it is written, in ms: the searches of one typing
 * burst ("r", "re", "ref", … "refund") become one write of the last one instead of one write per
 * keystroke. A crash loses at most this much of the log (analytics, never content).
 */
export const SEARCH_LOG_FLUSH_MS = 1_000;

type Values = { query: string; resultCount: number; source: string; latencyMs: number };

/**
 * One visitor's typing sequence: its row id once written, the latest search, when it came, and
 * whether that search still waits to be written.
 */
interface Sequence {
  db: Db;
  id: number | null;
  /** When its first search came: the row's `created_at`, as if written at once. */
  startedAt: Date;
  values: Values;
  at: number;
  dirty: boolean;
  /** The write under way (insert or update), so writes of one row never overlap. */
  writing: Promise<void> | null;
}

/**
 * Latest sequence per client, so the searches of one typing sequence end up as one row holding
 * the final query. Best effort and per instance: with several instances a sequence may be logged
 * once per instance it reached, which insights tolerate.
 */
interface LogState {
  byClient: Map<string, Sequence>;
  timer: ReturnType<typeof setTimeout> | null;
}
// On globalThis like the database handle: Next loads this module once per bundle (the search route,
// the insights page), and the page's flush must reach the searches the route queued.
const globalForLog = globalThis as unknown as { __resolveSearchLog?: LogState };
globalForLog.__resolveSearchLog ??= { byClient: new Map(), timer: null };
const state: LogState = globalForLog.__resolveSearchLog;
const byClient = state.byClient;

function continues(prev: string, next: string): boolean {
  const a = prev.toLowerCase();
  const b = next.toLowerCase();
  return b.startsWith(a) || a.startsWith(b);
}

/** Writes a sequence's pending search (insert, or update of its row); failures are logged and swallowed. */
function write(s: Sequence): Promise<void> {
  if (!s.dirty) return s.writing ?? Promise.resolve();
  const after = s.writing ?? Promise.resolve();
  const run = after.then(async () => {
    if (!s.dirty) return;
    s.dirty = false;
    const values = s.values;
    try {
      if (s.id === null) {
        const [row] = await s.db
          .insert(searchQueries)
          .values({ ...values, createdAt: s.startedAt })
          .returning({ id: searchQueries.id });
        s.id = row.id;
      } else {
        await s.db.update(searchQueries).set(values).where(eq(searchQueries.id, s.id));
      }
    } catch (err) {
      console.error('[resolve] search log failed', err);
    }
  });
  const settled: Promise<void> = run.finally(() => {
    if (s.writing === settled) s.writing = null;
  });
  s.writing = settled;
  return run;
}

function schedule(): void {
  if (state.timer) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    void flushSearchLogs();
  }, SEARCH_LOG_FLUSH_MS);
  state.timer.unref?.();
}

/**
 * Writes every pending search now (tests, shutdown) and forgets sequences that ended.
 * @returns when the writes are done; never rejects.
 */
export async function flushSearchLogs(): Promise<void> {
  const now = Date.now();
  const writes: Promise<void>[] = [];
  for (const [client, s] of byClient) {
    writes.push(write(s));
    if (now - s.at >= SEQUENCE_GAP_MS) byClient.delete(client);
  }
  await Promise.all(writes);
  if ([...byClient.values()].some((s) => s.dirty)) schedule();
}

/**
 * Logs one search. With `clientId`, a query that extends or shortens that client's previous one
 * within 15 s continues its sequence: one row, holding the latest query. A visitor's searches are
 * written at most once per SEARCH_LOG_FLUSH_MS (the latest of the burst); without `clientId` the
 * row is written at once. Failures are logged and swallowed (logging never breaks search).
 * @param args.query redacted query text; `resultCount`; `source` ('search', …); `latencyMs` (ms).
 * @returns when the search is queued (with a client) or written (without).
 */
export async function logSearch(db: Db, args: { query: string; resultCount: number; source: string; latencyMs: number; clientId?: string }): Promise<void> {
  const now = Date.now();
  const values = { query: args.query, resultCount: args.resultCount, source: args.source, latencyMs: Math.round(args.latencyMs) };
  if (!args.clientId) {
    await write({ db, id: null, startedAt: new Date(now), values, at: now, dirty: true, writing: null });
    return;
  }
  const prev = byClient.get(args.clientId);
  if (prev && prev.db === db && now - prev.at < SEQUENCE_GAP_MS && continues(prev.values.query, args.query)) {
    prev.values = values;
    prev.at = now;
    prev.dirty = true;
  } else {
    // A new sequence: the previous one's last search is written now, as it ended.
    if (prev) void write(prev);
    if (byClient.size > 10_000) {
      void flushSearchLogs();
      if (byClient.size > 10_000) for (const [client, s] of byClient) if (!s.dirty && !s.writing) byClient.delete(client);
    }
    byClient.set(args.clientId, { db, id: null, startedAt: new Date(now), values, at: now, dirty: true, writing: null });
  }
  schedule();
}
