/**
 * Planner statistics and visibility after bulk writes. PGlite runs no autovacuum, so after an
 * import its planner knows nothing of the new rows (it then picks hash joins over whole tables for
 * the keyword leg) and index-only scans of `chunk_terms` still visit the heap. On a server,
 * autovacuum would get there later; doing it at once makes the first searches fast too.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * `VACUUM (ANALYZE)` of the search tables; inside a transaction (where VACUUM is not allowed) it
 * falls back to `ANALYZE`. Takes about a second per 10k chunks on PGlite.
 * @throws nothing: a failure is logged and searches still work, only slower.
 */
export async function refreshSearchStatistics(db: Db): Promise<void> {
  const tables = 'articles, article_chunks, chunk_terms, chunk_embeddings, search_terms, search_words';
  try {
    await db.execute(sql.raw(`VACUUM (ANALYZE) ${tables}`));
  } catch {
    try {
      await db.execute(sql.raw(`ANALYZE ${tables}`));
    } catch (err) {
      console.error('[resolve] could not refresh planner statistics', err);
    }
  }
}
