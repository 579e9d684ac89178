/**
 * Related articles by similarity: the article's own title and summary searched (hybrid search,
 * keyword + typo + semantic legs) within its product, the article itself left out. Articles that
 * share its words and meaning come first, whatever their category or file order.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { getArticleSummariesBySlugs, type ArticleSummary } from '@/db/queries/articles';
import { searchArticles } from './hybrid';

/**
 * @param article the article shown: `slug`, `title`, `summary`, `collection`.
 * @param limit 1–10 (default 5).
 * @returns up to `limit` published articles of the same product, most similar first; [] when
 *   nothing else matches.
 * @throws database errors.
 */
export async function relatedArticles(db: Db, article: { slug: string; title: string; summary: string; collection: string }, limit = 5): Promise<ArticleSummary[]> {
  const n = Math.min(Math.max(limit, 1), 10);
  // The summary adds the article's topic words; 40 words keep the query at typing length.
  const query = `${article.title} ${article.summary}`.split(/\s+/).slice(0, 40).join(' ');
  const res = await searchArticles(db, { query, limit: n + 1, collection: article.collection });
  const slugs = res.results
    .map((r) => r.slug)
    .filter((s) => s !== article.slug)
    .slice(0, n);
  const summaries = await getArticleSummariesBySlugs(db, { slugs });
  const bySlug = new Map(summaries.map((s) => [s.slug, s]));
  return slugs.map((s) => bySlug.get(s)).filter((s): s is ArticleSummary => !!s);
}
