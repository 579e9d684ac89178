/**
 * Aggregates for /admin/insights: helpfulness of answers and articles, deflection, handoff rate by
 * category, searches with no results, unanswered and thumbs-down questions, experiment arms.
 * Every range is half-open [since, until); time buckets are UTC days or ISO weeks (Monday),
 * labelled `YYYY-MM-DD` by their first day. Callers pass already-validated values.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import type { ExperimentArm } from '../schema';
import { flushSearchLogs } from './search-log';

/** A half-open time range and the bucket size of series over it. */
export interface InsightsRange {
  since: Date;
  until: Date;
  bucket: 'day' | 'week';
}

type Row = Record<string, unknown>;
const rowsOf = (res: unknown): Row[] => (res as { rows?: Row[] }).rows ?? (res as Row[]);
const num = (v: unknown): number => Number(v ?? 0);

function bucketExpr(bucket: 'day' | 'week', column: ReturnType<typeof sql>) {
  // date_trunc of the UTC wall time; the unit is one of two literals, never user text.
  return bucket === 'week' ? sql`to_char(date_trunc('week', ${column} at time zone 'UTC'), 'YYYY-MM-DD')` : sql`to_char(date_trunc('day', ${column} at time zone 'UTC'), 'YYYY-MM-DD')`;
}

/** Thumbs per bucket and target kind. */
export interface HelpfulnessPoint {
  targetType: 'article' | 'message';
  bucket: string;
  up: number;
  down: number;
}

/**
 * Thumbs up and down per bucket, for answers (`message`) and articles, by the time the vote was
 * first cast (a changed vote counts once, with its current rating).
 * @returns one row per (target kind, bucket) that has votes; empty buckets are absent.
 */
export async function helpfulnessSeries(db: Db, range: InsightsRange): Promise<HelpfulnessPoint[]> {
  const b = bucketExpr(range.bucket, sql`f.created_at`);
  const res = await db.execute(sql`
    select f.target_type as target_type, ${b} as bucket,
      count(*) filter (where f.rating > 0) as up, count(*) filter (where f.rating < 0) as down
    from feedback f
    where f.created_at >= ${range.since.toISOString()} and f.created_at < ${range.until.toISOString()}
    group by 1, 2 order by 2, 1`);
  return rowsOf(res).map((r) => ({ targetType: r.target_type as 'article' | 'message', bucket: String(r.bucket), up: num(r.up), down: num(r.down) }));
}

/** One article's votes in the range. */
export interface ArticleHelpfulness {
  articleId: number;
  slug: string;
  title: string;
  up: number;
  down: number;
}

/**
 * Votes per article in the range (articles that still exist), most thumbs-down first, then most votes.
 * @param args.limit at most this many rows (1–500).
 */
export async function articleHelpfulness(db: Db, args: InsightsRange & { limit: number }): Promise<ArticleHelpfulness[]> {
  const res = await db.execute(sql`
    select a.id, a.slug, a.title,
      count(*) filter (where f.rating > 0) as up, count(*) filter (where f.rating < 0) as down
    from feedback f join articles a on a.id = f.article_id
    where f.target_type = 'article' and f.created_at >= ${args.since.toISOString()} and f.created_at < ${args.until.toISOString()}
    group by a.id, a.slug, a.title
    order by down desc, count(*) desc, a.title asc
    limit ${Math.min(Math.max(args.limit, 1), 500)}`);
  return rowsOf(res).map((r) => ({ articleId: num(r.id), slug: String(r.slug), title: String(r.title), up: num(r.up), down: num(r.down) }));
}

/** Conversations of one bucket and how many of them were deflected. */
export interface DeflectionPoint {
  bucket: string;
  conversations: number;
  deflected: number;
}

/** Conversations started in the range that the assistant answered at least once. */
const answeredConversations = (range: { since: Date; until: Date }) => sql`
  select c.id, c.created_at from conversations c
  where c.created_at >= ${range.since.toISOString()} and c.created_at < ${range.until.toISOString()}
    and exists (select 1 from messages m where m.conversation_id = c.id and m.role = 'assistant')`;

/**
 * Deflection per bucket of the conversation's start: of the conversations with at least one
 * assistant answer, those with no handoff and no thumbs-down on any of their answers.
 * @returns one row per bucket that has conversations.
 */
