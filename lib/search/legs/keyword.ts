/**
 * The keyword leg of the hybrid search: BM25-style scoring over the impact-ordered postings of
 * `chunk_terms` (built by lib/search/indexing.ts).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { analyzeQuery, type QueryAnalysis } from '../analyze';
import { LEG_DEPTH, type ChunkHit } from '../fusion';

/**
 * Postings read per query lexeme, best impact first (twice as many with a collection filter,
 * which drops the other collections' postings after the read). At the dev set's size (about 3,000
 * chunks) nearly every lexeme's list is shorter, so ranking is exact; at 100k chunks it bounds the
 * work of a common word (see `npm run bench:search`).
 */
const POSTINGS_PER_TERM = 1000;
/** Candidates (best partial scores) rescored with every query lexeme, as a multiple of the depth. */
const RESCORE_FACTOR = 3;

/**
 * Keyword leg: BM25-style score Σ idf(t) · ts_rank(chunk, t) with ts_rank's field weights (title A
 * 1.0, headings/summary B 0.4, body C 0.2) and length normalization 1 (÷ 1 + log length), read
 * from the impact-ordered postings of `chunk_terms` (ts_rank precomputed per chunk and lexeme):
 * the top POSTINGS_PER_TERM postings of each lexeme, kept when their article is published (and in
 * the collection), give candidates and partial scores
 * (score-at-a-time over impact-sorted lists: Anh & Moffat, SIGIR 2006); the best
 * depth × RESCORE_FACTOR candidates are then rescored exactly over all query lexemes.
 * @param args.depth chunks returned (default 100).
 * @returns chunk hits best first, or null when the analyzer left nothing of the query.
 * @throws database errors.
 */
export async function keywordLeg(db: Db, args: { query: string; collection?: string; prefix?: boolean; expand?: boolean; depth?: number; analysis?: QueryAnalysis }): Promise<ChunkHit[] | null> {
  const { terms, empty } = args.analysis ?? (await analyzeQuery(db, args));
  if (empty) return null;
  if (terms.length === 0) return [];
  const depth = args.depth ?? LEG_DEPTH;
  // Each list is read from chunk_terms alone (ordered index scan, whatever the planner's
  // statistics say), then filtered to published articles (and the collection).
  const perTerm = args.collection ? POSTINGS_PER_TERM * 2 : POSTINGS_PER_TERM;
  const lists = sql.join(
    terms.map(
      (t) => sql`(select p.chunk_id, p.article_id, ${t.group}::text as grp, p.impact * ${t.idf}::float8 as s
                  from (select chunk_id, article_id, impact from chunk_terms where lexeme = ${t.lexeme}
                        order by impact desc nulls last limit ${perTerm}) p
                  join articles a on a.id = p.article_id
                  where a.status = 'published' ${args.collection ? sql`and a.collection = ${args.collection}` : sql``})`,
    ),
    sql` union all `,
  );
  const weights = sql.join(
    terms.map((t) => sql`(${t.lexeme}, ${t.group}::text, ${t.idf}::float8)`),
    sql`, `,
  );
  // Per chunk: the best score within each group, summed over groups.
  const found = await rows<{ chunk_id: number; article_id: number; score: number }>(
    db,
    sql`with cand as (${lists}),
        partial as (
          select chunk_id, article_id, sum(s) as s
          from (select chunk_id, article_id, max(s) as s from cand group by chunk_id, article_id, grp) g
          group by chunk_id, article_id order by s desc, chunk_id limit ${depth * RESCORE_FACTOR}
        )
        select chunk_id, article_id, sum(s) as score
        from (
          select pr.chunk_id, pr.article_id, max(p.impact * w.weight) as s
          from partial pr
          join chunk_terms p on p.chunk_id = pr.chunk_id
          join (values ${weights}) as w(lexeme, grp, weight) on w.lexeme = p.lexeme
          group by pr.chunk_id, pr.article_id, w.grp
        ) g
        group by chunk_id, article_id
        order by score desc, chunk_id
        limit ${depth}`,
  );
  return found.map((r) => ({ chunkId: Number(r.chunk_id), articleId: Number(r.article_id), score: Number(r.score) }));
}
