/** Section outlines of published articles, for the assistant's suggested follow-up questions. */
import 'server-only';
import type { Db } from '@/db/client';
import { getArticleBodies } from '@/db/queries/article-outlines';
import { markdownHeadings } from './suggestions';

export interface ArticleOutline {
  slug: string;
  title: string;
  /** `##` and `###` headings in document order. */
  headings: string[];
}

/**
 * Outlines of published articles.
 * @param args.slugs article slugs (duplicates ignored; at most 10 are read).
 * @returns the outlines of the published ones, in the order of `slugs`.
 * @throws the database driver's error when the query fails.
 */
export async function getArticleOutlines(db: Db, args: { slugs: string[] }): Promise<ArticleOutline[]> {
  const bodies = await getArticleBodies(db, args);
  return bodies.map((a) => ({ slug: a.slug, title: a.title, headings: markdownHeadings(a.body) }));
}
