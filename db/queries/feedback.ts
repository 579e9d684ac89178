/** Feedback (thumbs) on articles and assistant answers: one row per (target, browser client). */
import 'server-only';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { articles, conversations, feedback, messages, type FeedbackTarget } from '../schema';
import { getAnswerRecord, type AnswerRecord } from './conversations';

export interface FeedbackInput {
  targetType: FeedbackTarget;
  /**
   * `article`: the article's id (number), or its current slug (string, from older clients); the
   * vote is stored under the id either way. `message`: the assistant message id.
   */
  targetId: string | number;
  /** For `message` targets: the conversation of the message (required; message ids are unique only within one). */
  conversationId?: string | null;
  /** Opaque browser client id (cookie). */
  clientId: string;
  /** +1 or -1. */
  rating: 1 | -1;
  /** A reason id of lib/feedback/reasons.ts (validated by the caller). */
  reason?: string | null;
  /** Already redacted by the caller. */
  comment?: string | null;
}

/**
 * Records or changes a vote: an upsert on (target_type, conversation_id, target_id, client_id),
 * never select-then-insert, so a double click or a changed mind leaves one row. Article votes are
 * stored under the article's id (`target_id` = id as text, `article_id` = id), so they follow the
 * article through a rename. A changed rating replaces the reason and comment (the other thumb's
 * details are cleared; null unless this call gives new ones); the same rating again keeps the stored
 * ones unless this call gives new ones, so a repeated click does not wipe details sent after it.
 * Answer votes must name a conversation that `clientId` owns (see db/queries/conversations.ts)
 * and an assistant message stored in it (the caller may retry `not_found:message` for a moment:
 * an answer is stored as its stream ends, app/api/feedback).
 * @returns the stored row's id and rating, and the article's id for article votes.
 * @throws AppError `not_found:article` for an unknown or unpublished article (by id or slug; a
 *   string of digits names the article with that slug, else the one with that id),
 *   `not_found:conversation` for a message vote without a conversation, or with one that does
 *   not exist or is another client's, `not_found:message` when that conversation holds no
 *   assistant message with this id (nothing is stored).
 */
export async function upsertFeedback(db: Db, input: FeedbackInput): Promise<{ id: number; rating: number; articleId: number | null }> {
  let articleId: number | null = null;
  if (input.targetType === 'article') {
    const byId = typeof input.targetId === 'number';
    const published = (where: SQL) =>
      db
        .select({ id: articles.id })
        .from(articles)
        .where(and(where, eq(articles.status, 'published')))
        .limit(1);
    let [found] = await published(byId ? eq(articles.id, input.targetId as number) : eq(articles.slug, String(input.targetId)));
    // "140" sent as a string: a slug of that name first (a slug may be all digits), else the id.
    const digits = !byId && /^\d{1,10}$/.test(String(input.targetId)) ? Number(input.targetId) : 0;
    if (!found && digits >= 1 && digits <= 2 ** 31 - 1) [found] = await published(eq(articles.id, digits));
    if (!found) throw new AppError('not_found:article', 'There is no published article with that id or slug.');
    articleId = found.id;
  } else {
    const conversationId = input.conversationId ?? '';
    const [conv] = conversationId ? await db.select({ clientId: conversations.clientId }).from(conversations).where(eq(conversations.id, conversationId)).limit(1) : [];
    if (!conv || conv.clientId !== input.clientId) throw new AppError('not_found:conversation', 'Conversation not found');
    const [answer] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.id, String(input.targetId)), eq(messages.role, 'assistant')))
      .limit(1);
    if (!answer) throw new AppError('not_found:message', 'There is no answer with that id in this conversation.');
  }
  const conversationId = input.targetType === 'message' ? (input.conversationId ?? '') : '';
  const targetId = articleId !== null ? String(articleId) : String(input.targetId);
  const changed = sql`${feedback.rating} <> excluded.rating`;
  const [row] = await db
    .insert(feedback)
    .values({
      targetType: input.targetType,
      targetId,
      conversationId,
      articleId,
      clientId: input.clientId,
      rating: input.rating,
      reason: input.reason ?? null,
      comment: input.comment ?? null,
    })
    .onConflictDoUpdate({
      target: [feedback.targetType, feedback.conversationId, feedback.targetId, feedback.clientId],
      set: {
        rating: input.rating,
        reason: sql`case when ${changed} then excluded.reason else coalesce(excluded.reason, ${feedback.reason}) end`,
        comment: sql`case when ${changed} then excluded.comment else coalesce(excluded.comment, ${feedback.comment}) end`,
        articleId,
        updatedAt: sql`now()`,
      },
    })
    .returning({ id: feedback.id, rating: feedback.rating });
  return { ...row, articleId };
}

