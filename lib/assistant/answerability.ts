/**
 * Answerability: does a retrieved passage answer the question? A logistic regression over
 * features of the retrieval (leg ranks, fused score and its gap, query-term coverage of the
 * passage, of its heading and of its best block, collection agreement) scores every candidate
 * passage; the assistant answers from the best one when its probability clears the threshold the
 * training picked by cross-validation, and refuses otherwise. Trained by
 * `npm run train:answerability` (scripts/train-answerability.ts) from a dataset file; the weights
 * live in answerability-model.json with how they were trained.
 */
import { contentWords, stem } from './context';
import { passageUnits } from './compose';
import modelFile from './answerability-model.json';
import { idf, type TermStats } from '@/lib/search/term-stats';

/** What the search tool knows of one retrieved passage. */
export interface RetrievedCandidate {
  /** 1-based rank in the fused result list. */
  rank: number;
  /** Fused RRF score (higher is better). */
  score: number;
  /** 1-based rank per search leg that found the article. */
  legs: { keyword?: number; typo?: number; semantic?: number };
  title: string;
  headingPath: string;
  /** The section passage that the answer would quote. */
  text: string;
  collection: string;
  /** Cosine similarity of the query's and the passage's embeddings (active model; 0 when unknown). */
  similarity?: number;
}

/** Feature names, in the order of `answerabilityFeatures` rows. */
export const FEATURE_NAMES = [
  'inv_rank',
  'score_rel_top',
  'top_score',
  'gap_to_next',
  'keyword_inv_rank',
  'typo_inv_rank',
  'semantic_inv_rank',
  'coverage_text',
  'coverage_heading',
  'coverage_best_block',
  'coverage_all_sources',
  'query_words_log',
  'collection_agreement',
  'is_top',
  'idf_coverage',
  'max_uncovered_idf',
  'unknown_in_collection',
  'semantic_similarity',
  'similarity_rel_best',
  'keyword_x_semantic',
  'all_lexical_legs_and_semantic',
] as const;

function stems(text: string): Set<string> {
  return new Set(contentWords(text).map(stem));
}

function share(q: string[], words: Set<string>): number {
  if (q.length === 0) return 0;
  let n = 0;
  for (const w of q) if (words.has(w)) n++;
  return n / q.length;
}

/**
 * Feature rows for the candidates of one query (same order as `candidates`).
 * @param query the retrieval query of the turn.
 * @param candidates the retrieved passages, best fused rank first.
 * @param stats per-collection document frequencies (term-stats.ts), for the idf-weighted features.
 * @returns one row of `FEATURE_NAMES.length` finite numbers per candidate (coverages and the idf
 *   features are 0–1).
 */
export function answerabilityFeatures(query: string, candidates: RetrievedCandidate[], stats: TermStats): number[][] {
  const q = [...new Set(contentWords(query).map(stem))];
  const top = candidates[0]?.score ?? 0;
  const bestSimilarity = Math.max(0, ...candidates.map((c) => c.similarity ?? 0));
  const everywhere = new Set<string>();
  for (const c of candidates) for (const w of stems(`${c.title} ${c.headingPath} ${c.text}`)) everywhere.add(w);
  return candidates.map((c, i) => {
    const next = candidates[i + 1]?.score ?? 0;
    const heading = stems(`${c.title} ${c.headingPath}`);
    const text = stems(c.text);
    let bestBlock = 0;
    for (const u of passageUnits(c.text)) bestBlock = Math.max(bestBlock, share(q, stems(`${u.text} ${u.items.join(' ')}`)));
    const sameCollection = candidates.filter((x) => x.collection === c.collection).length / candidates.length;
    const inv = (r?: number) => (r ? 1 / r : 0);
    // Rare words weigh most: "paypal" missing from every passage says more than "checkout" present.
    const maxIdf = Math.log(1 + (stats.n(c.collection) + 0.5) / 0.5) || 1;
    const weights = q.map((w) => idf(stats, c.collection, w));
    const all = new Set([...text, ...heading]);
    const total = weights.reduce((a, b) => a + b, 0);
    const covered = q.reduce((a, w, k) => a + (all.has(w) ? weights[k] : 0), 0);
    const uncovered = q.reduce((a, w, k) => (all.has(w) ? a : Math.max(a, weights[k])), 0);
    const unknown = q.length ? q.filter((w) => stats.df(c.collection, w) === 0).length / q.length : 0;
    return [
      1 / c.rank,
      top > 0 ? c.score / top : 0,
      top * 10,
      top > 0 ? (c.score - next) / top : 0,
      inv(c.legs.keyword),
      inv(c.legs.typo),
      inv(c.legs.semantic),
      share(q, text),
      share(q, heading),
      bestBlock,
      share(q, everywhere),
      Math.log1p(q.length),
      sameCollection,
      i === 0 ? 1 : 0,
      total > 0 ? covered / total : 0,
      uncovered / maxIdf,
      unknown,
      c.similarity ?? 0,
      bestSimilarity > 0 ? (c.similarity ?? 0) / bestSimilarity : 0,
      // Both legs agreeing on a passage is stronger evidence than either alone (a linear model
      // cannot form the AND itself): keyword and semantic both rank it 1st in 22 of 56 dev cases
      // whose top passage is gold, in 1 of 12 unanswerable ones.
      inv(c.legs.keyword) * inv(c.legs.semantic),
      Math.min(Math.max(inv(c.legs.keyword), inv(c.legs.typo)), inv(c.legs.semantic)),
    ].map((x) => (Number.isFinite(x) ? x : 0));
  });
}

