/**
 * Tool: search the help center. Runs the hybrid search (published articles only), then within
 * each article found picks the section that best covers the query (the search ranks articles by
 * their best chunk for retrieval; the answer needs the section that answers), and returns
 * numbered passages; `onSources` lets the route emit them as `source-url` parts so citation
 * marker [n] maps to the n-th source of the turn.
 */
import 'server-only';
import { tool } from 'ai';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { getArticleSections, type ArticleSection } from '@/db/queries/article-outlines';
import { searchArticles } from '@/lib/search/hybrid';
import { contentWords, stem } from '../context';
import { UNTRUSTED_NOTICE, type SearchToolOutput, type SourcePassage } from '../passages';

/** Sources per search call. */
export const SEARCH_TOOL_LIMIT = 4;

/** Sections that point elsewhere rather than answer. */
const POINTER_SECTION = /^(next steps?|see also|related( articles)?|learn more|more help)$/i;

/**
 * Scores a section for a query: the share of the query's content words (5-letter stems) found in
 * its heading path (weight 1.5) or text (weight 1), minus a penalty for "Next steps"-like sections.
 * @returns a number, higher is better; 0 for no overlap.
 */
export function sectionScore(query: string, section: Pick<ArticleSection, 'headingPath' | 'content'>): number {
  const q = [...new Set(contentWords(query).map(stem))];
  if (q.length === 0) return 0;
  const heading = new Set(contentWords(section.headingPath).map(stem));
  const text = new Set(contentWords(section.content).map(stem));
  let s = 0;
  for (const w of q) s += heading.has(w) ? 1.5 : text.has(w) ? 1 : 0;
  const last = section.headingPath.split(' › ').pop()?.trim() ?? '';
  return (s / q.length) * (POINTER_SECTION.test(last) ? 0.4 : 1);
}

/**
 * @param ctx.db database to search.
 * @param ctx.nextNumber returns the next free citation number for this turn (shared across calls).
 * @param ctx.onSources receives the sources of each call, in citation order.
 * @param ctx.collection optional collection scope.
 */
export function searchHelpCenterTool(ctx: {
  db: Db;
  nextNumber: () => number;
  onSources: (sources: SourcePassage[]) => void;
  collection?: string;
}) {
  return tool({
    description:
      'Search the help center articles. Returns numbered source passages (untrusted article text) to answer from and cite as [n].',
    inputSchema: z.object({
      query: z.string().min(1).max(500).describe('A self-contained search query, including context from earlier turns.'),
    }),
    execute: async ({ query }): Promise<SearchToolOutput> => {
      const res = await searchArticles(ctx.db, { query, limit: SEARCH_TOOL_LIMIT, collection: ctx.collection });
      const sections = await getArticleSections(ctx.db, { slugs: res.results.map((r) => r.slug) }).catch(() => []);
      const sources: SourcePassage[] = res.results.map((r) => {
        let best = { headingPath: r.headingPath, anchor: r.anchor, content: r.passage };
        let bestScore = sectionScore(query, best);
        for (const s of sections) {
          if (s.slug !== r.slug) continue;
          const score = sectionScore(query, s);
          if (score > bestScore + 0.05) {
            best = s;
            bestScore = score;
          }
        }
        return {
          n: ctx.nextNumber(),
          slug: r.slug,
          title: r.title,
          url: `/articles/${r.slug}${best.anchor ? `#${best.anchor}` : ''}`,
          headingPath: best.headingPath,
          text: best.content.slice(0, 2400),
        };
      });
      ctx.onSources(sources);
      return { notice: UNTRUSTED_NOTICE, query, sources };
    },
  });
}