export interface FeedbackRow {
  id: number;
  targetType: FeedbackTarget;
  /** Article votes: the article's id as text (`slug:<old slug>` for a vote whose slug resolved to no article); answers: the message id. */
  targetId: string;
  /** For answers: the conversation the message is in; null for articles. */
  conversationId: string | null;
  /** For article votes: the article's id (null when it no longer exists). */
  articleId: number | null;
  /** For article votes: the article's current slug. */
  articleSlug: string | null;
  rating: number;
  /** Reason id (lib/feedback/reasons.ts). */
  reason: string | null;
  comment: string | null;
  updatedAt: Date;
  /** Article title, or the first 160 characters of the rated answer. */
  targetLabel: string | null;
  /** For answers: the user question before it. */
  question: string | null;
  /** For answers stored with provenance: the answerability probability (0–1) the answer followed. */
  answerability: number | null;
  /** For answers stored with provenance: how the turn ended (answered, refused, …). */
  outcome: string | null;
}

/**
 * Most recent feedback first, with what was rated (article votes joined by the article's id).
 * @param args.rating optional filter: 1 or -1.
 * @param args.limit default 100, max 500.
 */
export async function listFeedback(db: Db, args: { rating?: 1 | -1; limit?: number } = {}): Promise<FeedbackRow[]> {
  const limit = Math.min(args.limit ?? 100, 500);
  const res = (await db.execute(sql`
    select f.id, f.target_type, f.target_id, f.conversation_id, f.article_id, f.rating, f.reason, f.comment, f.updated_at,
           a.slug as article_slug,
           case when f.target_type = 'article' then a.title
                else left((select string_agg(p->>'text', ' ') from jsonb_array_elements(m.parts) p where p->>'type' = 'text'), 160) end as target_label,
           (select left((select string_agg(p->>'text', ' ') from jsonb_array_elements(u.parts) p where p->>'type' = 'text'), 200)
              from messages u where u.conversation_id = m.conversation_id and u.role = 'user' and u.position < m.position
              order by u.position desc limit 1) as question,
           (m.provenance->'answerability'->>'probability')::float8 as answerability,
           m.provenance->>'outcome' as outcome
    from feedback f
    left join articles a on f.target_type = 'article' and a.id = f.article_id
    left join messages m on f.target_type = 'message' and m.conversation_id = f.conversation_id and m.id = f.target_id
    ${args.rating ? sql`where f.rating = ${args.rating}` : sql``}
    order by f.updated_at desc, f.id desc
    limit ${limit}`)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows.map(toRow);
}

function toRow(r: Record<string, unknown>): FeedbackRow {
  return {
    id: Number(r.id),
    targetType: r.target_type as FeedbackTarget,
    targetId: String(r.target_id),
    conversationId: r.target_type === 'message' && r.conversation_id ? String(r.conversation_id) : null,
    articleId: r.article_id === null || r.article_id === undefined ? null : Number(r.article_id),
    articleSlug: (r.article_slug as string | null) ?? null,
    rating: Number(r.rating),
    reason: (r.reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    updatedAt: new Date(r.updated_at as string),
    targetLabel: (r.target_label as string | null) ?? null,
    question: (r.question as string | null) ?? null,
    answerability: r.answerability === null || r.answerability === undefined ? null : Number(r.answerability),
    outcome: (r.outcome as string | null) ?? null,
  };
}

/** One vote with what it rated in full: the answer's record (question, turns, passages, …) or the article. */
export interface FeedbackDetail {
  feedback: FeedbackRow;
  /** For answers: the stored answer and what produced it; null when the answer was not saved. */
  answer: AnswerRecord | null;
}

/**
 * One vote for the admin's detail view.
 * @param args.id the feedback row id.
 * @returns null when there is no such vote.
 * @throws the database driver's error when a query fails.
 */
export async function getFeedbackDetail(db: Db, args: { id: number }): Promise<FeedbackDetail | null> {
  const res = (await db.execute(sql`
    select f.id, f.target_type, f.target_id, f.conversation_id, f.article_id, f.rating, f.reason, f.comment, f.updated_at,
           a.slug as article_slug, a.title as target_label, null as question, null as answerability, null as outcome
    from feedback f
    left join articles a on f.target_type = 'article' and a.id = f.article_id
    where f.id = ${args.id}`)) as unknown as { rows: Record<string, unknown>[] };
  if (res.rows.length === 0) return null;
  const row = toRow(res.rows[0]);
  const answer = row.targetType === 'message' && row.conversationId ? await getAnswerRecord(db, { conversationId: row.conversationId, messageId: row.targetId }) : null;
  if (answer) {
    row.question = answer.question;
    row.targetLabel = answer.answer.slice(0, 160);
    row.answerability = answer.provenance?.answerability?.probability ?? null;
    row.outcome = answer.provenance?.outcome ?? null;
  }
  return { feedback: row, answer };
}
