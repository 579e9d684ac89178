/**
 * Hybrid search over published article chunks: a keyword leg (BM25-style over Postgres full-text
 * lexemes, weighted title > headings/summary > body, unaccent at index and query time, read from
 * impact-ordered postings), a typo leg (the keyword leg on the query with its out-of-vocabulary
 * words corrected) and a semantic leg (pgvector HNSW, cosine, active embedding model only), each
 * aggregated from chunks to articles (best chunk), then fused by weighted reciprocal rank fusion:
 * score(a) = Σ_leg w_leg / (k + rank_leg(a)) (Cormack, Clarke, Büttcher, "Reciprocal Rank Fusion
 * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009), with k and the weights
 * below. FINDINGS.md showed an equal-weight semantic leg from averaged word vectors hurts, so it
 * votes with a lower weight and only above the model's similarity floor.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { embedTexts, getEmbeddingModel } from '@/lib/ai/embeddings';
import { queryCompounds, queryWords } from './query';
import { isLinkListHeading } from './indexing';
import { isCjkWord } from './tokens';
import { STOP_WORDS } from './words';
import { correctWords, type Correction } from './typo';
import { EXPANSION_WEIGHT, expandQuery } from './synonyms';
import { makeSnippet } from './snippet';
import { applyProductRouting, routeProducts } from './router';
import { getTermStats } from './term-stats';

/**
 * k and the leg weights were set with `npm run eval:tune` on evals/dev.jsonl (grid k ∈ {5…60},
 * typo and semantic weights 0–1): k = 5, typo 1, semantic 0.4 gave the best nDCG@10 (0.667 vs
 * 0.628 for the keyword leg alone).
 */
export const RRF_K = 5;
export const LEG_WEIGHTS = { keyword: 1.0, typo: 1.0, semantic: 0.4 } as const;
/** Chunks fetched per leg before aggregation. */
const LEG_DEPTH = 100;

export type LegName = keyof typeof LEG_WEIGHTS;

export interface SearchHit {
  slug: string;
  title: string;
  snippet: string;
  highlights: [number, number][];
  /** Fused RRF score (higher is better); not comparable across queries. */
  score: number;
  /** Anchor of the best chunk's heading ('' = top of the article). */
  anchor: string;
  category: { slug: string; name: string } | null;
  source: { collection: string; sourceId: string | null; url: string | null };
  /** Rank (1-based) per leg that found the article. */
  legs: Partial<Record<LegName, number>>;
  /** The best chunk: id, heading path and full text (the assistant's passage; not sent by the search API). */
  chunkId: number;
  /** The article's id and the version of its live text (`articles.live_version`) when searched (provenance; not sent by the search API). */
  articleId: number;
  articleVersion: number;
  headingPath: string;
  passage: string;
}

export interface SearchResponse {
  query: string;
  results: SearchHit[];
  /** True when the keyword analyzer reduced the query to nothing (only stop words or symbols). */
  keywordEmpty: boolean;
  /** The query with typos corrected, when a correction was found ("did you mean"). */
  didYouMean: string | null;
  /** Timings per leg and total, in ms. */
  timings: Record<string, number>;
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

interface ChunkHit {
  chunkId: number;
  articleId: number;
  score: number;
}

/** A query lexeme with its document frequency, as the keyword leg weighs it. */
export interface QueryTerm {
  /** An english stem as stored in the index, e.g. `refund`, `payment`. */
  lexeme: string;
  /** Chunks containing it (from `search_terms`). */
  df: number;
  /** BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)) (Robertson & Zaragoza 2009, Lucene's form), times the expansion weight for thesaurus words. */
  idf: number;
  /**
   * Terms of one group count once per chunk, by their best score: the completions of the word
   * being typed are alternatives ("cust…" → customer or customize), not separate words.
   */
  group: string;
}

/** What the analyzer made of a query. */
export interface QueryAnalysis {
  /** Lexemes found in the index with their weights (typed, thesaurus expansions, completions of the last word). */
  terms: QueryTerm[];
  /** Chunks in the index. */
  n: number;
  /** True when the analyzer left no lexeme at all (only stop words or symbols). */
  empty: boolean;
  /** Typed lexemes the index does not know (typo candidates). */
  unknown: string[];
  /** Indexed lexemes the word being typed completes to (prefix mode), most frequent first. */
  completions: string[];
}

/**
 * Adjacent query words written together ("next js" → nextjs, "web hook" → webhook), for the
 * analyzer to keep when the index holds them as one word. Pairs with a stop word or a CJK word are
 * left out ("log in" stays two words).
 * @param words query words (queryWords).
 * @returns the joined pairs, in order.
 */
function pairJoins(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [words[i - 1], words[i]];
    if (STOP_WORDS.has(a) || STOP_WORDS.has(b) || isCjkWord(a) || isCjkWord(b)) continue;
    out.push(a + b);
  }
  return out;
}

