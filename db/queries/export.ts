/** Reads for `npm run export` (lib/content/export.ts): every article with its category. */
import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { articles, categories, collections, type ArticleStatus } from '../schema';

/** One article as the export writes it. */
export interface ExportRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body: string;
  status: ArticleStatus;
  collection: string;
  sourceId: string | null;
  sourceUrl: string | null;
  license: string | null;
  attribution: string | null;
  position: number;
  updatedAt: Date;
  categorySlug: string | null;
  categoryName: string | null;
  categoryPosition: number | null;
}

/**
 * Every article in any status (or one collection's), ordered by collection, category position,
 * position, id.
 * @param args.collection only this collection when given (exact name).
 * @returns the rows, possibly empty.
 * @throws database errors.
 */
export async function listArticlesForExport(db: Db, args: { collection?: string } = {}): Promise<ExportRow[]> {
  return db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      summary: articles.summary,
      body: articles.body,
      status: articles.status,
      collection: articles.collection,
      sourceId: articles.sourceId,
      sourceUrl: articles.sourceUrl,
      license: articles.license,
      attribution: articles.attribution,
      position: articles.position,
      updatedAt: articles.updatedAt,
      categorySlug: categories.slug,
      categoryName: categories.name,
      categoryPosition: categories.position,
    })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(args.collection ? eq(articles.collection, args.collection) : undefined)
    .orderBy(asc(articles.collection), asc(categories.position), asc(articles.position), asc(articles.id));
}

/**
 * The product row of a collection, as the export writes it beside the articles.
 * @param args.slug the collection name.
 * @returns `{ title, description, color, position, locale }`, or null when it has no row.
 * @throws database errors.
 */
export async function getCollectionForExport(db: Db, args: { slug: string }): Promise<{ title: string; description: string; color: string | null; position: number; locale: string } | null> {
  const [row] = await db
    .select({ title: collections.title, description: collections.description, color: collections.color, position: collections.position, locale: collections.locale })
    .from(collections)
    .where(eq(collections.slug, args.slug))
    .limit(1);
  return row ?? null;
}
