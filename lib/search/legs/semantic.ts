/**
 * The semantic leg of the hybrid search: nearest chunks by cosine distance over the active
 * embedding model's vectors (pgvector).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { embedTexts } from '@/lib/ai/embeddings';
import { expandQuery } from '../synonyms';
import { LEG_DEPTH, type ChunkHit } from '../fusion';

/**
 * Semantic leg: nearest chunks by cosine distance over the active model's vectors.
 * @param args.query any user text (thesaurus words are added before embedding); args.depth chunks returned (default LEG_DEPTH).
 * @returns chunk hits best first, `score` = cosine similarity (−1…1); [] when the query embeds to nothing.
 * @throws database errors and, with a hosted model, the provider's error.
 */
export async function semanticLeg(db: Db, args: { query: string; collection?: string; depth?: number }): Promise<ChunkHit[]> {
  // The thesaurus' article vocabulary helps the embedding too ("give it back" → + "refund").
  const { model, vectors } = await embedTexts([[args.query, ...expandQuery(args.query)].join(' ')]);
  const v = vectors[0];
  if (!v) return [];
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
        limit ${args.depth ?? LEG_DEPTH}`,
  );
  return found.map((r) => ({ chunkId: Number(r.chunk_id), articleId: Number(r.article_id), score: 1 - Number(r.distance) }));
}
