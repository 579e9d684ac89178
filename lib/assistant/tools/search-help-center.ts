/**
 * Tool: search the help center. Runs the hybrid search (published articles only) and returns
 * numbered passages; `onSources` lets the route emit them as `source-url` parts so citation
 * marker [n] maps to the n-th source of the turn.
 */
import { tool } from 'ai';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { searchArticles } from '@/lib/search/hybrid';
import { UNTRUSTED_NOTICE, type SearchToolOutput, type SourcePassage } from '../passages';

/** Sources per search call. */
export const SEARCH_TOOL_LIMIT = 4;

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
      const sources: SourcePassage[] = res.results.map((r) => ({
        n: ctx.nextNumber(),
        slug: r.slug,
        title: r.title,
        url: `/articles/${r.slug}${r.anchor ? `#${r.anchor}` : ''}`,
        headingPath: r.headingPath,
        text: r.passage.slice(0, 2400),
      }));
      ctx.onSources(sources);
      return { notice: UNTRUSTED_NOTICE, query, sources };
    },
  });
}
