/** Search log for insights (zero-result and top queries). Query text is redacted by the caller. */
import type { Db } from '../client';
import { searchQueries } from '../schema';

/** Appends one search to the log; failures are logged and swallowed (logging never breaks search). */
export async function logSearch(db: Db, args: { query: string; resultCount: number; source: string; latencyMs: number }): Promise<void> {
  try {
    await db.insert(searchQueries).values({ ...args, latencyMs: Math.round(args.latencyMs) });
  } catch (err) {
    console.error('[resolve] search log failed', err);
  }
}