/** Lexemes a query is searched by at most (the heaviest; each costs one postings read). */
const MAX_QUERY_TERMS = 24;

/** Completions of the word being typed that the keyword leg searches for, most frequent first. */
const PREFIX_COMPLETIONS = 8;

/**
 * Analyzes a query the way the index was built (english stemmer, unaccent) and looks up each
 * lexeme's document frequency in one round trip. With `prefix`, the last word (2+ letters, not a
 * stop word) is also completed to the indexed lexemes it starts and, for 4+ letters, to the stems of
 * the indexed words it starts ("subscripti" → subscription → `subscript`), at most
 * PREFIX_COMPLETIONS, most frequent first. A completion weighs no more than a moderately rare word
 * (df = 1% of N), the typed word itself (when indexed) its own idf, and the completions count once
 * per chunk, by the best of them (one group). At most MAX_QUERY_TERMS lexemes are kept, the heaviest.
 * @param args.query any user text.
 * @param args.expand add the support thesaurus' words at EXPANSION_WEIGHT (default true).
 * @returns see QueryAnalysis.
 * @throws database errors.
 */
export async function analyzeQuery(db: Db, args: { query: string; prefix?: boolean; expand?: boolean }): Promise<QueryAnalysis> {
  const all = queryWords(args.query);
  // While typing, a last word of one letter is the start of a word, not a word ("how to r").
  const typed = args.prefix && all.length && all[all.length - 1].length < 2 ? all.slice(0, -1) : all;
  // Single letters count only beside a real word ("tee in s m l xl"): alone, or with stop words
  // only, they are no query ("x", "a & b").
  const letter = (w: string) => w.length === 1 && !/\p{N}/u.test(w) && !isCjkWord(w);
  const words = typed.some((w) => !letter(w) && !STOP_WORDS.has(w)) ? typed : typed.filter((w) => !letter(w));
  if (words.length === 0) return { terms: [], n: 0, empty: true, unknown: [], completions: [] };
  const last = args.prefix && words[words.length - 1].length >= 2 ? words[words.length - 1] : null;
  const extra = args.expand === false ? [] : expandQuery(args.query);
  // Joined forms: the query's compounds ("next.js" → nextjs) and adjacent words that the index
  // holds as one word ("next js" → nextjs), so the three spellings meet on one term.
  const joined = [...queryCompounds(args.query), ...pairJoins(words)];
  type Origin = 'typed' | 'expanded' | 'prefix' | 'joined';
  const found = await rows<{ lexeme: string; df: number | null; n: number | null; origin: Origin; stem: string | null }>(
    db,
    sql`with n as (select df from search_terms where lexeme = '')
        select q.lexeme, st.df, (select df from n) as n, 'typed' as origin, null::text as stem
        from unnest(tsvector_to_array(to_tsvector('english', unaccent(${words.join(' ')})))) as q(lexeme)
        left join search_terms st on st.lexeme = q.lexeme
        ${joined.length ? sql`union all select j.lexeme, st.df, (select df from n), 'joined', null from unnest(tsvector_to_array(to_tsvector('english', unaccent(${joined.join(' ')})))) as j(lexeme) join search_terms st on st.lexeme = j.lexeme and st.df > 0` : sql``}
        ${extra.length ? sql`union all select e.lexeme, st.df, (select df from n), 'expanded', null from unnest(tsvector_to_array(to_tsvector('english', ${extra.join(' ')}))) as e(lexeme) left join search_terms st on st.lexeme = e.lexeme` : sql``}
        ${
          last
            ? sql`union all select c.lexeme, c.df, (select df from n), 'prefix', p.lexeme
                  from unnest(tsvector_to_array(to_tsvector('english', unaccent(${last})))) as p(lexeme)
                  left join lateral (
                    -- queryWords keeps letters and digits only, so the stem holds no LIKE wildcard.
                    select lexeme, df from (
                      select lexeme, df from search_terms where lexeme like p.lexeme || '%' and df > 0
                      ${
                        last.length >= 4
                          ? sql`union
                      -- stems the typed word has already passed: the stemmer cuts words short
                      -- ("subscription" is indexed as subscript), so complete the indexed
                      -- surface words it starts and take their stems
                      select st.lexeme, st.df
                      from (select word from search_words where word like ${last} || '%' and df > 0 order by df desc limit ${PREFIX_COMPLETIONS}) sw
                      cross join lateral unnest(tsvector_to_array(to_tsvector('english', sw.word))) as l(lexeme)
                      join search_terms st on st.lexeme = l.lexeme and st.df > 0`
                          : sql``
                      }
                    ) x
                    order by df desc, lexeme limit ${PREFIX_COMPLETIONS}
                  ) c on true`
            : sql``
        }`,
  );
  const n = Math.max(1, Number(found[0]?.n ?? 1));
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const stem = found.find((r) => r.origin === 'prefix')?.stem ?? null;
  const weights = new Map<string, QueryTerm>();
  const add = (lexeme: string, df: number, weight: number, group = lexeme) => {
    const cur = weights.get(lexeme);
    if (!cur || cur.idf < weight) weights.set(lexeme, { lexeme, df, idf: weight, group });
  };
  const unknown: string[] = [];
  const completions: string[] = [];
  for (const r of found) {
    const df = Number(r.df ?? 0);
    if (r.origin === 'prefix') {
      if (r.lexeme) {
        // The typed word itself when indexed keeps its own weight; a longer completion weighs no
        // more than a moderately rare word (df = 1% of N), so a rare one cannot outweigh the query.
        add(r.lexeme, df, r.lexeme === r.stem ? idf(df) : Math.min(idf(df), idf(Math.max(1, n * 0.01))), ' prefix' /* no lexeme has a space */);
        completions.push(r.lexeme);
      }
      continue;
    }
    if (r.origin === 'typed' && r.lexeme === stem) continue; // being typed: its completions stand for it
    if (r.origin === 'joined') {
      add(r.lexeme, df, idf(df));
      continue;
    }
    if (df === 0) {
      if (r.origin === 'typed') unknown.push(r.lexeme);
      continue;
    }
    add(r.lexeme, df, idf(df) * (r.origin === 'expanded' ? EXPANSION_WEIGHT : 1));
  }
  // A long question keeps its most telling words: the MAX_QUERY_TERMS heaviest lexemes.
  const terms = [...weights.values()].sort((a, b) => b.idf - a.idf || a.lexeme.localeCompare(b.lexeme)).slice(0, MAX_QUERY_TERMS);
  return { terms, n, empty: found.length === 0, unknown, completions };
}

