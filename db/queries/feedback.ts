/** Feedback (thumbs) on articles and assistant answers: one row per (target, browser client). */
import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { feedback, type FeedbackTarget } from '../schema';

export interface FeedbackInput {
  targetType: FeedbackTarget;
  /** Article slug or assistant message id. */
  targetId: string;
  /** Opaque browser client id (cookie). */
  clientId: string;
  /** +1 or -1. */
  rating: 1 | -1;
  reason?: string | null;
  comment?: string | null;
}

/**
 * Records or changes a vote: an upsert on (target_type, target_id, client_id), never
 * select-then-insert, so a double click or a changed mind leaves one row.
 * @returns the stored row's id and rating.
 */
export async function upsertFeedback(db: Db, input: FeedbackInput): Promise<{ id: number; rating: number }> {
  const [row] = await db
    .insert(feedback)
    .values({ ...input, reason: input.reason ?? null, comment: input.comment ?? null })
    .onConflictDoUpdate({
      target: [feedback.targetType, feedback.targetId, feedback.clientId],
      set: { rating: input.rating, reason: input.reason ?? null, comment: input.comment ?? null, updatedAt: sql`now()` },
    })
    .returning({ id: feedback.id, rating: feedback.rating });
  return row;
}
