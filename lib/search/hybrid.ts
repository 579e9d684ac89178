/**
 * Hybrid search over published article chunks, in stages: one query analysis (analyze.ts: words,
 * expansions, compounds, completions, idf) handed to every leg; the legs, one file each — keyword
 * (legs/keyword.ts: BM25-style over Postgres full-text lexemes, weighted title > headings/summary >
 * body, unaccent at index and query time, read from impact-ordered postings), typo (legs/typo.ts:
 * the keyword leg on the query with its out-of-vocabulary words corrected) and semantic
 * (legs/semantic.ts: pgvector HNSW, cosine, active embedding model only); fusion by weighted
 * reciprocal rank fusion (fusion.ts, pure); hydration into hits with snippets (hydrate.ts); and,
 * over all products, re-ranking by the product router (router.ts). FINDINGS.md showed an
 * equal-weight semantic leg from averaged word vectors hurts, so it votes with a lower weight and
 * only above the model's similarity floor. The index those stages read is built in one place,
 * lib/search/indexing.ts.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { analyzeQuery } from './analyze';
import { bestChunkPerArticle, LEG_WEIGHTS, reciprocalRankFusion, RRF_K, type ChunkHit, type LegName } from './fusion';
import { hydrateHits, type SearchHit } from './hydrate';
import { keywordLeg } from './legs/keyword';
import { applyCorrections, typoLeg } from './legs/typo';
import { semanticLeg } from './legs/semantic';
import { queryWords } from './query';
import { completeWord, correctWords } from './typo';
import { applyProductRouting, routeProducts } from './router';
import { getTermStats } from './term-stats';
import { cachedSearch } from './result-cache';
import { logSearch } from '@/db/queries/search-log';
import { words } from './words';
import { redactText } from '@/lib/privacy/redact';

export type { SearchHit } from './hydrate';

export interface SearchResponse {
  query: string;
  results: SearchHit[];
  /** True when the keyword analyzer reduced the query to nothing (only stop words or symbols). */
  keywordEmpty: boolean;
  /** The query with typos corrected, when a correction was found ("did you mean"). */
  didYouMean: string | null;
  /** Timings per leg and total, in ms. */
  timings: Record<string, number>;
  /** True when a leg failed and the search went on without it (such a response is not cached). */
  degraded?: boolean;
}

export interface SearchOptions {
  query: string;
  /** 1–50, default 10. */
  limit?: number;
  /** Restrict to one collection (imported folder name, or `resolve`). */
  collection?: string;
  /** Treat the last word as a prefix (search as you type). */
  prefix?: boolean;
  /** Which legs run; default all. */
  legs?: LegName[];
  /**
   * All-products searches re-rank by the product router (router.ts) when the help center has
   * several products; false turns that off (evaluation baselines). Ignored with `collection`.
   */
  route?: boolean;
  /**
   * Fusion settings in place of RRF_K and LEG_WEIGHTS (an online experiment's variant,
   * lib/experiments/config.ts); absent: production values.
   */
  fusion?: { k: number; weights: Record<LegName, number> };
}

/**
 * Runs the hybrid search, through the result cache (result-cache.ts): the same options at the same
 * search generation give the same response without searching again.
 * @param opts.query any user text; callers cap its length (the API allows 500 characters).
 * @returns fused article hits (published only) with snippets from their best chunk.
 * @throws database errors (the route maps them to 503) and, with a hosted embedding model, its
 *   provider error — the semantic leg is then skipped, not fatal.
 */
export async function searchArticles(db: Db, opts: SearchOptions): Promise<SearchResponse> {
  const t0 = performance.now();
  const key = [opts.query, opts.limit ?? null, opts.collection ?? null, !!opts.prefix, opts.legs ?? null, opts.route ?? null, opts.fusion ?? null];
  const { value, hit } = await cachedSearch(
    db,
    key,
    () => searchUncached(db, opts),
    (r) => !r.degraded,
  );
  if (!hit) return value;
  // A hit's timings are this lookup's (the search log records them as the latency).
  return { ...value, timings: { cache: 1, total: Math.round((performance.now() - t0) * 10) / 10 } };
}

