/**
 * The /admin/feedback review queue: rated-down answers and a sample of unrated ones, each with
 * its review state (open, added, dismissed, gap); per-article vote totals.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { answerReviews, type AnswerReviewState } from '../schema';

/** One answer in the queue. */
export interface QueueItem {
  conversationId: string;
  messageId: string;
  /** The oldest thumbs-down's feedback id; null for an unrated answer. */
  feedbackId: number | null;
  /** Number of thumbs-down on the answer (0 for unrated). */
  downs: number;
  /** The newest thumbs-down's reason id and comment. */
  reason: string | null;
  comment: string | null;
  /** When it was last rated down, or when the answer was made (unrated). */
  at: Date;
  /** Null: open. */
  state: AnswerReviewState | null;
  reviewReason: string | null;
  draftArticleId: number | null;
  reviewedBy: string | null;
  /** Names of the datasets the answer is a case in. */
  datasets: string[];
}

/** Which answers the queue lists. */
export type QueueView = 'down' | 'unrated';

/**
 * Answers to review. `down`: every answer with a thumbs-down (grouped per answer). `unrated`: a
 * stable pseudo-random sample (md5 of the ids) of saved answers nobody rated, leaving out the
 * answer eval's own conversations. Open items come first; then newest first (`down`) or sample order.
 * @param args.state only items in this state (`open` = not reviewed); absent: all.
 * @param args.limit default 50, at most 200.
 */
