/**
 * Re-embedding: chunks that have no vector of the active embedding model (after a model switch,
 * or rows written by an older version) are embedded in batches. Queries only read the active
 * model's vectors, so until this has run the semantic leg simply has fewer candidates.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { countChunksAndOtherVectors, countChunksMissingEmbedding, insertChunkEmbeddings, listChunksAfter, listChunksMissingEmbedding, upsertChunkEmbeddings } from '@/db/queries/embeddings';
import { embedTexts } from '@/lib/ai/embeddings';

/**
 * Embeds every chunk that lacks a vector of the active model.
 * @param opts.batch chunks per round trip (default 256).
 * @param opts.onProgress called with (chunks done, chunks missing at the start): once with 0
 *   before the first batch when any is missing, then after each batch.
 * @returns the number of chunks embedded (0 when all were current).
 * @throws the embedding provider's error for a hosted model.
 */
export async function embedMissingChunks(db: Db, opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<number> {
  const { model } = await embedTexts([]);
  const total = await countChunksMissingEmbedding(db, { model });
  if (total > 0) opts.onProgress?.(0, total);
  let done = 0;
  while (done < total) {
    const batch = await listChunksMissingEmbedding(db, { model, limit: opts.batch ?? 256 });
    if (batch.length === 0) break;
    // Same text as the save pipeline: title, heading path, content.
    const { vectors } = await embedTexts(batch.map((b) => [b.title, b.headingPath, b.content].filter(Boolean).join('\n')));
    const values = batch.map((b, i) => ({ chunkId: b.id, vector: vectors[i] })).filter((x): x is { chunkId: number; vector: number[] } => Array.isArray(x.vector));
    await insertChunkEmbeddings(db, { model, vectors: values });
    done += batch.length;
    opts.onProgress?.(done, total);
    // Chunks with no embeddable word get no vector; stop rather than loop on them forever.
    if (values.length === 0) break;
  }
  return done;
}

/**
 * Re-embeds every chunk with the active embedding model, replacing its vector of that model (for
 * `npm run reindex`: after a model change, or an upgrade of the same model id). Search keeps
 * working meanwhile: each batch replaces vectors in place.
 * @param opts.batch chunks per round trip (default 256).
 * @param opts.onProgress called with (chunks done, chunks at the start): once with 0, then after
 *   each batch.
 * @returns `{ model, embedded, chunks, otherModelVectors }`: the active model's id, the chunks
 *   given a vector, the chunks seen, and the vectors of other models still stored (unused by
 *   queries).
 * @throws the embedding provider's error for a hosted model (vectors written so far are kept).
 */
export async function reembedAllChunks(
  db: Db,
  opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ model: string; embedded: number; chunks: number; otherModelVectors: number }> {
  const { model } = await embedTexts([]);
  const { chunks: total } = await countChunksAndOtherVectors(db, { model });
  opts.onProgress?.(0, total);
  let afterId = 0;
  let done = 0;
  let embedded = 0;
  for (;;) {
    const batch = await listChunksAfter(db, { afterId, limit: opts.batch ?? 256 });
    if (batch.length === 0) break;
    const { vectors } = await embedTexts(batch.map((b) => [b.title, b.headingPath, b.content].filter(Boolean).join('\n')));
    const values = batch.map((b, i) => ({ chunkId: b.id, vector: vectors[i] })).filter((x): x is { chunkId: number; vector: number[] } => Array.isArray(x.vector));
    await upsertChunkEmbeddings(db, { model, vectors: values });
    embedded += values.length;
    done += batch.length;
    afterId = batch[batch.length - 1].id;
    // Chunks saved meanwhile can push `done` past the first count; the total grows with it.
    opts.onProgress?.(done, Math.max(total, done));
  }
  const { otherModelVectors } = await countChunksAndOtherVectors(db, { model });
  return { model, embedded, chunks: done, otherModelVectors };
}