export async function deflectionSeries(db: Db, range: InsightsRange): Promise<DeflectionPoint[]> {
  const b = bucketExpr(range.bucket, sql`c.created_at`);
  const res = await db.execute(sql`
    with c as (${answeredConversations(range)})
    select ${b} as bucket, count(*) as conversations,
      count(*) filter (where not exists (select 1 from handoffs h where h.conversation_id = c.id)
        and not exists (select 1 from feedback f where f.target_type = 'message' and f.conversation_id = c.id and f.rating < 0)) as deflected
    from c group by 1 order by 1`);
  return rowsOf(res).map((r) => ({ bucket: String(r.bucket), conversations: num(r.conversations), deflected: num(r.deflected) }));
}

/** Handoffs of the conversations of one category. */
export interface CategoryHandoffs {
  /** null: conversations whose answers cited no article in a category. */
  categoryId: number | null;
  category: string | null;
  collection: string | null;
  conversations: number;
  handedOff: number;
}

/**
 * Handoff rate by the conversation's category: the category of the first article cited by the
 * conversation's first answer that cites one (lowest citation number in that answer, from the
 * stored provenance). Conversations as in deflectionSeries (started in the range, answered at
 * least once); handed off = a handoff row exists for it.
 * @returns one row per category (plus one with categoryId null), most conversations first.
 */
export async function handoffRateByCategory(db: Db, range: { since: Date; until: Date }): Promise<CategoryHandoffs[]> {
  const res = await db.execute(sql`
    with c as (${answeredConversations(range)}),
    cited as (
      select distinct on (m.conversation_id) m.conversation_id, (e.r ->> 'articleId')::int as article_id
      from messages m
      join c on c.id = m.conversation_id
      cross join lateral jsonb_array_elements(
        case when jsonb_typeof(m.provenance -> 'retrieved') = 'array' then m.provenance -> 'retrieved' else '[]'::jsonb end
      ) as e(r)
      where m.role = 'assistant' and (e.r ->> 'cited') = 'true' and jsonb_typeof(e.r -> 'articleId') = 'number'
      order by m.conversation_id, m.position, (e.r ->> 'n')::int
    )
    select cat.id as category_id, cat.name as category, cat.collection as collection, count(*) as conversations,
      count(*) filter (where exists (select 1 from handoffs h where h.conversation_id = c.id)) as handed_off
    from c
    left join cited on cited.conversation_id = c.id
    left join articles a on a.id = cited.article_id
    left join categories cat on cat.id = a.category_id
    group by cat.id, cat.name, cat.collection
    order by count(*) desc, cat.name asc nulls last`);
  return rowsOf(res).map((r) => ({
    categoryId: r.category_id === null ? null : num(r.category_id),
    category: r.category === null ? null : String(r.category),
    collection: r.collection === null ? null : String(r.collection),
    conversations: num(r.conversations),
    handedOff: num(r.handed_off),
  }));
}

/** Search totals and the most frequent queries that found nothing. */
export interface NoResultSearches {
  searches: number;
  noResults: number;
  /** Grouped case-insensitively with surrounding spaces trimmed; the label is the latest spelling. */
  top: { query: string; count: number; lastAt: Date }[];
}

/**
 * Searches with no results in the range (the search log is already redacted), pending log writes
 * of this instance flushed first.
 * @param args.limit at most this many top queries (1–200).
 */
export async function noResultSearches(db: Db, args: { since: Date; until: Date; limit: number }): Promise<NoResultSearches> {
  // Searches of the last second may still wait in this instance's log buffer: the page shows them.
  await flushSearchLogs();
  const since = args.since.toISOString();
  const until = args.until.toISOString();
  const totals = rowsOf(
    await db.execute(sql`
      select count(*) as searches, count(*) filter (where result_count = 0) as no_results
      from search_queries where created_at >= ${since} and created_at < ${until}`),
  )[0];
  const top = rowsOf(
    await db.execute(sql`
      select (array_agg(trim(query) order by created_at desc))[1] as query, count(*) as n, max(created_at) as last_at
      from search_queries
      where result_count = 0 and created_at >= ${since} and created_at < ${until} and trim(query) <> ''
      group by lower(trim(query))
      order by count(*) desc, max(created_at) desc
      limit ${Math.min(Math.max(args.limit, 1), 200)}`),
  );
  return {
    searches: num(totals?.searches),
    noResults: num(totals?.no_results),
    top: top.map((r) => ({ query: String(r.query), count: num(r.n), lastAt: new Date(r.last_at as string) })),
  };
}

