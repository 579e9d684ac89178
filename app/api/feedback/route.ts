import { getAppDb } from '@/lib/startup';
import { upsertFeedback } from '@/db/queries/feedback';
import { feedbackRequestSchema } from '@/lib/feedback/schema';
import { redactText } from '@/lib/privacy/redact';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST { targetType, targetId (article id as a number, or its slug from older clients; message id),
 * conversationId? (required for messages), rating: 'up'|'down', reason? (lib/feedback/reasons.ts id
 * for that rating; a label is accepted), comment? }
 * → { ok, id, rating, articleId? }; 400 for an invalid body or a reason outside the taxonomy, 404
 * for an unknown article or a conversation that is not this browser's, 413 past 64 KiB, 429 past
 * the rate limit. The comment is redacted (lib/privacy/redact.ts) before it is stored.
 */
export const POST = route({ rateLimit: 'feedback', maxBodyBytes: 64 * 1024 }, async ({ json, clientId }) => {
  const body = await json(feedbackRequestSchema);
  const row = await upsertFeedback(await getAppDb(), {
    targetType: body.targetType,
    targetId: body.targetId,
    conversationId: body.conversationId ?? null,
    clientId,
    rating: body.rating === 'up' ? 1 : -1,
    reason: body.reason ?? null,
    comment: body.comment ? redactText(body.comment) : null,
  });
  return Response.json({ ok: true, id: row.id, rating: body.rating, ...(row.articleId !== null ? { articleId: row.articleId } : {}) });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
