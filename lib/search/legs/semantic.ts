/**
 * The semantic leg of the hybrid search: nearest chunks by cosine distance over the active
 * embedding model's vectors. A small index (at most IN_MEMORY_MAX_FLOATS vector components, e.g.
 * 20,000 chunks of 100-d GloVe) is searched exactly in memory, on either engine: on the embedded
 * database an exact pgvector scan joined to the published articles took ~20 ms a search on these 2
 * cores (single-threaded, blocking every other query meanwhile); on the Postgres server the HNSW
 * search was the largest stage of a search (7.0 of 19 ms, measured in-process over 600 typed
 * prefixes of the dev set); the same top-k in memory takes well under 1 ms. The copy is reloaded
 * whenever `search_generation_seq` (bumped by triggers on chunks, their vectors and articles'
 * status or collection; migration 0019) has moved, checked on every search (../generation.ts: kept
 * in memory between the trigger's notifications). A writer holds a shared
 * advisory lock from its bump to its commit (migration 0020) and a copy is loaded only under that
 * lock taken exclusively, so no copy is read between a bump and its commit, whichever connection or
 * instance wrote. While a writer is in flight, and for larger indexes, pgvector's HNSW index answers.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { embedTexts } from '@/lib/ai/embeddings';
import { expandQuery } from '../synonyms';
import { generationAtLeast, readGeneration, searchGeneration } from '../generation';
import { LEG_DEPTH, type ChunkHit } from '../fusion';

/** Vector components (chunks × dimensions) up to which the index is searched in memory: 8 MB of float32. */
const IN_MEMORY_MAX_FLOATS = 2_000_000;

/** One model's published chunk vectors, as of one search generation. */
interface VectorCopy {
  generation: string;
  chunkIds: Int32Array;
  articleIds: Int32Array;
  /** Index into `collections` per chunk. */
  collectionOf: Int32Array;
  collections: string[];
  dims: number;
  /** Unit-length vectors, row-major. */
  vectors: Float32Array;
}

/** Per database (tests open several in one process) and model: the copy, or 'sql' when too large. */
const copies = new WeakMap<Db, Map<string, VectorCopy | { generation: string; tooLarge: true }>>();
/** Loads under way, per database and model: concurrent searches after a write share one. */
const loading = new WeakMap<Db, Map<string, Promise<VectorCopy | { generation: string; tooLarge: true } | null>>>();

/** The advisory lock key writers hold shared from their generation bump to their commit (migration 0020). */
const SEARCH_GENERATION_LOCK = 7340019;

/**
 * The search generation this process's in-memory copy of a model's vectors describes, when that is
 * the current one. A copy is only read under the generation lock taken exclusively (loadCopy), so
 * at that generation no writer was between its bump and its commit: results computed while it is
 * current may be kept under it (lib/search/result-cache.ts). Costs at most one read of the counter
 * (none while ../generation.ts keeps it).
 * @param model embedding model id. @returns the generation, or null when the copy is missing,
 *   stale, or there is no counter (before migration 0019).
 */
export async function settledGeneration(db: Db, model: string): Promise<string | null> {
  const gen = await searchGeneration(db);
  const copy = copies.get(db)?.get(model);
  // A copy loaded after a commit whose notification has not arrived yet is ahead of the kept value.
  return gen !== null && copy && generationAtLeast(copy.generation, gen) ? copy.generation : null;
}

/**
 * Reads the copy in one transaction holding the generation lock exclusively: no writer is between
 * its bump and its commit, so the generation read here describes exactly the rows read.
 * @returns the copy, `tooLarge`, or null when a writer holds the lock (search with pgvector meanwhile).
 */
async function loadCopy(db: Db, model: string): Promise<VectorCopy | { generation: string; tooLarge: true } | null> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [lock] = await rows<{ ok: boolean }>(t, sql`select pg_try_advisory_xact_lock(${SEARCH_GENERATION_LOCK}) as ok`);
    if (!lock?.ok) return null;
    const gen = await readGeneration(t);
    return gen === null ? null : readCopy(t, model, gen);
  });
}

async function readCopy(db: Db, model: string, gen: string): Promise<VectorCopy | { generation: string; tooLarge: true }> {
  const [size] = await rows<{ n: number; dims: number | null }>(
    db,
    sql`select count(*)::int as n, max(ce.dims)::int as dims from chunk_embeddings ce
        join article_chunks c on c.id = ce.chunk_id join articles a on a.id = c.article_id
        where ce.model = ${model} and a.status = 'published'`,
  );
  const n = Number(size?.n ?? 0);
  const dims = Number(size?.dims ?? 0);
  if (n * dims > IN_MEMORY_MAX_FLOATS) return { generation: gen, tooLarge: true };
  const found = await rows<{ chunk_id: number; article_id: number; collection: string; embedding: string }>(
    db,
    sql`select ce.chunk_id, c.article_id, a.collection, ce.embedding::text as embedding from chunk_embeddings ce
        join article_chunks c on c.id = ce.chunk_id join articles a on a.id = c.article_id
        where ce.model = ${model} and a.status = 'published' and ce.dims = ${dims}
        order by ce.chunk_id`,
  );
  const collections: string[] = [];
  const collectionIndex = new Map<string, number>();
  const copy: VectorCopy = {
    generation: gen,
    chunkIds: new Int32Array(found.length),
    articleIds: new Int32Array(found.length),
    collectionOf: new Int32Array(found.length),
    collections,
    dims,
    vectors: new Float32Array(found.length * dims),
  };
  found.forEach((r, i) => {
    copy.chunkIds[i] = Number(r.chunk_id);
    copy.articleIds[i] = Number(r.article_id);
    let c = collectionIndex.get(r.collection);
    if (c === undefined) {
      c = collections.length;
      collections.push(r.collection);
      collectionIndex.set(r.collection, c);
    }
    copy.collectionOf[i] = c;
    const v = r.embedding.slice(1, -1).split(',').map(Number);
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dims; d++) copy.vectors[i * dims + d] = (v[d] ?? 0) / norm;
  });
  return copy;
}

