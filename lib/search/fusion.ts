/**
 * Fusion of the hybrid search's legs: each leg's chunk hits are aggregated to articles (best
 * chunk), then fused by weighted reciprocal rank fusion:
 * score(a) = Σ_leg w_leg / (k + rank_leg(a)) (Cormack, Clarke, Büttcher, "Reciprocal Rank Fusion
 * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009). Pure functions: no
 * database, no model.
 */

/**
 * k and the leg weights were set with `npm run eval:tune` on evals/dev.jsonl (grid k ∈ {5…60},
 * typo and semantic weights 0–1): k = 5, typo 1, semantic 0.4 gave the best nDCG@10 (0.667 vs
 * 0.628 for the keyword leg alone).
 */
export const RRF_K = 5;
export const LEG_WEIGHTS = { keyword: 1.0, typo: 1.0, semantic: 0.4 } as const;
/** Chunks fetched per leg before aggregation. */
export const LEG_DEPTH = 100;

export type LegName = keyof typeof LEG_WEIGHTS;

/** One chunk a leg found: `score` is the leg's own (BM25-style sum, or cosine similarity). */
export interface ChunkHit {
  chunkId: number;
  articleId: number;
  score: number;
}

/** An article's place in one leg: its 1-based rank and its best chunk. */
export interface ArticleRank {
  rank: number;
  chunkId: number;
  score: number;
}

/**
 * Best chunk per article, in leg order.
 * @param hits one leg's chunk hits, best first.
 * @returns article id → { rank (1-based, by the article's first hit), chunkId, score }.
 */
export function bestChunkPerArticle(hits: ChunkHit[]): Map<number, ArticleRank> {
  const out = new Map<number, ArticleRank>();
  for (const h of hits) if (!out.has(h.articleId)) out.set(h.articleId, { rank: out.size + 1, chunkId: h.chunkId, score: h.score });
  return out;
}

/** A fused article: its RRF score, the chunk that represents it and its rank per leg. */
export interface FusedArticle {
  articleId: number;
  score: number;
  /** The best chunk of the first leg (keyword, typo, semantic order) that found the article. */
  chunkId: number;
  legs: Partial<Record<LegName, number>>;
}

/**
 * Weighted reciprocal rank fusion of the legs' article rankings.
 * @param byLeg each leg's ranking (bestChunkPerArticle); a missing leg votes for nothing.
 * @param settings `k` (≥ 0) and a weight per leg; default RRF_K and LEG_WEIGHTS.
 * @param limit articles returned at most.
 * @returns articles by descending score, ties broken by ascending article id (deterministic).
 */
export function reciprocalRankFusion(
  byLeg: Partial<Record<LegName, Map<number, ArticleRank>>>,
  settings: { k: number; weights: Record<LegName, number> } = { k: RRF_K, weights: LEG_WEIGHTS },
  limit = Infinity,
): FusedArticle[] {
  const fused = new Map<number, FusedArticle>();
  for (const leg of ['keyword', 'typo', 'semantic'] as LegName[]) {
    for (const [articleId, hit] of byLeg[leg] ?? []) {
      const cur = fused.get(articleId) ?? { articleId, score: 0, chunkId: hit.chunkId, legs: {} };
      cur.score += settings.weights[leg] / (settings.k + hit.rank);
      cur.legs[leg] = hit.rank;
      fused.set(articleId, cur);
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.articleId - b.articleId).slice(0, limit);
}
