/**
 * The offline embedding model: SIF-weighted average of GloVe word vectors.
 * SIF: Arora, Liang, Ma, "A Simple but Tough-to-Beat Baseline for Sentence Embeddings", ICLR 2017
 * — weight a/(a + p(w)) with a = 1e-3. Word probabilities p(w) come from the GloVe vocabulary's
 * frequency rank through Zipf's law, p(rank r) ≈ 1 / (r · ln(1.78 · V)). The common-component
 * removal step of the paper is left out (it needs the whole corpus at query time).
 */
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import { GLOVE_DIMS, loadWordVectors } from './glove';

export const LOCAL_EMBEDDING_MODEL_ID = 'glove-100d-sif';
const SIF_A = 1e-3;

/** Lower-cased word tokens (letters and digits; accents kept). */
export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Embeds one text.
 * @returns a unit-length vector of 100 numbers, or all zeros when no word is in the vocabulary
 *   (callers store no vector for those, so they never rank).
 */
export function embedLocal(text: string): number[] {
  const wv = loadWordVectors();
  const zipfNorm = Math.log(1.78 * wv.size);
  const acc = new Float64Array(GLOVE_DIMS);
  let n = 0;
  for (const tok of wordTokens(text)) {
    const row = wv.index.get(tok);
    if (row === undefined) continue;
    const p = 1 / ((row + 1) * zipfNorm);
    const w = SIF_A / (SIF_A + p);
    const off = row * GLOVE_DIMS;
    for (let d = 0; d < GLOVE_DIMS; d++) acc[d] += w * wv.vectors[off + d];
    n++;
  }
  let norm = 0;
  for (let d = 0; d < GLOVE_DIMS; d++) norm += acc[d] * acc[d];
  norm = Math.sqrt(norm);
  if (n === 0 || norm === 0) return new Array(GLOVE_DIMS).fill(0);
  return Array.from(acc, (x) => x / norm);
}

/** AI SDK `EmbeddingModelV3` wrapper of `embedLocal`, usable with `embed`/`embedMany`. */
export function createLocalEmbeddingModel(): EmbeddingModelV3 {
  return {
    specificationVersion: 'v3',
    provider: 'resolve-local',
    modelId: LOCAL_EMBEDDING_MODEL_ID,
    maxEmbeddingsPerCall: 2048,
    supportsParallelCalls: false,
    async doEmbed({ values }) {
      return { embeddings: values.map(embedLocal), warnings: [] };
    },
  };
}
