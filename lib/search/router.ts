/**
 * Product router: which products (collections) is a query likely about? A Bernoulli naive Bayes
 * classifier over word stems, trained on the published chunks themselves (each chunk is one
 * labelled document of its collection; Manning, Raghavan & Schütze, "Introduction to Information
 * Retrieval", 2008, §13.3), smoothed toward the rates of all products pooled (ROUTER_PRIOR_CHUNKS). Only words seen in at least one product
 * vote, each once; the log-likelihood is averaged over them and sharpened by a temperature, because
 * naive Bayes' raw posteriors are far too confident (ibid. §13.4.1) to be mixed into a ranking.
 * The prior is uniform: a product's article count says nothing about what a visitor asks.
 *
 * All-products search uses it as a soft boost in the fusion (see `applyProductRouting`), so a
 * question that reads like one product's vocabulary ranks that product's articles first without
 * hiding the others.
 */
import 'server-only';
import type { TermStats } from './term-stats';
import { contentWords, stem } from './words';

/** Posterior per product, best first; probabilities sum to 1. */
export type ProductPosterior = { collection: string; probability: number }[];

/**
 * Temperature: posterior ∝ exp(mean log-likelihood × ROUTER_SHARPNESS). With ROUTER_WEIGHT, set on
 * the tuning file (evals/answerability-train.jsonl's answerable questions: best MRR@10, tied with
 * words alone at sharpness 1), not on the development set: `npm run eval:router`.
 */
export const ROUTER_SHARPNESS = 2;

/**
 * Weight, in chunks, of the background (all products pooled) in each product's word rates: the
 * Dirichlet-prior smoothing of language models (Zhai & Lafferty, "A Study of Smoothing Methods for
 * Language Models Applied to Ad Hoc Information Retrieval", SIGIR 2001), in place of Laplace's
 * add-one, which is the same prior centred on 1/2: it gave a product of one chunk a rate of 1/3 for
 * any word it lacks (a word in a tenth of a 3,000-chunk product gets 1/10), so products of one or
 * two articles won every question. Centred on the background, a word a product lacks gets less
 * than the background rate, and one it has more; 2 chunks keeps the add-one's strength.
 */
const ROUTER_PRIOR_CHUNKS = 2;

/**
 * Posterior over products for a query.
 * @param stats per-collection chunk document frequencies (term-stats.ts).
 * @param collections the products to choose among (≥ 1).
 * @returns best first; uniform when no query word is known to any product; [] for no collection.
 */
export function routeWithStats(query: string, stats: TermStats, collections: string[], sharpness = ROUTER_SHARPNESS): ProductPosterior {
  if (collections.length === 0) return [];
  const words = [...new Set(contentWords(query).map(stem))].filter((w) => collections.some((c) => stats.df(c, w) > 0));
  const totalN = collections.reduce((a, c) => a + stats.n(c), 0);
  const logs = collections.map((c) => {
    if (words.length === 0) return 0;
    const n = stats.n(c);
    let sum = 0;
    for (const w of words) {
      // Background rate of the word over all products (Laplace-smoothed so it is never 0).
      const background = (collections.reduce((a, x) => a + stats.df(x, w), 0) + 1) / (totalN + 2);
      sum += Math.log((stats.df(c, w) + ROUTER_PRIOR_CHUNKS * background) / (n + ROUTER_PRIOR_CHUNKS));
    }
    return (sum / words.length) * sharpness;
  });
  const max = Math.max(...logs);
  const exps = logs.map((l) => Math.exp(l - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return collections.map((c, i) => ({ collection: c, probability: exps[i] / total })).sort((a, b) => b.probability - a.probability);
}

/**
 * Retrieval mass per product: the share of the fused score of the top 10 results each product
 * holds (plus 0.01 so no product drops to 0), as in resource selection for federated search
 * (Si & Callan, "Relevant document distribution estimation", SIGIR 2003, simplified).
 * @returns best first over `collections`.
 */
export function retrievalMass(results: { score: number; collection: string }[], collections: string[]): ProductPosterior {
  const mass = new Map(collections.map((c) => [c, 0.01]));
  for (const r of results.slice(0, 10)) if (mass.has(r.collection)) mass.set(r.collection, mass.get(r.collection)! + r.score);
  const total = [...mass.values()].reduce((a, b) => a + b, 0);
  return collections.map((c) => ({ collection: c, probability: mass.get(c)! / total })).sort((a, b) => b.probability - a.probability);
}

/**
 * The router's posterior: the normalized geometric mean of the naive Bayes posterior (the query's
 * words) and the retrieval mass (where the pooled results fall). On the tuning file each alone
 * routes 0.91–0.92 of questions right; on the development set's user-style questions the words
 * alone 0.66, the mix 0.80 (`npm run eval:router`).
 * @param results the all-products fused results, best first.
 * @param collections the products to choose among (≥ 2 to route).
 * @returns best first; [] for fewer than two products.
 */
export function routeProducts(query: string, results: { score: number; collection: string }[], stats: TermStats, collections: string[]): ProductPosterior {
  if (collections.length < 2) return [];
  const words = new Map(routeWithStats(query, stats, collections).map((x) => [x.collection, x.probability]));
  const mixed = retrievalMass(results, collections).map((x) => ({ collection: x.collection, probability: Math.sqrt(x.probability * (words.get(x.collection) ?? 0)) }));
  const total = mixed.reduce((a, b) => a + b.probability, 0) || 1;
  return mixed.map((x) => ({ ...x, probability: x.probability / total })).sort((a, b) => b.probability - a.probability);
}

/**
 * Multiplies each fused score by (1 + weight × (k·p − 1)) where p is the product's posterior and k
 * the number of products: a product at chance (p = 1/k) keeps its score, a likely one gains up to
 * (1 + weight·(k − 1)), an unlikely one loses up to (1 − weight). Re-sorts by the new score.
 * @param items objects with `score` (fused RRF score) and `collection`.
 * @param weight 0 (off) to 1; see ROUTER_WEIGHT.
 * @returns a new array, best first; scores rewritten.
 */
export function applyProductRouting<T extends { score: number; collection: string }>(items: T[], posterior: ProductPosterior, weight = ROUTER_WEIGHT): T[] {
  if (posterior.length < 2 || weight <= 0) return items;
  const k = posterior.length;
  const p = new Map(posterior.map((x) => [x.collection, x.probability]));
  return items.map((it) => ({ ...it, score: it.score * Math.max(0, 1 + weight * (k * (p.get(it.collection) ?? 1 / k) - 1)) })).sort((a, b) => b.score - a.score);
}

/** Weight of the router in all-products fusion (`applyProductRouting`); set with ROUTER_SHARPNESS. */
export const ROUTER_WEIGHT = 0.5;