/** A trained model as stored in answerability-model.json. */
export interface AnswerabilityModel {
  features: string[];
  /** Standardization: (x − mean) / std per feature. */
  mean: number[];
  std: number[];
  /** Logistic weights per standardized feature, then the intercept. */
  weights: number[];
  /** Answer when the best candidate's probability is at least this. */
  threshold: number;
  trainedOn: Record<string, unknown>;
}

/** The model shipped with the app. */
export const ANSWERABILITY_MODEL = modelFile as AnswerabilityModel;

/**
 * Probability that each feature row's passage answers the question.
 * @throws Error when a row's length does not match the model's features or holds NaN/Infinity
 *   (one NaN would silently turn every prediction into nonsense).
 */
export function answerabilityProbabilities(model: AnswerabilityModel, rows: number[][]): number[] {
  return rows.map((row) => {
    if (row.length !== model.features.length) throw new Error(`answerability: ${row.length} features, the model has ${model.features.length}`);
    let z = model.weights[model.weights.length - 1];
    row.forEach((x, j) => {
      if (!Number.isFinite(x)) throw new Error(`answerability: feature ${model.features[j]} is not finite`);
      z += model.weights[j] * ((x - model.mean[j]) / (model.std[j] || 1));
    });
    return 1 / (1 + Math.exp(-z));
  });
}

export interface AnswerDecision {
  /** Whether to answer (false → refuse, cite nothing). */
  answer: boolean;
  /** Index into the candidates of the passage to lead with (the most probable), or null when none. */
  lead: number | null;
  /** The lead's probability (0–1). */
  probability: number;
  /** Other candidates of the lead's collection that also clear the threshold, best first. */
  also: number[];
  probabilities: number[];
}

/**
 * Decides whether and from which passage to answer.
 * @param query the retrieval query; @param candidates best fused rank first.
 * @param stats per-collection document frequencies (term-stats.ts).
 * @param model defaults to the shipped model.
 * @returns the decision; `answer` is false when there is no candidate.
 */
export function decideAnswer(query: string, candidates: RetrievedCandidate[], stats: TermStats, model: AnswerabilityModel = ANSWERABILITY_MODEL): AnswerDecision {
  if (candidates.length === 0) return { answer: false, lead: null, probability: 0, also: [], probabilities: [] };
  const probabilities = answerabilityProbabilities(model, answerabilityFeatures(query, candidates, stats));
  let lead = 0;
  probabilities.forEach((p, i) => {
    if (p > probabilities[lead]) lead = i;
  });
  const also = probabilities
    .map((p, i) => ({ p, i }))
    .filter((x) => x.i !== lead && x.p >= Math.max(model.threshold, 0.5) && candidates[x.i].collection === candidates[lead].collection)
    .sort((a, b) => b.p - a.p)
    .map((x) => x.i);
  return { answer: probabilities[lead] >= model.threshold, lead, probability: probabilities[lead], also, probabilities };
}
