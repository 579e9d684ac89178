/**
 * Chunk vectors. Vectors of several models share one table; each model gets a partial HNSW index
 * `USING hnsw ((embedding::vector(dims)) vector_cosine_ops) WHERE model = …` and queries use the
 * same cast and predicate, so the planner can pick that index.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../client';

const ensured = new WeakMap<Db, Set<string>>();

/** Index name for a model: `chunk_embeddings_hnsw_<sanitized model>_<dims>` (≤ 63 bytes). */
function embeddingIndexName(model: string, dims: number): string {
  const safe = model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
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
  if (!set) {
    set = new Set();
    ensured.set(db, set);
  }
  if (set.has(key)) return;
  if (!Number.isInteger(args.dims) || args.dims < 1 || args.dims > 2000) {
    throw new Error(`embedding dims must be 1–2000, got ${args.dims}`);
  }
  const name = embeddingIndexName(args.model, args.dims);
  const literal = `'${args.model.replace(/'/g, "''")}'`;
  await db.execute(sql.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON chunk_embeddings USING hnsw ((embedding::vector(${args.dims})) vector_cosine_ops) WHERE model = ${literal}`));
  set.add(key);
}

/**
 * How many chunks have no vector of a model.
 * @param args.model model id as stored in `chunk_embeddings.model`.
 * @returns a count of chunks (0 when every chunk has one).
 */
export async function countChunksMissingEmbedding(db: Db, args: { model: string }): Promise<number> {
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from article_chunks c where not exists (select 1 from chunk_embeddings e where e.chunk_id = c.id and e.model = ${args.model})`,
  );
  return Number(n);
}

export interface ChunkToEmbed {
  id: number;
  content: string;
  /** Headings above the chunk joined by " › " ('' for none). */
  headingPath: string;
  /** The article's title. */
  title: string;
}

/**
 * The next chunks (lowest ids first) with no vector of a model.
 * @param args.model model id as stored in `chunk_embeddings.model`.
 * @param args.limit max rows.
 * @returns up to `limit` chunks with the texts an embedding is made from.
 */
export async function listChunksMissingEmbedding(db: Db, args: { model: string; limit: number }): Promise<ChunkToEmbed[]> {
  const list = await rows<{ id: number; content: string; heading_path: string; title: string }>(
    db,
    sql`select c.id, c.content, c.heading_path, a.title from article_chunks c join articles a on a.id = c.article_id
        where not exists (select 1 from chunk_embeddings e where e.chunk_id = c.id and e.model = ${args.model})
        order by c.id limit ${args.limit}`,
  );
  return list.map((r) => ({ id: Number(r.id), content: r.content, headingPath: r.heading_path, title: r.title }));
}

/**
 * Stores chunk vectors of one model (and creates the model's index first if missing). A chunk
 * that already has a vector of that model keeps it.
 * @param args.model model id; args.vectors `{ chunkId, vector }` with 1–2000 dims, all alike.
 * @throws Error for dims outside 1–2000; the driver's error for an unknown chunk id.
 */
export async function insertChunkEmbeddings(db: Db, args: { model: string; vectors: { chunkId: number; vector: number[] }[] }): Promise<void> {
  if (args.vectors.length === 0) return;
  await ensureEmbeddingIndex(db, { model: args.model, dims: args.vectors[0].vector.length });
  await db.execute(
    sql`insert into chunk_embeddings (chunk_id, model, dims, embedding) values ${sql.join(
      args.vectors.map((x) => sql`(${x.chunkId}, ${args.model}, ${x.vector.length}, ${`[${x.vector.join(',')}]`}::vector)`),
      sql`, `,
    )} on conflict do nothing`,
  );
}

/**
 * How many chunks there are, and how many vectors of other models than `model` are stored.
 * @param args.model the active model's id.
 * @returns `{ chunks, otherModelVectors }`.
 */
export async function countChunksAndOtherVectors(db: Db, args: { model: string }): Promise<{ chunks: number; otherModelVectors: number }> {
  const [r] = await rows<{ chunks: number; other: number }>(
    db,
    sql`select (select count(*)::int from article_chunks) as chunks, (select count(*)::int from chunk_embeddings where model <> ${args.model}) as other`,
  );
  return { chunks: Number(r.chunks), otherModelVectors: Number(r.other) };
}

/**
 * The next chunks by id after `afterId`, with the texts an embedding is made from (keyset pages
 * over every chunk, whatever vectors it has).
 * @param args.afterId 0 for the first page; args.limit max rows.
 * @returns up to `limit` chunks in id order.
 */
export async function listChunksAfter(db: Db, args: { afterId: number; limit: number }): Promise<ChunkToEmbed[]> {
  const list = await rows<{ id: number; content: string; heading_path: string; title: string }>(
    db,
    sql`select c.id, c.content, c.heading_path, a.title from article_chunks c join articles a on a.id = c.article_id
        where c.id > ${args.afterId} order by c.id limit ${args.limit}`,
  );
  return list.map((r) => ({ id: Number(r.id), content: r.content, headingPath: r.heading_path, title: r.title }));
}

/**
 * Stores chunk vectors of one model, replacing a chunk's existing vector of that model (the
 * re-index after a model change or upgrade). Creates the model's index first if missing.
 * @param args.model model id; args.vectors `{ chunkId, vector }` with 1–2000 dims, all alike.
 * @throws Error for dims outside 1–2000. A chunk deleted meanwhile is skipped (no row to join).
 */
export async function upsertChunkEmbeddings(db: Db, args: { model: string; vectors: { chunkId: number; vector: number[] }[] }): Promise<void> {
  if (args.vectors.length === 0) return;
  await ensureEmbeddingIndex(db, { model: args.model, dims: args.vectors[0].vector.length });
  // Joined to article_chunks so a chunk an edit replaced while we embedded is skipped, not an FK error.
  await db.execute(
    sql`insert into chunk_embeddings (chunk_id, model, dims, embedding)
        select v.chunk_id, v.model, v.dims, v.embedding from (values ${sql.join(
          args.vectors.map((x) => sql`(${x.chunkId}::int, ${args.model}::text, ${x.vector.length}::int, ${`[${x.vector.join(',')}]`}::vector)`),
          sql`, `,
        )}) as v(chunk_id, model, dims, embedding) join article_chunks c on c.id = v.chunk_id
        on conflict (chunk_id, model) do update set dims = excluded.dims, embedding = excluded.embedding`,
  );
}