/** searchArticles without the result cache. */
async function searchUncached(db: Db, opts: SearchOptions): Promise<SearchResponse> {
  if (opts.collection || opts.route === false) return searchFused(db, opts);
  const stats = await getTermStats(db);
  if (stats.collections().length < 2) return searchFused(db, opts);
  // All products: fuse a longer list, re-rank it by the product router (router.ts), then cut.
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 50);
  const res = await searchFused(db, { ...opts, limit: Math.max(limit, ROUTED_CANDIDATES) });
  const t0 = performance.now();
  const posterior = routeProducts(
    opts.query,
    res.results.map((r) => ({ score: r.score, collection: r.source.collection })),
    stats,
    stats.collections(),
  );
  const routed = applyProductRouting(
    res.results.map((r) => ({ ...r, collection: r.source.collection })),
    posterior,
  ).slice(0, limit);
  const timings: Record<string, number> = { ...res.timings, route: Math.round((performance.now() - t0) * 10) / 10 };
  timings.total = Math.round(((res.timings.total ?? 0) + timings.route) * 10) / 10;
  return { ...res, results: routed.map(({ collection: _c, ...r }) => r as SearchHit), timings };
}

/** Candidates an all-products search fuses before the router re-ranks them. */
const ROUTED_CANDIDATES = 30;

/** One fused search (see searchArticles), without product routing. */
async function searchFused(db: Db, opts: SearchOptions): Promise<SearchResponse> {
  const t0 = performance.now();
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 50);
  const legs = new Set(opts.legs ?? (['keyword', 'typo', 'semantic'] as LegName[]));
  const query = opts.query.replaceAll('\u0000', '').trim();
  const timings: Record<string, number> = {};
  let degraded = false;
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    try {
      return await fn();
    } finally {
      timings[name] = Math.round((performance.now() - s) * 10) / 10;
    }
  };
  // Only stop words or symbols: no leg gets a vote (the typo and semantic legs would rank noise).
  // One analysis serves the emptiness check and the keyword leg.
  const analysis = query ? await timed('analyze', () => analyzeQuery(db, { query, prefix: opts.prefix })) : null;
  if (!analysis || analysis.empty) return { query, results: [], keywordEmpty: true, didYouMean: null, timings };
  // A word still being typed that completes to indexed words is not a typo ("payo" → payout).
  const words = queryWords(query);
  const toCorrect = opts.prefix && analysis.completions.length ? words.slice(0, -1) : words;
  const lexicalLegs = legs.has('keyword') || legs.has('typo');
  const corrections = lexicalLegs ? await timed('correct', () => correctWords(db, toCorrect)) : [];
  const correctedQuery = applyCorrections(query, corrections);
  // A corrected last word is a whole word, no longer a prefix.
  const correctedPrefix = opts.prefix && !corrections.some((c) => c.from === words.at(-1));
  // "Did you mean" shows the word still being typed completed ("cancle subscr" → "cancel
  // subscription", not "cancel subscr", which reads as a misspelling of its own).
  const typing = correctedQuery !== null && correctedPrefix && analysis.completions.length > 0;
  const didYouMean = typing ? await timed('complete', () => withLastWordCompleted(db, correctedQuery, words.at(-1) ?? '')) : correctedQuery;
  // With corrections the keyword leg ranks by the corrected words ("how do i refnud an order" by
  // refund + order, not by "order" alone: a word the index does not know adds nothing to it), so
  // it is the typo leg too; the typo leg runs on its own only without the keyword leg (evaluation).
  // Measured on evals/dev.jsonl: hybrid MRR@10 0.663 → 0.685 (0.680 with both voting).
  const kwAnalysis = correctedQuery && legs.has('keyword') ? await timed('analyzeCorrected', () => analyzeQuery(db, { query: correctedQuery, prefix: correctedPrefix })) : analysis;
  const [kw, typo, sem] = await Promise.all([
    legs.has('keyword')
      ? timed('keyword', () => keywordLeg(db, { query: correctedQuery ?? query, collection: opts.collection, prefix: correctedPrefix, analysis: kwAnalysis }))
      : Promise.resolve([] as ChunkHit[]),
    legs.has('typo') && !legs.has('keyword') ? timed('typo', () => typoLeg(db, { correctedQuery, collection: opts.collection, prefix: correctedPrefix })) : Promise.resolve([] as ChunkHit[]),
    // A query of stop words alone has no meaning to embed either.
    legs.has('semantic')
      ? timed('semantic', () =>
          semanticLeg(db, { query, collection: opts.collection }).catch((err) => {
            console.error('[resolve] semantic leg failed; continuing without it', err);
            degraded = true;
            return [] as ChunkHit[];
          }),
        )
      : Promise.resolve([] as ChunkHit[]),
  ]);
  const model = legs.has('semantic') ? await getEmbeddingModel() : null;
  // With no lexical evidence at all the semantic leg alone must be surer (see aloneFloor).
  // (Only when the lexical legs ran: the semantic leg measured alone keeps its own floor.)
  const lexicalRan = legs.has('keyword') || legs.has('typo');
  const lexical = (kw?.length ?? 0) + typo.length > 0;
  const floor = model ? (!lexicalRan || lexical ? model.floor : model.aloneFloor) : 0;
  const fused = reciprocalRankFusion(
    { keyword: bestChunkPerArticle(kw ?? []), typo: bestChunkPerArticle(typo), semantic: bestChunkPerArticle(sem.filter((h) => h.score >= floor)) },
    opts.fusion ?? { k: RRF_K, weights: LEG_WEIGHTS },
    limit,
  );
  if (fused.length === 0) {
    timings.total = Math.round((performance.now() - t0) * 10) / 10;
    return { query, results: [], keywordEmpty: kw === null, didYouMean, timings, degraded };
  }
  // Highlights show the corrected words too ("refnud" finds and marks "refund").
  const highlightText = correctedQuery ? `${query} ${correctedQuery}` : query;
  const results = await hydrateHits(db, { fused, highlightText, terms: kwAnalysis.terms, timed });
  timings.total = Math.round((performance.now() - t0) * 10) / 10;
  return { query, results, keywordEmpty: kw === null, didYouMean, timings, degraded };
}

