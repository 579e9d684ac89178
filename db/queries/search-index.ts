/**
 * The keyword index of chunks: the weighted tsvector built from already-analyzed texts (the
 * analysis itself, in JavaScript, is lib/search/tokens.ts), and the rebuild of chunks analyzed by
 * an older version (their tsvector, their `chunk_terms` postings and the statistics).
 */
import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { addArticleStats, removeArticleStats } from './search-stats';

/** The analyzed texts of one chunk, each weighted on its own. */
export interface ChunkSearchTexts {
  /** Article title: weight A. */
  title: string;
  /** Heading path (and the summary on the first chunk): weight B. */
  headings: string;
  /** Chunk text: weight C, or D for a link list ("Next steps", "See also"). */
  content: string;
  /** Weight of `content`; default C. */
  contentWeight?: 'C' | 'D';
}

/**
 * The tsvector expression of a chunk: english configuration, unaccent, weights A/B/C(D).
 * @param t texts as lib/search/tokens.ts `indexText` returns them.
 * @returns an SQL expression for an insert or update (no query is run).
 */
export function chunkSearchVector(t: ChunkSearchTexts): SQL {
  return sql`setweight(to_tsvector('english', unaccent(${t.title})), 'A') || setweight(to_tsvector('english', unaccent(${t.headings})), 'B') || setweight(to_tsvector('english', unaccent(${t.content})), ${t.contentWeight ?? 'C'}::"char")`;
}

/** A chunk whose tsvector was built by an older analysis, with the raw texts to rebuild it from. */
export interface StaleChunk {
  chunkId: number;
  articleId: number;
  position: number;
  title: string;
  summary: string;
  headingPath: string;
  content: string;
}

/**
 * The chunks of up to `articles` articles that have any chunk analyzed by a version below `analyzer`.
 * @returns every chunk of those articles (stats are kept per article), ordered by article and position.
 * @throws database errors.
 */
export async function listStaleChunks(db: Db, args: { analyzer: number; articles: number }): Promise<StaleChunk[]> {
  const found = await rows<{ id: number; article_id: number; position: number; title: string; summary: string; heading_path: string; content: string }>(
    db,
    sql`select c.id, c.article_id, c.position, a.title, a.summary, c.heading_path, c.content
        from article_chunks c join articles a on a.id = c.article_id
        where c.article_id in (select distinct article_id from article_chunks where analyzer < ${args.analyzer} order by article_id limit ${args.articles})
        order by c.article_id, c.position`,
  );
  return found.map((r) => ({
    chunkId: Number(r.id),
    articleId: Number(r.article_id),
    position: Number(r.position),
    title: r.title,
    summary: r.summary,
    headingPath: r.heading_path,
    content: r.content,
  }));
}

/**
 * Rewrites chunks' tsvectors in one transaction: the articles' statistics are taken out, the
 * tsvectors and `analyzer` replaced, the chunks' postings rewritten (as the insert trigger writes
 * them) and the statistics put back.
 * @param args.chunks every chunk of each article named (see listStaleChunks), with its new texts.
 * @param args.analyzer the version to record.
 * @throws database errors (nothing is written then).
 */
export async function rewriteChunkSearch(db: Db, args: { analyzer: number; chunks: { chunkId: number; articleId: number; texts: ChunkSearchTexts }[] }): Promise<void> {
  if (args.chunks.length === 0) return;
  const articleIds = [...new Set(args.chunks.map((c) => c.articleId))];
  const ids = sql.join(
    args.chunks.map((c) => sql`${c.chunkId}`),
    sql`, `,
  );
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    for (const articleId of articleIds) await removeArticleStats(tx, { articleId });
    for (const c of args.chunks) {
      await tx.execute(sql`update article_chunks set search = ${chunkSearchVector(c.texts)}, analyzer = ${args.analyzer} where id = ${c.chunkId}`);
    }
    await tx.execute(sql`delete from chunk_terms where chunk_id in (${ids})`);
    await tx.execute(sql`
      insert into chunk_terms (chunk_id, article_id, lexeme, impact)
      select c.id, c.article_id, u.lexeme, chunk_term_impact(c.search, u.lexeme)
      from article_chunks c, unnest(c.search) as u
      where c.id in (${ids})`);
    for (const articleId of articleIds) await addArticleStats(tx, { articleId });
  });
}
