/**
 * The active embedding model, asked by role. Local GloVe-SIF by default; with `OPENAI_API_KEY`
 * the hosted model named by `OPENAI_EMBEDDING_MODEL` (through `OPENAI_BASE_URL` when set).
 * Each stored vector names its model, and queries read only the active model's vectors.
 */
import 'server-only';
import { embedMany } from 'ai';
import type { EmbeddingModelV3 } from '@ai-sdk/provider';
import { env } from '@/lib/env';
import { createHashedEmbeddingModel, HASHED_EMBEDDING_MODEL_ID } from './hashed-embedding';
import { createLocalEmbeddingModel, LOCAL_EMBEDDING_MODEL_ID } from './local-embedding';

export interface ActiveEmbeddingModel {
  /** Name stored with every vector, e.g. `glove-100d-sif-pc1` or `openai:text-embedding-3-small`. */
  id: string;
  model: EmbeddingModelV3;
  /** Whether it runs in-process (no network). */
  local: boolean;
  /**
   * Cosine similarity below which a chunk does not vote in the semantic leg. Model-specific:
   * averaged GloVe vectors of any two English texts are ~0.4 apart at most, hashed vectors of
   * unrelated texts ~0. Set on the development set (npm run eval).
   */
  floor: number;
  /**
   * Similarity a chunk needs when the semantic leg is the only one that found anything (no query
   * word is in the index, even corrected). Made-up or off-topic words ("foo", "banana", "qwerty")
   * reach 0.33–0.49 with GloVe-SIF on the corpora, real paraphrases ("give my money back") 0.6–0.86.
   */
  aloneFloor: number;
}

let active: ActiveEmbeddingModel | undefined;

/** The embedding model for this process (chosen once from the environment). */
export async function getEmbeddingModel(): Promise<ActiveEmbeddingModel> {
  if (active) return active;
  const e = env();
  if (e.OPENAI_API_KEY) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const provider = createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL });
    active = { id: `openai:${e.OPENAI_EMBEDDING_MODEL}`, model: provider.embedding(e.OPENAI_EMBEDDING_MODEL), local: false, floor: 0.2, aloneFloor: 0.4 };
  } else if (e.RESOLVE_LOCAL_EMBEDDING === HASHED_EMBEDDING_MODEL_ID) {
    active = { id: HASHED_EMBEDDING_MODEL_ID, model: createHashedEmbeddingModel(), local: true, floor: 0.05, aloneFloor: 0.3 };
  } else {
    active = { id: LOCAL_EMBEDDING_MODEL_ID, model: createLocalEmbeddingModel(), local: true, floor: 0.3, aloneFloor: 0.55 };
  }
  return active;
}

/**
 * Embeds texts with the active model.
 * @param texts 0..n strings.
 * @returns `{ model, vectors }`; `vectors[i]` is null where the text had no embeddable content
 *   (an all-zero vector), so it is never stored or ranked.
 * @throws the provider's error for a hosted model (network, auth, rate limit).
 */
export async function embedTexts(texts: string[]): Promise<{ model: string; vectors: (number[] | null)[] }> {
  const m = await getEmbeddingModel();
  if (texts.length === 0) return { model: m.id, vectors: [] };
  const { embeddings } = await embedMany({ model: m.model, values: texts, maxRetries: m.local ? 0 : 2 });
  return { model: m.id, vectors: embeddings.map((v) => (v.some((x) => x !== 0) ? v : null)) };
}