/** A question the assistant refused, or whose answer got a thumbs-down. */
export interface ProblemQuestion {
  conversationId: string;
  /** The assistant message. */
  messageId: string;
  /** The user message it answered (redacted at storage). */
  question: string;
  refused: boolean;
  thumbsDown: boolean;
  at: Date;
}

/**
 * Answers in the range that refused (provenance outcome `refused`) or got a thumbs-down, each
 * with the user message before it, oldest first. An answer that is both appears once.
 * @param args.limit at most this many (1–2000).
 */
export async function problemQuestions(db: Db, args: { since: Date; until: Date; limit: number }): Promise<ProblemQuestion[]> {
  const since = args.since.toISOString();
  const until = args.until.toISOString();
  const res = await db.execute(sql`
    with down as (
      select distinct f.conversation_id, f.target_id as message_id from feedback f
      where f.target_type = 'message' and f.rating < 0 and f.created_at >= ${since} and f.created_at < ${until}
    ),
    picked as (
      select m.conversation_id, m.id, m.position, m.created_at,
        (m.provenance ->> 'outcome') = 'refused' and m.created_at >= ${since} and m.created_at < ${until} as refused,
        exists (select 1 from down d where d.conversation_id = m.conversation_id and d.message_id = m.id) as thumbs_down
      from messages m
      where m.role = 'assistant' and (
        ((m.provenance ->> 'outcome') = 'refused' and m.created_at >= ${since} and m.created_at < ${until})
        or exists (select 1 from down d where d.conversation_id = m.conversation_id and d.message_id = m.id))
    )
    select p.conversation_id, p.id, p.refused, p.thumbs_down, p.created_at, q.parts as question_parts
    from picked p
    cross join lateral (
      select u.parts from messages u
      where u.conversation_id = p.conversation_id and u.role = 'user' and u.position < p.position
      order by u.position desc limit 1
    ) q
    order by p.created_at asc, p.conversation_id asc, p.id asc
    limit ${Math.min(Math.max(args.limit, 1), 2000)}`);
  return rowsOf(res)
    .map((r) => ({
      conversationId: String(r.conversation_id),
      messageId: String(r.id),
      question: textOfParts(typeof r.question_parts === 'string' ? JSON.parse(r.question_parts) : r.question_parts),
      refused: r.refused === true || r.refused === 't',
      thumbsDown: r.thumbs_down === true || r.thumbs_down === 't',
      at: new Date(r.created_at as string),
    }))
    .filter((q) => q.question.trim() !== '');
}

function textOfParts(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  return parts
    .map((p) => (p && typeof p === 'object' && (p as { type?: unknown }).type === 'text' ? String((p as { text?: unknown }).text ?? '') : ''))
    .join(' ')
    .trim();
}

/** One arm's counts in an experiment. */
export interface ArmCounts {
  arm: ExperimentArm;
  /** Answers of the arm with a thumb, and those with a thumbs-up. */
  rated: number;
  helpful: number;
  /** Conversations in the arm (by the arm of their first answer in the experiment) and those handed off. */
  conversations: number;
  handedOff: number;
}

/**
 * Counts per arm of an experiment, over its whole run: rated answers (thumbs on messages stored
 * with the experiment's id) and conversations with their handoffs.
 * @returns both arms, `control` first, zeros where an arm has nothing yet.
 */
export async function experimentArmCounts(db: Db, args: { experimentId: number }): Promise<ArmCounts[]> {
  const votes = rowsOf(
    await db.execute(sql`
      select m.variant as arm, count(*) as rated, count(*) filter (where f.rating > 0) as helpful
      from feedback f join messages m on m.conversation_id = f.conversation_id and m.id = f.target_id
      where f.target_type = 'message' and m.experiment_id = ${args.experimentId} and m.variant is not null
      group by m.variant`),
  );
  const convs = rowsOf(
    await db.execute(sql`
      with arm as (
        select distinct on (m.conversation_id) m.conversation_id, m.variant
        from messages m where m.experiment_id = ${args.experimentId} and m.variant is not null
        order by m.conversation_id, m.position
      )
      select arm.variant as arm, count(*) as conversations,
        count(*) filter (where exists (select 1 from handoffs h where h.conversation_id = arm.conversation_id)) as handed_off
      from arm group by arm.variant`),
  );
  return (['control', 'variant'] as const).map((arm) => {
    const v = votes.find((r) => r.arm === arm);
    const c = convs.find((r) => r.arm === arm);
    return { arm, rated: num(v?.rated), helpful: num(v?.helpful), conversations: num(c?.conversations), handedOff: num(c?.handed_off) };
  });
}
