/** Published article bodies and sections, read for the assistant (suggestions and passages). */
import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { articleChunks, articles } from '../schema';

export interface ArticleBody {
  slug: string;
  title: string;
  /** Markdown source as stored. */
  body: string;
}

/**
 * Bodies of published articles by slug.
 * @param args.slugs article slugs (duplicates ignored; at most 10 are read).
 * @returns the published ones, in the order of `slugs`; drafts and unknown slugs are left out.
 */
export async function getArticleBodies(db: Db, args: { slugs: string[] }): Promise<ArticleBody[]> {
  const slugs = [...new Set(args.slugs)].slice(0, 10);
  if (slugs.length === 0) return [];
  const rows = await db
    .select({ slug: articles.slug, title: articles.title, body: articles.body })
    .from(articles)
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')));
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return slugs.map((s) => bySlug.get(s)).filter((x): x is ArticleBody => !!x);
}

export interface ArticleSection {
  slug: string;
  /** The chunk's id, its article's id and live version (`articles.live_version`): the passage's provenance. */
  chunkId: number;
  articleId: number;
  articleVersion: number;
  headingPath: string;
  anchor: string;
  content: string;
  position: number;
}

/**
 * Every chunk (section passage) of the given published articles, for picking the passage that
 * best answers a question within an article the search found.
 * @param args.slugs article slugs (at most 10 are read).
 * @returns chunks ordered by article, then position.
 */
export async function getArticleSections(db: Db, args: { slugs: string[] }): Promise<ArticleSection[]> {
  const slugs = [...new Set(args.slugs)].slice(0, 10);
  if (slugs.length === 0) return [];
  return db
    .select({
      slug: articles.slug,
      chunkId: articleChunks.id,
      articleId: articles.id,
      articleVersion: sql<number>`coalesce(${articles.liveVersion}, ${articles.version})`.mapWith(Number),
      headingPath: articleChunks.headingPath,
      anchor: articleChunks.anchor,
      content: articleChunks.content,
      position: articleChunks.position,
    })
    .from(articleChunks)
    .innerJoin(articles, eq(articles.id, articleChunks.articleId))
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')))
    .orderBy(asc(articles.slug), asc(articleChunks.position));
}
