/**
 * Keeps `search_terms` (stem document frequencies + N) and `search_words` (surface vocabulary)
 * in step with an article's chunks. Call `removeArticleStats` before its chunks are deleted and
 * `addArticleStats` after the new ones are inserted, in the same transaction.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

const WORD_PATTERN = '^[a-z][a-z0-9]{2,}$';

async function apply(db: Db, articleId: number, sign: 1 | -1): Promise<void> {
  await db.execute(sql`
    insert into search_terms (lexeme, df)
    select lexeme, ${sign} * count(*) from (
      select unnest(tsvector_to_array(search)) as lexeme from article_chunks where article_id = ${articleId}
    ) x group by lexeme
    union all
    select '', ${sign} * count(*) from article_chunks where article_id = ${articleId}
    on conflict (lexeme) do update set df = greatest(search_terms.df + excluded.df, 0)`);
  await db.execute(sql`
    insert into search_words (word, df)
    select word, ${sign} * count(*) from (
      select unnest(tsvector_to_array(to_tsvector('simple', unaccent(heading_path || ' ' || content)))) as word
      from article_chunks where article_id = ${articleId}
    ) x where word ~ ${WORD_PATTERN} group by word
    on conflict (word) do update set df = greatest(search_words.df + excluded.df, 0)`);
}

/** Subtracts the article's current chunks from the statistics. */
export function removeArticleStats(db: Db, args: { articleId: number }): Promise<void> {
  return apply(db, args.articleId, -1);
}

/** Adds the article's current chunks to the statistics. */
export function addArticleStats(db: Db, args: { articleId: number }): Promise<void> {
  return apply(db, args.articleId, 1);
}

/**
 * Recomputes both statistics tables from all chunks (ts_stat); for bulk loads that bypass the
 * save pipeline (benchmarks) and for repairs. Cost: one pass over every chunk's tsvector.
 */
export async function rebuildSearchStats(db: Db): Promise<void> {
  await db.execute(sql`delete from search_terms`);
  await db.execute(sql`delete from search_words`);
  await db.execute(sql`insert into search_terms (lexeme, df) select word, ndoc from ts_stat('select search from article_chunks')`);
  await db.execute(sql`insert into search_terms (lexeme, df) select '', count(*) from article_chunks`);
  await db.execute(
    sql`insert into search_words (word, df) select word, ndoc from ts_stat('select to_tsvector(''simple'', unaccent(heading_path || '' '' || content)) from article_chunks') where word ~ ${WORD_PATTERN}`,
  );
}