/**
 * Exact top-`depth` by cosine similarity over an in-memory copy.
 * @returns hits best first (ties: lower chunk id first), `score` = cosine similarity.
 */
function searchCopy(copy: VectorCopy, query: number[], collection: string | undefined, depth: number): ChunkHit[] {
  const dims = copy.dims;
  if (query.length !== dims) return [];
  let qn = 0;
  for (const x of query) qn += x * x;
  qn = Math.sqrt(qn);
  if (!qn) return [];
  const q = Float32Array.from(query, (x) => x / qn);
  const only = collection === undefined ? -1 : copy.collections.indexOf(collection);
  if (collection !== undefined && only < 0) return [];
  // A bounded min-heap would save little at these sizes: score all, keep the best `depth`.
  const scored: { i: number; s: number }[] = [];
  for (let i = 0; i < copy.chunkIds.length; i++) {
    if (only >= 0 && copy.collectionOf[i] !== only) continue;
    let dot = 0;
    const o = i * dims;
    for (let d = 0; d < dims; d++) dot += q[d] * copy.vectors[o + d];
    scored.push({ i, s: dot });
  }
  scored.sort((a, b) => b.s - a.s || copy.chunkIds[a.i] - copy.chunkIds[b.i]);
  return scored.slice(0, depth).map(({ i, s }) => ({ chunkId: copy.chunkIds[i], articleId: copy.articleIds[i], score: s }));
}

/**
 * Semantic leg: nearest chunks by cosine distance over the active model's vectors.
 * @param args.query any user text (thesaurus words are added before embedding); args.depth chunks
 *   returned (default LEG_DEPTH); args.engine 'sql' forces pgvector (benchmarks, tests), 'auto'
 *   (default) searches a small embedded index in memory.
 * @returns chunk hits best first, `score` = cosine similarity (−1…1); [] when the query embeds to nothing.
 * @throws database errors and, with a hosted model, the provider's error.
 */
export async function semanticLeg(db: Db, args: { query: string; collection?: string; depth?: number; engine?: 'auto' | 'sql' }): Promise<ChunkHit[]> {
  // The thesaurus' article vocabulary helps the embedding too ("give it back" → + "refund").
  const { model, vectors } = await embedTexts([[args.query, ...expandQuery(args.query)].join(' ')]);
  const v = vectors[0];
  if (!v) return [];
  const depth = args.depth ?? LEG_DEPTH;
  if (args.engine !== 'sql') {
    const gen = await searchGeneration(db);
    if (gen !== null) {
      let perDb = copies.get(db);
      if (!perDb) {
        perDb = new Map();
        copies.set(db, perDb);
      }
      let copy = perDb.get(model) ?? null;
      if (!copy || !generationAtLeast(copy.generation, gen)) {
        let inFlight = loading.get(db);
        if (!inFlight) {
          inFlight = new Map();
          loading.set(db, inFlight);
        }
        let pending = inFlight.get(model);
        if (!pending) {
          const map = inFlight;
          pending = loadCopy(db, model).finally(() => map.delete(model));
          inFlight.set(model, pending);
        }
        copy = await pending;
        if (copy) perDb.set(model, copy);
      }
      if (copy && !('tooLarge' in copy)) return searchCopy(copy, v, args.collection, depth);
    }
  }
  const dims = v.length;
  const lit = `[${v.join(',')}]`;
  const cast = sql.raw(`vector(${dims})`);
  const found = await rows<{ chunk_id: number; article_id: number; distance: number }>(
    db,
    sql`select ce.chunk_id, c.article_id, (ce.embedding::${cast}) <=> ${lit}::${cast} as distance
        from chunk_embeddings ce
        join article_chunks c on c.id = ce.chunk_id
        join articles a on a.id = c.article_id
        where ce.model = ${model} and a.status = 'published' ${args.collection ? sql`and a.collection = ${args.collection}` : sql``}
        order by (ce.embedding::${cast}) <=> ${lit}::${cast}
        limit ${depth}`,
  );
  return found.map((r) => ({ chunkId: Number(r.chunk_id), articleId: Number(r.article_id), score: 1 - Number(r.distance) }));
}