/**
 * A corrected query with its last word (still being typed) replaced by its completion.
 * @param corrected the query with corrections applied; @param last the last query word as typed
 *   (lower-cased). @returns the corrected query, its last word completed when the texts have a
 *   word starting with it. @throws database errors.
 */
async function withLastWordCompleted(db: Db, corrected: string, last: string): Promise<string> {
  const word = await completeWord(db, last);
  if (!word || word === last) return corrected;
  // `last` is plain letters here (completeWord completes nothing else): no escaping needed.
  return corrected.replace(new RegExp(`(?<![\\p{L}\\p{N}])${last}(?=[^\\p{L}\\p{N}]*$)`, 'iu'), word);
}

/** The active embedding model id (for logs and eval reports). */
export async function activeEmbeddingModelId(): Promise<string> {
  return (await getEmbeddingModel()).id;
}

/** A search hit as the public API and the /search page send it: no internal ids or leg scores. */
export type PublicSearchHit = Omit<SearchHit, 'legs' | 'passage' | 'chunkId' | 'articleId' | 'articleVersion' | 'headingPath' | 'passageAnchor'>;

/**
 * The body of `GET /api/search` made from a search's result; the /search page server-renders the
 * same shape, so its first results are those the browser would have fetched.
 * @param res what `searchArticles` returned.
 * @returns `{ query, results, keywordEmpty, didYouMean }` (timings and internal fields dropped).
 */
export function publicSearchResponse(res: SearchResponse): { query: string; results: PublicSearchHit[]; keywordEmpty: boolean; didYouMean: string | null } {
  return {
    query: res.query,
    results: res.results.map(({ legs: _legs, passage: _p, chunkId: _c, articleId: _a, articleVersion: _v, headingPath: _h, passageAnchor: _pa, ...r }) => r),
    keywordEmpty: res.keywordEmpty,
    didYouMean: res.didYouMean,
  };
}

/** Marks and invisible letters (Hangul fillers, Khmer inherent vowels) that make no word on their own. */
const INVISIBLE = /[\p{M}\p{Cf}\u115F\u1160\u17B4\u17B5\u3164\uFFA0]/gu;

/**
 * A visitor's search, as `GET /api/search` and the /search page run it: the search, then its row in
 * the search log (query redacted; as-you-type searches of one client collapse into one row, see
 * logSearch), not awaited; a query without a word (only emoji, symbols or invisible characters) is
 * not logged.
 * @param opts as `searchArticles`; `clientId` the visitor cookie ('' when none).
 * @returns what `searchArticles` returns. @throws as `searchArticles`.
 */
export async function visitorSearch(db: Db, opts: SearchOptions & { clientId: string }): Promise<SearchResponse> {
  const { clientId, ...search } = opts;
  const res = await searchArticles(db, search);
  // A query with no word to search ("😀", a zero-width space, "���") is no search to report.
  if (words(search.query.replace(INVISIBLE, '')).length === 0) return res;
  void logSearch(db, { query: redactText(search.query), resultCount: res.results.length, source: 'search', latencyMs: res.timings.total ?? 0, clientId });
  return res;
}
