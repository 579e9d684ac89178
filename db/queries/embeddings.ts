/**
 * Per-model partial HNSW indexes over `chunk_embeddings`. Vectors of several models share one
 * table; each model gets `USING hnsw ((embedding::vector(dims)) vector_cosine_ops) WHERE model = …`
 * and queries use the same cast and predicate, so the planner can pick that index.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

const ensured = new WeakMap<Db, Set<string>>();

/** Index name for a model: `chunk_embeddings_hnsw_<sanitized model>_<dims>` (≤ 63 bytes). */
export function embeddingIndexName(model: string, dims: number): string {
  const safe = model.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30);
  return `chunk_embeddings_hnsw_${safe}_${dims}`;
}

/**
 * Creates the model's partial HNSW index if missing (once per process and database).
 * @param args.model model id as stored in `chunk_embeddings.model`.
 * @param args.dims vector dimensions (1–2000, pgvector's HNSW limit for `vector`).
 * @throws Error for dims outside 1–2000.
 */
export async function ensureEmbeddingIndex(db: Db, args: { model: string; dims: number }): Promise<void> {
  const key = `${args.model}:${args.dims}`;
  let set = ensured.get(db);
  if (!set) ensured.set(db, (set = new Set()));
  if (set.has(key)) return;
  if (!Number.isInteger(args.dims) || args.dims < 1 || args.dims > 2000) {
    throw new Error(`embedding dims must be 1–2000, got ${args.dims}`);
  }
  const name = embeddingIndexName(args.model, args.dims);
  const literal = `'${args.model.replace(/'/g, "''")}'`;
  await db.execute(
    sql.raw(
      `CREATE INDEX IF NOT EXISTS "${name}" ON chunk_embeddings USING hnsw ((embedding::vector(${args.dims})) vector_cosine_ops) WHERE model = ${literal}`,
    ),
  );
  set.add(key);
}
