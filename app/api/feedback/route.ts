import { getAppDb } from '@/lib/startup';
import { upsertFeedback } from '@/db/queries/feedback';
import { feedbackRequestSchema } from '@/lib/feedback/schema';
import { redactText } from '@/lib/privacy/redact';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/**
 * POST { targetType, targetId (article id as a number, or its slug from older clients; message id),
 * conversationId? (required for messages), rating: 'up'|'down', reason? (lib/feedback/reasons.ts id
 * for that rating; a label is accepted), comment? }
 * → { ok, id, rating, articleId? }; 400 for an invalid body or a reason outside the taxonomy, 404
 * for an unknown article, a conversation that is not this browser's or an answer id it does not
 * hold (after waiting up to ANSWER_SAVE_WAIT_MS for an answer whose stream just ended), 413 past 64 KiB, 429 past
 * the rate limit; 403 `forbidden:origin` for a request from another site's page and 415
 * `unsupported_media_type:body` for a body not sent as `application/json` (lib/route.ts, before
 * anything is read). The comment is redacted (lib/privacy/redact.ts) before it is stored.
 */
/** How long a vote on an answer not stored yet waits for it, in ms (the answer is saved as its stream ends). */
const ANSWER_SAVE_WAIT_MS = 2000;
const ANSWER_SAVE_POLL_MS = 200;

export const POST = route({ rateLimit: 'feedback', maxBodyBytes: 64 * 1024 }, async ({ json, clientId }) => {
  const body = await json(feedbackRequestSchema);
  const db = await getAppDb();
  const save = () =>
    upsertFeedback(db, {
      targetType: body.targetType,
      targetId: body.targetId,
      conversationId: body.conversationId ?? null,
      clientId,
      rating: body.rating === 'up' ? 1 : -1,
      reason: body.reason ?? null,
      comment: body.comment ? redactText(body.comment) : null,
    });
  let row: Awaited<ReturnType<typeof save>> | undefined;
  for (const deadline = Date.now() + ANSWER_SAVE_WAIT_MS; !row; ) {
    try {
      row = await save();
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found:message') || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, ANSWER_SAVE_POLL_MS));
    }
  }
  return Response.json({ ok: true, id: row.id, rating: body.rating, ...(row.articleId !== null ? { articleId: row.articleId } : {}) });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
