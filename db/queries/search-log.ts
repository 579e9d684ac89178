/** Search log for insights (zero-result and top queries). Query text is redacted by the caller. */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { searchQueries } from '../schema';

/** A typing sequence ends after this long without a keystroke search, in ms. */
const SEQUENCE_GAP_MS = 15_000;

/**
 * Last logged row per client, so the searches of one typing sequence ("r", "re", "refund") end
 * up as one row holding the final query. Best effort and per instance: with several instances a
 * sequence may be logged once per instance it reached, which insights tolerate.
 */
const lastByClient = new Map<string, { id: number; query: string; at: number }>();

function continues(prev: string, next: string): boolean {
  const a = prev.toLowerCase();
  const b = next.toLowerCase();
  return b.startsWith(a) || a.startsWith(b);
}

/**
 * Logs one search; when `clientId` is given and the query extends or shortens that client's
 * previous query within 15 s, the previous row is updated instead of a new one inserted.
 * Failures are logged and swallowed (logging never breaks search).
 */
export async function logSearch(db: Db, args: { query: string; resultCount: number; source: string; latencyMs: number; clientId?: string }): Promise<void> {
  try {
    const now = Date.now();
    const prev = args.clientId ? lastByClient.get(args.clientId) : undefined;
    const values = { query: args.query, resultCount: args.resultCount, source: args.source, latencyMs: Math.round(args.latencyMs) };
    if (prev && now - prev.at < SEQUENCE_GAP_MS && continues(prev.query, args.query)) {
      await db.update(searchQueries).set(values).where(eq(searchQueries.id, prev.id));
      lastByClient.set(args.clientId!, { id: prev.id, query: args.query, at: now });
      return;
    }
    const [row] = await db.insert(searchQueries).values(values).returning({ id: searchQueries.id });
    if (args.clientId) {
      if (lastByClient.size > 10_000) lastByClient.clear();
      lastByClient.set(args.clientId, { id: row.id, query: args.query, at: now });
    }
  } catch (err) {
    console.error('[resolve] search log failed', err);
  }
}
