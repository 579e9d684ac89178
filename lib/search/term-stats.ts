/**
 * Per-collection document frequencies of word stems (words.ts `stem`), for the
 * answerability model's idf-weighted features: a question whose rarest words ("paypal",
 * "quickbooks") stand in no retrieved passage is likely one the help center does not answer.
 * Built from the published chunks on first use and rebuilt when the published content changes
 * (checked by a one-row query); a derived cache, so each server instance keeps its own.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { listPublishedChunkTexts, publishedContentVersion } from '@/db/queries/collections';
import { contentWords, stem } from './words';

export interface TermStats {
  /** Chunks of the collection containing the stem (0 when none). */
  df(collection: string, stem: string): number;
  /** Chunks in the collection. */
  n(collection: string): number;
  /** Collections with at least one published chunk, sorted. */
  collections(): string[];
}

interface Built {
  version: string;
  dfs: Map<string, Map<string, number>>;
  ns: Map<string, number>;
}

// Weakly keyed: a closed database (tests, evals, scripts) takes its statistics with it.
const cache = globalThis as unknown as { __resolveTermStats?: WeakMap<Db, Promise<Built>> };

async function build(db: Db, version: string): Promise<Built> {
  const dfs = new Map<string, Map<string, number>>();
  const ns = new Map<string, number>();
  for (const { collection, text } of await listPublishedChunkTexts(db)) {
    const df = dfs.get(collection) ?? new Map<string, number>();
    dfs.set(collection, df);
    ns.set(collection, (ns.get(collection) ?? 0) + 1);
    for (const s of new Set(contentWords(text).map(stem))) df.set(s, (df.get(s) ?? 0) + 1);
  }
  return { version, dfs, ns };
}

/**
 * The term statistics of the published content of `db`.
 * @returns df/n lookups; a stem never seen has df 0.
 * @throws database errors.
 */
export async function getTermStats(db: Db): Promise<TermStats> {
  cache.__resolveTermStats ??= new WeakMap();
  const map = cache.__resolveTermStats;
  const version = await publishedContentVersion(db);
  let built = map.get(db);
  if (!built || (await built).version !== version) {
    built = build(db, version);
    map.set(db, built);
    built.catch(() => map.delete(db));
  }
  const b = await built;
  const names = [...b.ns.keys()].sort();
  return { df: (c, s) => b.dfs.get(c)?.get(s) ?? 0, n: (c) => b.ns.get(c) ?? 0, collections: () => names };
}

/** BM25-style idf, ln(1 + (N − df + 0.5) / (df + 0.5)) (Robertson & Zaragoza 2009). */
export function idf(stats: TermStats, collection: string, s: string): number {
  const n = stats.n(collection);
  const df = stats.df(collection, s);
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