/**
 * Postings read per query lexeme, best impact first (twice as many with a collection filter,
 * which drops the other collections' postings after the read). At the dev set's size (about 3,000
 * chunks) nearly every lexeme's list is shorter, so ranking is exact; at 100k chunks it bounds the
 * work of a common word (see `npm run bench:search`).
 */
const POSTINGS_PER_TERM = 1000;
/** Candidates (best partial scores) rescored with every query lexeme, as a multiple of the depth. */
const RESCORE_FACTOR = 3;

/**
 * Keyword leg: BM25-style score Σ idf(t) · ts_rank(chunk, t) with ts_rank's field weights (title A
 * 1.0, headings/summary B 0.4, body C 0.2) and length normalization 1 (÷ 1 + log length), read
 * from the impact-ordered postings of `chunk_terms` (ts_rank precomputed per chunk and lexeme):
 * the top POSTINGS_PER_TERM postings of each lexeme, kept when their article is published (and in
 * the collection), give candidates and partial scores
 * (score-at-a-time over impact-sorted lists: Anh & Moffat, SIGIR 2006); the best
 * depth × RESCORE_FACTOR candidates are then rescored exactly over all query lexemes.
 * @param args.depth chunks returned (default 100).
 * @returns chunk hits best first, or null when the analyzer left nothing of the query.
 * @throws database errors.
 */