export async function listReviewQueue(db: Db, args: { view: QueueView; state?: AnswerReviewState | 'open'; limit?: number }): Promise<QueueItem[]> {
  const limit = Math.min(args.limit ?? 50, 200);
  const stateWhere = !args.state ? sql`true` : args.state === 'open' ? sql`r.state is null` : sql`r.state = ${args.state}`;
  const datasets = sql`(select coalesce(json_agg(d.name order by d.name), '[]'::json) from eval_cases c join eval_datasets d on d.id = c.dataset_id
                          where c.conversation_id = q.conversation_id and c.message_id = q.message_id) as datasets`;
  const base =
    args.view === 'down'
      ? sql`select f.conversation_id, f.target_id as message_id, min(f.id) as feedback_id, count(*)::int as downs,
                   (array_agg(f.reason order by f.updated_at desc, f.id desc))[1] as reason,
                   (array_agg(f.comment order by f.updated_at desc, f.id desc) filter (where f.comment is not null))[1] as comment,
                   max(f.updated_at) as at, 0 as sample
            from feedback f
            join messages m on m.conversation_id = f.conversation_id and m.id = f.target_id and m.role = 'assistant'
            where f.target_type = 'message' and f.rating = -1
            group by f.conversation_id, f.target_id`
      : sql`select m.conversation_id, m.id as message_id, null::int as feedback_id, 0 as downs, null as reason, null as comment,
                   m.created_at as at, md5(m.conversation_id || '/' || m.id) as sample
            from messages m join conversations c on c.id = m.conversation_id
            where m.role = 'assistant' and c.client_id <> 'eval'
              and not exists (select 1 from feedback f where f.target_type = 'message' and f.conversation_id = m.conversation_id and f.target_id = m.id)`;
  const order = args.view === 'down' ? sql`q.at desc, q.feedback_id desc` : sql`q.sample`;
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select q.*, r.state, r.reason as review_reason, r.draft_article_id, r.reviewed_by, ${datasets}
        from (${base}) q
        left join answer_reviews r on r.conversation_id = q.conversation_id and r.message_id = q.message_id
        where ${stateWhere}
        order by (r.state is null) desc, ${order}
        limit ${limit}`,
  );
  return res.map((r) => ({
    conversationId: String(r.conversation_id),
    messageId: String(r.message_id),
    feedbackId: r.feedback_id === null || r.feedback_id === undefined ? null : Number(r.feedback_id),
    downs: Number(r.downs),
    reason: (r.reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    at: new Date(r.at as string),
    state: (r.state as AnswerReviewState | null) ?? null,
    reviewReason: (r.review_reason as string | null) ?? null,
    draftArticleId: r.draft_article_id === null || r.draft_article_id === undefined ? null : Number(r.draft_article_id),
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    datasets: (typeof r.datasets === 'string' ? JSON.parse(r.datasets) : (r.datasets ?? [])) as string[],
  }));
}

/**
 * The review state of one answer.
 * @returns null when it was never reviewed (open).
 */
export async function getAnswerReview(
  db: Db,
  args: { conversationId: string; messageId: string },
): Promise<{ state: AnswerReviewState; reason: string | null; draftArticleId: number | null; reviewedBy: string | null; reviewedAt: Date } | null> {
  const [row] = await rows<Record<string, unknown>>(
    db,
    sql`select state, reason, draft_article_id, reviewed_by, reviewed_at from answer_reviews where conversation_id = ${args.conversationId} and message_id = ${args.messageId}`,
  );
  if (!row) return null;
  return {
    state: row.state as AnswerReviewState,
    reason: (row.reason as string | null) ?? null,
    draftArticleId: row.draft_article_id === null ? null : Number(row.draft_article_id),
    reviewedBy: (row.reviewed_by as string | null) ?? null,
    reviewedAt: new Date(row.reviewed_at as string),
  };
}

/**
 * Sets an answer's review state (the latest action wins; a draft article made for a gap is kept
 * when a later action does not name one).
 */
export async function setAnswerReview(
  db: Db,
  args: { conversationId: string; messageId: string; state: AnswerReviewState; reason?: string | null; draftArticleId?: number | null; reviewedBy: string | null },
): Promise<void> {
  await db
    .insert(answerReviews)
    .values({
      conversationId: args.conversationId,
      messageId: args.messageId,
      state: args.state,
      reason: args.reason ?? null,
      draftArticleId: args.draftArticleId ?? null,
      reviewedBy: args.reviewedBy,
    })
    .onConflictDoUpdate({
      target: [answerReviews.conversationId, answerReviews.messageId],
      set: {
        state: args.state,
        reason: args.reason ?? null,
        draftArticleId: args.draftArticleId === undefined || args.draftArticleId === null ? sql`${answerReviews.draftArticleId}` : args.draftArticleId,
        reviewedBy: args.reviewedBy,
        reviewedAt: sql`now()`,
      },
    });
}

/** Helpful / not helpful votes of one article. */
export interface ArticleTotals {
  articleId: number;
  slug: string;
  title: string;
  helpful: number;
  notHelpful: number;
}

/**
 * Article votes summed per article, most not-helpful first.
 * @param args.limit default 50.
 */
export async function articleVoteTotals(db: Db, args: { limit?: number } = {}): Promise<ArticleTotals[]> {
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select a.id, a.slug, a.title,
               count(*) filter (where f.rating = 1)::int as helpful,
               count(*) filter (where f.rating = -1)::int as not_helpful
        from feedback f join articles a on a.id = f.article_id
        where f.target_type = 'article'
        group by a.id, a.slug, a.title
        order by not_helpful desc, helpful desc, a.title
        limit ${args.limit ?? 50}`,
  );
  return res.map((r) => ({ articleId: Number(r.id), slug: String(r.slug), title: String(r.title), helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
}

/**
 * The votes on one answer, newest first.
 * @returns `{ id, rating, reason, comment, updatedAt }` per vote.
 */
export async function answerVotes(
  db: Db,
  args: { conversationId: string; messageId: string },
): Promise<{ id: number; rating: number; reason: string | null; comment: string | null; updatedAt: Date }[]> {
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select id, rating, reason, comment, updated_at from feedback
        where target_type = 'message' and conversation_id = ${args.conversationId} and target_id = ${args.messageId}
        order by updated_at desc, id desc`,
  );
  return res.map((r) => ({
    id: Number(r.id),
    rating: Number(r.rating),
    reason: (r.reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    updatedAt: new Date(r.updated_at as string),
  }));
}

/** Names and ids of the datasets that hold the answer as a case, with the case id. */
export async function answerCases(db: Db, args: { conversationId: string; messageId: string }): Promise<{ datasetId: number; datasetName: string; caseId: string }[]> {
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select d.id, d.name, c.case_id from eval_cases c join eval_datasets d on d.id = c.dataset_id
        where c.conversation_id = ${args.conversationId} and c.message_id = ${args.messageId} order by d.name`,
  );
  return res.map((r) => ({ datasetId: Number(r.id), datasetName: String(r.name), caseId: String(r.case_id) }));
}
