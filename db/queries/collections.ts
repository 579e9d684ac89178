/** Collections: each imported folder (and the bundled sample, `resolve`) is one product's articles. */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../client';

/**
 * Collections that have at least one published article.
 * @returns collection names, sorted.
 * @throws database errors.
 */
export async function listCollections(db: Db): Promise<string[]> {
  const r = await rows<{ collection: string }>(db, sql`select distinct collection from articles where status = 'published' order by collection`);
  return r.map((x) => x.collection);
}

/**
 * A cheap fingerprint of the published content: changes whenever an article is published,
 * unpublished or edited.
 * @returns `"<count>:<latest updated_at in ms>"`.
 * @throws database errors.
 */
export async function publishedContentVersion(db: Db): Promise<string> {
  const [r] = await rows<{ n: number; t: string | null }>(db, sql`select count(*)::int as n, (extract(epoch from max(updated_at)) * 1000)::bigint::text as t from articles where status = 'published'`);
  return `${r.n}:${r.t ?? 0}`;
}

/**
 * Every chunk of every published article, as text for term statistics.
 * @returns `{ collection, text }` per chunk (title, heading path and content joined).
 * @throws database errors.
 */
export async function listPublishedChunkTexts(db: Db): Promise<{ collection: string; text: string }[]> {
  return rows<{ collection: string; text: string }>(
    db,
    sql`select a.collection, concat_ws(' ', a.title, c.heading_path, c.content) as text
        from article_chunks c join articles a on a.id = c.article_id where a.status = 'published'`,
  );
}