export async function keywordLeg(db: Db, args: { query: string; collection?: string; prefix?: boolean; expand?: boolean; depth?: number; analysis?: QueryAnalysis }): Promise<ChunkHit[] | null> {
  const { terms, empty } = args.analysis ?? (await analyzeQuery(db, args));
  if (empty) return null;
  if (terms.length === 0) return [];
  const depth = args.depth ?? LEG_DEPTH;
  // Each list is read from chunk_terms alone (ordered index scan, whatever the planner's
  // statistics say), then filtered to published articles (and the collection).
  const perTerm = args.collection ? POSTINGS_PER_TERM * 2 : POSTINGS_PER_TERM;
  const lists = sql.join(
    terms.map(
      (t) => sql`(select p.chunk_id, p.article_id, ${t.group}::text as grp, p.impact * ${t.idf}::float8 as s
                  from (select chunk_id, article_id, impact from chunk_terms where lexeme = ${t.lexeme}
                        order by impact desc nulls last limit ${perTerm}) p
                  join articles a on a.id = p.article_id
                  where a.status = 'published' ${args.collection ? sql`and a.collection = ${args.collection}` : sql``})`,
    ),
    sql` union all `,
  );
  const weights = sql.join(
    terms.map((t) => sql`(${t.lexeme}, ${t.group}::text, ${t.idf}::float8)`),
    sql`, `,
  );
  // Per chunk: the best score within each group, summed over groups.
  const found = await rows<{ chunk_id: number; article_id: number; score: number }>(
    db,
    sql`with cand as (${lists}),
        partial as (
          select chunk_id, article_id, sum(s) as s
          from (select chunk_id, article_id, max(s) as s from cand group by chunk_id, article_id, grp) g
          group by chunk_id, article_id order by s desc, chunk_id limit ${depth * RESCORE_FACTOR}
        )
        select chunk_id, article_id, sum(s) as score
        from (
          select pr.chunk_id, pr.article_id, max(p.impact * w.weight) as s
          from partial pr
          join chunk_terms p on p.chunk_id = pr.chunk_id
          join (values ${weights}) as w(lexeme, grp, weight) on w.lexeme = p.lexeme
          group by pr.chunk_id, pr.article_id, w.grp
        ) g
        group by chunk_id, article_id
        order by score desc, chunk_id
        limit ${depth}`,
  );
  return found.map((r) => ({ chunkId: Number(r.chunk_id), articleId: Number(r.article_id), score: Number(r.score) }));
}

/**
 * Typo leg: the keyword leg run on the query with its out-of-vocabulary words corrected
 * (lib/search/typo.ts); no correction → no hits. `searchArticles` runs the keyword leg itself on
 * the corrected query, so this leg runs there only when the keyword leg does not (evaluation).
 * @returns chunk hits best first; [] without a corrected query.
 * @throws database errors.
 */
