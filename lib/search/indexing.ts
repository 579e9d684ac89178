/**
 * What the keyword index stores for a chunk: its title, heading path (+ summary on the first
 * chunk) and text, each analyzed by lib/search/tokens.ts (`indexText`: CJK cut into words,
 * compounds whole and by their parts, inline HTML dropped) before Postgres' english configuration
 * stems them. The article save writes chunks through `chunkSearchFields`; start-up rebuilds the
 * chunks an older analysis wrote (`reindexStaleChunks`), so a changed analysis reaches old content.
 */
import 'server-only';
import type { SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { chunkSearchVector, listStaleChunks, rewriteChunkSearch, type ChunkSearchTexts } from '@/db/queries/search-index';
import { indexText } from './tokens';

/**
 * Version of the analysis; bump it when `chunkSearchTexts` or tokens.ts changes what is indexed,
 * and start-up rebuilds every chunk built before. 1: CJK segmentation, joined compounds, no HTML tags.
 */
export const ANALYZER_VERSION = 1;

/** The chunk's raw parts, as the article save has them. */
export interface ChunkSource {
  title: string;
  /** Headings above the chunk joined by " › " ('' before the first heading). */
  headingPath: string;
  /** The article summary; indexed with the first chunk's headings. */
  summary: string;
  /** 0-based position in the article (the summary goes with position 0). */
  position: number;
  /** Plain text of the chunk. */
  content: string;
}

/**
 * The analyzed, weighted texts of a chunk.
 * @returns title (A), headings + summary on the first chunk (B), content (C).
 */
function chunkSearchTexts(c: ChunkSource): ChunkSearchTexts {
  return {
    title: indexText(c.title),
    headings: indexText([c.headingPath, c.position === 0 ? c.summary : ''].join(' ')),
    content: indexText(c.content),
    // A list of links to other articles ("Next steps") is about those articles: it weighs least.
    ...(isLinkListHeading(c.headingPath) ? { contentWeight: 'D' as const } : {}),
  };
}

/** Section names of link lists to other articles ("Next steps", "See also", "Related articles"). */
const LINK_LIST_HEADING =
  /(?:^|›\s*)(?:next steps?|what'?s next|see also|related(?: articles| topics| guides| pages| resources| links)?|further reading|learn more|read more|more resources|additional resources|useful links)\s*[:?]?\s*$/i;

/**
 * Whether a chunk's section is a list of links to other articles, judged by its heading.
 * @param headingPath headings joined by " › ".
 * @returns true for "Next steps", "See also", "Related", "Further reading" and the like (last heading).
 */
export function isLinkListHeading(headingPath: string): boolean {
  return LINK_LIST_HEADING.test(headingPath.trim());
}

/**
 * The search columns of a chunk row for an insert: `{ search, analyzer }`.
 * @returns `search` as an SQL expression (weighted tsvector), `analyzer` = ANALYZER_VERSION.
 */
export function chunkSearchFields(c: ChunkSource): { search: SQL; analyzer: number } {
  return { search: chunkSearchVector(chunkSearchTexts(c)), analyzer: ANALYZER_VERSION };
}

/** Articles whose chunks one rebuild transaction rewrites. */
const REINDEX_BATCH_ARTICLES = 50;

/**
 * Rebuilds the keyword index of every chunk written by an older analysis (ANALYZER_VERSION), a
 * batch of articles per transaction: tsvector, postings and statistics. Idempotent; on an index
 * already current it costs one query.
 * @param opts.onProgress called after each batch with the chunks rebuilt so far.
 * @returns the number of chunks rebuilt.
 * @throws database errors (batches already done stay done).
 */
export async function reindexStaleChunks(db: Db, opts: { onProgress?: (done: number) => void } = {}): Promise<number> {
  let done = 0;
  for (;;) {
    const stale = await listStaleChunks(db, { analyzer: ANALYZER_VERSION, articles: REINDEX_BATCH_ARTICLES });
    if (stale.length === 0) return done;
    await rewriteChunkSearch(db, {
      analyzer: ANALYZER_VERSION,
      chunks: stale.map((c) => ({ chunkId: c.chunkId, articleId: c.articleId, texts: chunkSearchTexts(c) })),
    });
    done += stale.length;
    opts.onProgress?.(done);
  }
}
