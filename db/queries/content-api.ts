/**
 * Reads for the content API (lib/content-api/articles.ts): whole article rows by id, and pages of
 * articles in id order (keyset pagination: `id > cursor`).
 */
import 'server-only';
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { articles, type ArticleStatus } from '../schema';

export type ArticleRecord = typeof articles.$inferSelect;

/** The article row with this id, or null. */
export async function getArticleRecord(db: Db, args: { id: number }): Promise<ArticleRecord | null> {
  const [row] = await db.select().from(articles).where(eq(articles.id, args.id)).limit(1);
  return row ?? null;
}

/**
 * Up to `limit` articles with id above `cursor`, in id order, without their bodies' use (the
 * caller drops them), filtered by status and collection.
 * @returns the rows and the cursor of the next page (null on the last page).
 */
export async function listArticleRecords(db: Db, args: { status?: ArticleStatus; collection?: string; limit: number; cursor?: number }): Promise<{ rows: ArticleRecord[]; nextCursor: number | null }> {
  const where: SQL[] = [];
  if (args.status) where.push(eq(articles.status, args.status));
  if (args.collection) where.push(eq(articles.collection, args.collection));
  if (args.cursor !== undefined) where.push(gt(articles.id, args.cursor));
  const rows = await db
    .select()
    .from(articles)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(articles.id))
    .limit(args.limit + 1);
  const more = rows.length > args.limit;
  const page = more ? rows.slice(0, args.limit) : rows;
  return { rows: page, nextCursor: more ? page[page.length - 1].id : null };
}

/** The id of the article with this slug, or null. */
export async function articleIdBySlug(db: Db, args: { slug: string }): Promise<number | null> {
  const [row] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, args.slug)).limit(1);
  return row?.id ?? null;
}

/**
 * The collections (products) that exist: every collection an article of any status belongs to,
 * and every product row.
 * @returns their slugs, sorted.
 */
export async function listCollectionSlugs(db: Db): Promise<string[]> {
  const found = await rows<{ slug: string }>(db, sql`select collection as slug from articles union select slug from collections order by 1`);
  return found.map((r) => r.slug);
}