export async function typoLeg(db: Db, args: { correctedQuery: string | null; collection?: string; prefix?: boolean; depth?: number }): Promise<ChunkHit[]> {
  if (!args.correctedQuery) return [];
  return (await keywordLeg(db, { query: args.correctedQuery, collection: args.collection, prefix: args.prefix, depth: args.depth })) ?? [];
}

/**
 * Applies corrections to the user's text, keeping everything else as typed.
 * @returns the corrected text, or null when nothing was corrected.
 */
export function applyCorrections(query: string, corrections: Correction[]): string | null {
  if (corrections.length === 0) return null;
  let out = query;
  for (const c of corrections) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${c.from}(?![\\p{L}\\p{N}])`, 'giu'), c.to);
  }
  return out === query ? null : out;
}

/** Semantic leg: nearest chunks by cosine distance over the active model's vectors. */
export async function semanticLeg(db: Db, args: { query: string; collection?: string; depth?: number }): Promise<ChunkHit[]> {
  // The thesaurus' article vocabulary helps the embedding too ("give it back" → + "refund").
  const { model, vectors } = await embedTexts([[args.query, ...expandQuery(args.query)].join(' ')]);
  const v = vectors[0];
  if (!v) return [];
  const dims = v.length;
  const lit = `[${v.join(',')}]`;
  const cast = sql.raw(`vector(${dims})`);
  const found = await rows<{ chunk_id: number; article_id: number; distance: number }>(
    db,
    sql`select ce.chunk_id, c.article_id, (ce.embedding::${cast}) <=> ${lit}::${cast} as distance
        from chunk_embeddings ce
        join article_chunks c on c.id = ce.chunk_id
        join articles a on a.id = c.article_id
        where ce.model = ${model} and a.status = 'published' ${args.collection ? sql`and a.collection = ${args.collection}` : sql``}
        order by (ce.embedding::${cast}) <=> ${lit}::${cast}
        limit ${args.depth ?? LEG_DEPTH}`,
  );
  return found.map((r) => ({ chunkId: Number(r.chunk_id), articleId: Number(r.article_id), score: 1 - Number(r.distance) }));
}

/** Best chunk per article, in leg order: article id → { rank (1-based), chunkId, score }. */
function aggregate(hits: ChunkHit[]): Map<number, { rank: number; chunkId: number; score: number }> {
  const out = new Map<number, { rank: number; chunkId: number; score: number }>();
  for (const h of hits) if (!out.has(h.articleId)) out.set(h.articleId, { rank: out.size + 1, chunkId: h.chunkId, score: h.score });
  return out;
}

/**
 * Runs the hybrid search.
 * @param opts.query any user text; callers cap its length (the API allows 500 characters).
 * @returns fused article hits (published only) with snippets from their best chunk.
 * @throws database errors (the route maps them to 503) and, with a hosted embedding model, its
 *   provider error — the semantic leg is then skipped, not fatal.
 */
export async function searchArticles(db: Db, opts: SearchOptions): Promise<SearchResponse> {
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
  const byLeg: Record<LegName, Map<number, { rank: number; chunkId: number; score: number }>> = {
    keyword: aggregate(kw ?? []),
    typo: aggregate(typo),
    semantic: aggregate(sem.filter((h) => h.score >= floor)),
  };
  const fused = new Map<number, { score: number; chunkId: number; legs: Partial<Record<LegName, number>> }>();
  for (const leg of ['keyword', 'typo', 'semantic'] as LegName[]) {
    for (const [articleId, hit] of byLeg[leg]) {
      const cur = fused.get(articleId) ?? { score: 0, chunkId: hit.chunkId, legs: {} };
      cur.score += (opts.fusion?.weights[leg] ?? LEG_WEIGHTS[leg]) / ((opts.fusion?.k ?? RRF_K) + hit.rank);
      cur.legs[leg] = hit.rank;
      fused.set(articleId, cur);
    }
  }
  const top = [...fused.entries()].sort((a, b) => b[1].score - a[1].score || a[0] - b[0]).slice(0, limit);
  if (top.length === 0) {
    timings.total = Math.round((performance.now() - t0) * 10) / 10;
    return { query, results: [], keywordEmpty: kw === null, didYouMean: correctedQuery, timings };
  }
  // One select list for the best chunks and for the snippet chunks below.
  type Detail = {
    article_id: number;
    article_version: number;
    chunk_id: number;
    slug: string;
    title: string;
    content: string;
    anchor: string;
    heading_path: string;
    collection: string;
    source_id: string | null;
    source_url: string | null;
    cat_slug: string | null;
    cat_name: string | null;
  };
  const detailFrom = sql`a.id as article_id, coalesce(a.live_version, a.version) as article_version, c.id as chunk_id, a.slug, a.title, c.content, c.anchor, c.heading_path, a.collection,
               a.source_id, a.source_url, cat.slug as cat_slug, cat.name as cat_name
        from article_chunks c
        join articles a on a.id = c.article_id
        left join categories cat on cat.id = a.category_id`;
  const details = await timed('details', () =>
    rows<Detail>(
      db,
      sql`select ${detailFrom} where c.id in (${sql.join(
        top.map(([, f]) => sql`${f.chunkId}`),
        sql`, `,
      )})`,
    ),
  );
  // Highlights show the corrected words too ("refnud" finds and marks "refund").
  const highlightText = correctedQuery ? `${query} ${correctedQuery}` : query;
  const chosen = new Map<number, { detail: Detail; snippet: ReturnType<typeof makeSnippet> }>();
  for (const d of details) chosen.set(Number(d.article_id), { detail: d, snippet: makeSnippet(d.content, highlightText) });
  // A chunk that matched only through the article title (every chunk carries it) makes a poor
  // snippet and anchor ("Payouts" → a table row of thresholds), and so does a list of links to
  // other articles ("Next steps", "See also"): use the article's first chunk whose text holds a
  // query word instead (a link list's text is indexed at weight D, so it never counts), or else the
  // top of the article.
  const repick = [...chosen].filter(([, c]) => c.snippet.highlights.length === 0 || isLinkListHeading(c.detail.heading_path)).map(([articleId]) => articleId);
  if (repick.length && kwAnalysis.terms.length) {
    const tsq = kwAnalysis.terms.map((t) => `'${t.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}':C`).join(' | ');
    const found = await timed('snippet', () =>
      rows<Detail>(
        db,
        sql`select distinct on (c.article_id) ${detailFrom}
            where c.article_id in (${sql.join(
              repick.map((articleId) => sql`${articleId}`),
              sql`, `,
            )})
            order by c.article_id, (c.search @@ ${tsq}::tsquery) desc, c.position`,
      ),
    );
    for (const d of found) chosen.set(Number(d.article_id), { detail: d, snippet: makeSnippet(d.content, highlightText) });
  }
  const results: SearchHit[] = [];
  for (const [articleId, f] of top) {
    const c = chosen.get(articleId);
    if (!c) continue;
    const { detail: d, snippet: snip } = c;
    results.push({
      slug: d.slug,
      title: d.title,
      snippet: snip.text,
      highlights: snip.highlights,
      score: Math.round(f.score * 1e6) / 1e6,
      anchor: d.anchor,
      category: d.cat_slug ? { slug: d.cat_slug, name: d.cat_name ?? d.cat_slug } : null,
      source: { collection: d.collection, sourceId: d.source_id, url: d.source_url },
      legs: f.legs,
      chunkId: Number(d.chunk_id),
      articleId: Number(d.article_id),
      articleVersion: Number(d.article_version),
      headingPath: d.heading_path,
      passage: d.content,
    });
  }
  timings.total = Math.round((performance.now() - t0) * 10) / 10;
  return { query, results, keywordEmpty: kw === null, didYouMean: correctedQuery, timings };
}

/** The active embedding model id (for logs and eval reports). */
export async function activeEmbeddingModelId(): Promise<string> {
  return (await getEmbeddingModel()).id;
}
