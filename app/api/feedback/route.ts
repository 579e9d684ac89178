import { getAppDb } from '@/lib/startup';
import { upsertFeedback } from '@/db/queries/feedback';
import { errorResponse } from '@/lib/errors';
import { feedbackRequestSchema } from '@/lib/feedback/schema';
import { clientIdentity, parseJsonBody } from '@/lib/http';
import { redactText } from '@/lib/privacy/redact';
import { enforceRateLimit } from '@/lib/rate-limit';

export const dynamic = 'force-dynamic';

/**
 * POST { targetType, targetId, conversationId? (required for messages), rating: 'up'|'down', reason?, comment? }
 * → { ok, id, rating }; 404 for an unknown article or a conversation that is not this browser's; 429 past the rate limit.
 */
export async function POST(req: Request) {
  try {
    const { clientId, setCookie } = clientIdentity(req);
    enforceRateLimit(req, 'feedback', setCookie ? '' : clientId);
    const body = await parseJsonBody(req, feedbackRequestSchema);
    const row = await upsertFeedback(await getAppDb(), {
      targetType: body.targetType,
      targetId: body.targetId,
      conversationId: body.conversationId ?? null,
      clientId,
      rating: body.rating === 'up' ? 1 : -1,
      reason: body.reason ? redactText(body.reason) : null,
      comment: body.comment ? redactText(body.comment) : null,
    });
    const res = Response.json({ ok: true, id: row.id, rating: body.rating });
    if (setCookie) res.headers.append('set-cookie', setCookie);
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
