/**
 * Baseline offline embedding: the hashing trick (Weinberger et al., "Feature Hashing for Large
 * Scale Multitask Learning", ICML 2009) over word unigrams and bigrams, sublinear tf (1 + ln tf),
 * signed buckets, L2-normalized. No semantics beyond shared words — it is the lexical baseline
 * the GloVe model must beat to earn its place (README table).
 */
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import { words } from '@/lib/search/words';

export const HASHED_EMBEDDING_MODEL_ID = 'hash-256';
const DIMS = 256;

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The words this model drops: part of the model's definition, not the search's stop list
 * (lib/search/words.ts): vectors stored under `hash-256` were made with exactly these, and a query
 * must be embedded the same way to meet them (the README's baseline row was measured with them).
 */
const MODEL_STOP_WORDS = new Set('a an the and or of to in on at by for with is are was be it this that i you we my your how do does can what'.split(' '));

/**
 * Embeds one text.
 * @returns 256 numbers, unit length, or all zeros for a text with no word.
 */
function embedHashed(text: string): number[] {
  const tokens = words(text).filter((w) => !MODEL_STOP_WORDS.has(w));
  const tf = new Map<string, number>();
  tokens.forEach((w, i) => {
    tf.set(w, (tf.get(w) ?? 0) + 1);
    if (i > 0) tf.set(`${tokens[i - 1]} ${w}`, (tf.get(`${tokens[i - 1]} ${w}`) ?? 0) + 1);
  });
  const v = new Float64Array(DIMS);
  for (const [feature, count] of tf) {
    const h = fnv1a(feature);
    v[h % DIMS] += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return norm === 0 ? new Array(DIMS).fill(0) : Array.from(v, (x) => x / norm);
}

/** AI SDK `EmbeddingModelV3` wrapper of `embedHashed`. */
export function createHashedEmbeddingModel(): EmbeddingModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'resolve-local',
    modelId: HASHED_EMBEDDING_MODEL_ID,
    maxEmbeddingsPerCall: 4096,
    supportsParallelCalls: false,
    async doEmbed({ values }) {
      return { embeddings: values.map(embedHashed), warnings: [] };
    },
  };
}
