/**
 * Synthetic help-center corpus for `npm run bench:search`, generated from the word distribution of
 * the bundled sample articles.
 *
 * Model: every article has a topic (one sample article's word distribution) and a few focus words
 * of its own; every chunk adds focus words of its own (a section's subject). A chunk's words are
 * drawn from its chunk focus, its article focus, its topic and the whole sample corpus with the
 * DEFAULT_MIX probabilities below. Words drawn only from 34 topic distributions (the first version of this
 * generator) average out: 3,000 chunks of one topic collapse onto one point in embedding space, so
 * nearest neighbours are decided by noise — unlike real articles, whose sections each name their
 * own things. DEFAULT_MIX was calibrated so that the relative contrast of the 10th nearest
 * neighbour (He, Kumar, Chang, "On the Difficulty of Nearest Neighbor Search", ICML 2012) for
 * 1–4-word queries over synthetic chunks comes close to the one measured on the three real corpora
 * at the same size, staying on the harder side: median RC@10 1.61 synthetic vs 1.64 real, 1.39
 * for the first generator (`npm run bench:calibrate`).
 */
import { readSampleContent } from '@/lib/content/sample';
import { words } from '@/lib/search/words';

/** Deterministic PRNG (mulberry32) so every run builds the same corpus. */
export function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Distribution {
  words: string[];
  cumulative: number[];
}

function distribution(texts: string[]): Distribution {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of words(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  let acc = 0;
  return { words: ranked.map(([w]) => w), cumulative: ranked.map(([, c]) => (acc += c)) };
}

/** Probabilities that a chunk word comes from the chunk's focus, the article's focus, the topic (rest: whole corpus). */
export interface Mix {
  chunkFocus: number;
  articleFocus: number;
  topic: number;
  /** Focus words per chunk and per article. */
  chunkFocusWords: number;
  articleFocusWords: number;
  /** Probability that a query word comes from the target chunk's focus (0.2: its article's focus; rest: its topic). */
  queryChunkFocus: number;
  /** Words per chunk: uniform in [min, max). */
  chunkWords: [number, number];
}

export const DEFAULT_MIX: Mix = { chunkFocus: 0.45, articleFocus: 0.35, topic: 0.1, chunkFocusWords: 6, articleFocusWords: 6, queryChunkFocus: 0.5, chunkWords: [20, 110] };

export interface SyntheticArticle {
  title: string;
  collection: string;
  chunks: string[];
}

/**
 * A deterministic generator of articles and queries.
 * @param seed PRNG seed; the same seed and mix give the same corpus.
 * @returns `article(i, chunks)` (title of 3–7 words, `collection` c0…c9 by i mod 10, chunks of
 *   60–119 words), `query()` (1–4 words of one topic), `frequent` (most frequent words of 4+
 *   letters) and the PRNG.
 */
export function syntheticCorpus(seed: number, mix: Mix = DEFAULT_MIX) {
  const articles = readSampleContent().articles;
  const global = distribution(articles.map((a) => `${a.title} ${a.body}`));
  const topics = articles.map((a) => distribution([`${a.title} ${a.body}`]));
  // Focus words are content words: 4+ letters, not among the 100 most frequent words.
  const focusPool = global.words.slice(100).filter((w) => w.length >= 4 && !/^\d+$/.test(w));
  const r = rng(seed);
  const qr = rng(seed + 7); // queries draw from a stream of their own
  const pick = (d: Distribution, rand = r) => {
    const x = rand() * d.cumulative[d.cumulative.length - 1];
    let lo = 0;
    let hi = d.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (d.cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return d.words[lo];
  };
  const oneOf = (ws: string[]) => ws[Math.floor(r() * ws.length)];
  const chunkText = (n: number, topic: number, articleFocus: string[], chunkFocus: string[]) =>
    Array.from({ length: n }, () => {
      const x = r();
      if (x < mix.chunkFocus) return oneOf(chunkFocus);
      if (x < mix.chunkFocus + mix.articleFocus) return oneOf(articleFocus);
      if (x < mix.chunkFocus + mix.articleFocus + mix.topic) return pick(topics[topic]);
      return pick(global);
    }).join(' ');
  /** Article i's topic and focus words, from a PRNG of its own so queries can regenerate them. */
  const plan = (i: number, nChunks: number) => {
    const ar = rng(seed * 1_000_003 + i);
    const topic = Math.floor(ar() * topics.length);
    const focus = (n: number) => Array.from({ length: n }, () => focusPool[Math.floor(ar() * focusPool.length)]);
    const articleFocus = focus(mix.articleFocusWords);
    const chunkFocus = Array.from({ length: nChunks }, () => focus(mix.chunkFocusWords));
    return { topic, articleFocus, chunkFocus };
  };
  return {
    r,
    frequent: global.words.filter((w) => w.length > 3).slice(0, 10),
    article(i: number, nChunks: number): SyntheticArticle {
      const p = plan(i, nChunks);
      const title = chunkText(3 + Math.floor(r() * 5), p.topic, p.articleFocus, p.articleFocus);
      const chunks = p.chunkFocus.map((cf) => chunkText(mix.chunkWords[0] + Math.floor(r() * (mix.chunkWords[1] - mix.chunkWords[0])), p.topic, p.articleFocus, cf));
      return { title, collection: `c${i % 10}`, chunks };
    },
    /**
     * A query about one chunk of one of the first `nArticles` articles: 1–4 words from that chunk's
     * focus, its article's focus or its topic (users ask about what an article covers).
     */
    query(nArticles: number, nChunks: number): string {
      const p = plan(Math.floor(qr() * nArticles), nChunks);
      const cf = p.chunkFocus[Math.floor(qr() * nChunks)];
      const oneOfQ = (ws: string[]) => ws[Math.floor(qr() * ws.length)];
      return Array.from({ length: 1 + Math.floor(qr() * 4) }, () => {
        const x = qr();
        return x < mix.queryChunkFocus ? oneOfQ(cf) : x < mix.queryChunkFocus + 0.2 ? oneOfQ(p.articleFocus) : pick(topics[p.topic], qr);
      }).join(' ');
    },
  };
}

/** Swaps two inner letters of the longest word in a third of the queries ("refund" → "refnud"). */
export function misspell(q: string, r: () => number): string {
  if (r() > 1 / 3) return q;
  const words = q.split(' ');
  const i = words.reduce((best, w, j) => (w.length > words[best].length ? j : best), 0);
  const w = words[i];
  if (w.length < 5) return q;
  const k = 1 + Math.floor(r() * (w.length - 3));
  words[i] = w.slice(0, k) + w[k + 1] + w[k] + w.slice(k + 2);
  return words.join(' ');
}
