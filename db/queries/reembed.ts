/**
 * Re-embedding: chunks that have no vector of the active embedding model (after a model switch,
 * or rows written by an older version) are embedded in batches. Queries only read the active
 * model's vectors, so until this has run the semantic leg simply has fewer candidates.
 */
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { embedTexts } from '@/lib/ai/embeddings';
import { ensureEmbeddingIndex } from './embeddings';

/**
 * Embeds every chunk that lacks a vector of the active model.
 * @param opts.batch chunks per round trip (default 256).
 * @param opts.onProgress called after each batch with (done, total).
 * @returns the number of chunks embedded (0 when all were current).
 * @throws the embedding provider's error for a hosted model.
 */
export async function embedMissingChunks(
  db: Db,
  opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const { model } = await embedTexts([]);
  const [{ n }] = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from article_chunks c where not exists (select 1 from chunk_embeddings e where e.chunk_id = c.id and e.model = ${model})`,
  );
  const total = Number(n);
  let done = 0;
  while (done < total) {
    const batch = await rows<{ id: number; content: string; heading_path: string; title: string }>(
      db,
      sql`select c.id, c.content, c.heading_path, a.title from article_chunks c join articles a on a.id = c.article_id
          where not exists (select 1 from chunk_embeddings e where e.chunk_id = c.id and e.model = ${model})
          order by c.id limit ${opts.batch ?? 256}`,
    );
    if (batch.length === 0) break;
    // Same text as the save pipeline: title, heading path, content.
    const { vectors } = await embedTexts(batch.map((b) => [b.title, b.heading_path, b.content].filter(Boolean).join('\n')));
    const values = batch
      .map((b, i) => ({ id: Number(b.id), v: vectors[i] }))
      .filter((x): x is { id: number; v: number[] } => Array.isArray(x.v));
    if (values.length) {
      await ensureEmbeddingIndex(db, { model, dims: values[0].v.length });
      await db.execute(
        sql`insert into chunk_embeddings (chunk_id, model, dims, embedding) values ${sql.join(
          values.map((x) => sql`(${x.id}, ${model}, ${x.v.length}, ${`[${x.v.join(',')}]`}::vector)`),
          sql`, `,
        )} on conflict do nothing`,
      );
    }
    done += batch.length;
    opts.onProgress?.(done, total);
    // Chunks with no embeddable word get no vector; stop rather than loop on them forever.
    if (values.length === 0) break;
  }
  return done;
}
