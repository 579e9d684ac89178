/** Feedback (thumbs) on articles and assistant answers: one row per (target, browser client). */
import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { articles, conversations, feedback, type FeedbackTarget } from '../schema';

export interface FeedbackInput {
  targetType: FeedbackTarget;
  /** Article slug or assistant message id. */
  targetId: string;
  /** For `message` targets: the conversation of the message (required; message ids are unique only within one). */
  conversationId?: string | null;
  /** Opaque browser client id (cookie). */
  clientId: string;
  /** +1 or -1. */
  rating: 1 | -1;
  reason?: string | null;
  comment?: string | null;
}

/**
 * Records or changes a vote: an upsert on (target_type, conversation_id, target_id, client_id),
 * never select-then-insert, so a double click or a changed mind leaves one row.
 * Article votes must name a published article. Answer votes must name a conversation that
 * `clientId` owns (see db/queries/conversations.ts); the message itself is not checked, since the
 * thumbs of an answer can be pressed before its stream's final save has landed.
 * @returns the stored row's id and rating.
 * @throws AppError `not_found:article` for an unknown or unpublished article slug,
 *   `not_found:conversation` for a message vote without a conversation, or with one that does
 *   not exist or is another client's (nothing is stored).
 */
export async function upsertFeedback(db: Db, input: FeedbackInput): Promise<{ id: number; rating: number }> {
  if (input.targetType === 'article') {
    const [found] = await db
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.slug, input.targetId), eq(articles.status, 'published')))
      .limit(1);
    if (!found) throw new AppError('not_found:article', 'There is no published article with that slug.');
  } else {
    const conversationId = input.conversationId ?? '';
    const [conv] = conversationId
      ? await db.select({ clientId: conversations.clientId }).from(conversations).where(eq(conversations.id, conversationId)).limit(1)
      : [];
    if (!conv || conv.clientId !== input.clientId) throw new AppError('not_found:conversation', 'Conversation not found');
  }
  const conversationId = input.targetType === 'message' ? (input.conversationId ?? '') : '';
  const [row] = await db
    .insert(feedback)
    .values({ ...input, conversationId, reason: input.reason ?? null, comment: input.comment ?? null })
    .onConflictDoUpdate({
      target: [feedback.targetType, feedback.conversationId, feedback.targetId, feedback.clientId],
      set: { rating: input.rating, reason: input.reason ?? null, comment: input.comment ?? null, updatedAt: sql`now()` },
    })
    .returning({ id: feedback.id, rating: feedback.rating });
  return row;
}

export interface FeedbackRow {
  id: number;
  targetType: FeedbackTarget;
  targetId: string;
  /** For answers: the conversation the message is in; null for articles. */
  conversationId: string | null;
  rating: number;
  reason: string | null;
  comment: string | null;
  updatedAt: Date;
  /** Article title, or the first 160 characters of the rated answer. */
  targetLabel: string | null;
  /** For answers: the user question before it. */
  question: string | null;
}

/**
 * Most recent feedback first, with what was rated.
 * @param args.rating optional filter: 1 or -1.
 * @param args.limit default 100, max 500.
 */
export async function listFeedback(db: Db, args: { rating?: 1 | -1; limit?: number } = {}): Promise<FeedbackRow[]> {
  const limit = Math.min(args.limit ?? 100, 500);
  const res = (await db.execute(sql`
    select f.id, f.target_type, f.target_id, f.conversation_id, f.rating, f.reason, f.comment, f.updated_at,
           case when f.target_type = 'article' then a.title
                else left((select string_agg(p->>'text', ' ') from jsonb_array_elements(m.parts) p where p->>'type' = 'text'), 160) end as target_label,
           (select left((select string_agg(p->>'text', ' ') from jsonb_array_elements(u.parts) p where p->>'type' = 'text'), 200)
              from messages u where u.conversation_id = m.conversation_id and u.role = 'user' and u.position < m.position
              order by u.position desc limit 1) as question
    from feedback f
    left join articles a on f.target_type = 'article' and a.slug = f.target_id
    left join messages m on f.target_type = 'message' and m.conversation_id = f.conversation_id and m.id = f.target_id
    ${args.rating ? sql`where f.rating = ${args.rating}` : sql``}
    order by f.updated_at desc, f.id desc
    limit ${limit}`)) as unknown as { rows: Record<string, unknown>[] };
  return res.rows.map((r) => ({
    id: Number(r.id),
    targetType: r.target_type as FeedbackTarget,
    targetId: String(r.target_id),
    conversationId: r.conversation_id ? String(r.conversation_id) : null,
    rating: Number(r.rating),
    reason: (r.reason as string | null) ?? null,
    comment: (r.comment as string | null) ?? null,
    updatedAt: new Date(r.updated_at as string),
    targetLabel: (r.target_label as string | null) ?? null,
    question: (r.question as string | null) ?? null,
  }));
}
