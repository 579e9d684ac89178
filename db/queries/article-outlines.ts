/** Section headings of published articles, for the assistant's suggested follow-up questions. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { articleChunks, articles } from '../schema';
import { markdownHeadings } from '@/lib/assistant/suggestions';

export interface ArticleOutline {
  slug: string;
  title: string;
  /** `##` and `###` headings in document order. */
  headings: string[];
}

/**
 * @param args.slugs article slugs (at most 10 are read).
 * @returns the outlines of the published ones, in the order of `slugs`.
 */
export async function getArticleOutlines(db: Db, args: { slugs: string[] }): Promise<ArticleOutline[]> {
  const slugs = [...new Set(args.slugs)].slice(0, 10);
  if (slugs.length === 0) return [];
  const rows = await db
    .select({ slug: articles.slug, title: articles.title, body: articles.body })
    .from(articles)
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')));
  const bySlug = new Map(rows.map((r) => [r.slug, { slug: r.slug, title: r.title, headings: markdownHeadings(r.body) }]));
  return slugs.map((s) => bySlug.get(s)).filter((x): x is ArticleOutline => !!x);
}

export interface ArticleSection {
  slug: string;
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
    .select({ slug: articles.slug, headingPath: articleChunks.headingPath, anchor: articleChunks.anchor, content: articleChunks.content, position: articleChunks.position })
    .from(articleChunks)
    .innerJoin(articles, eq(articles.id, articleChunks.articleId))
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')))
    .orderBy(asc(articles.slug), asc(articleChunks.position));
}
