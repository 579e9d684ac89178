import { getAppDb } from '@/lib/startup';
import { submitHandoff } from '@/lib/assistant/submit-handoff';
import { handoffSubmitSchema } from '@/lib/assistant/tools/handoff-to-human';
import { errorResponse } from '@/lib/errors';
import { clientIdentity, parseJsonBody } from '@/lib/http';
import { enforceRateLimit } from '@/lib/rate-limit';

export const dynamic = 'force-dynamic';

/**
 * POST /api/handoffs: the handoff form the user confirmed (see handoffSubmitSchema) →
 * `{ id, created, output }`, where `output` is the tool part's new output (email redacted) for the
 * chat to show. 404 when the conversation is not this browser's; 429 past the rate limit.
 */
export async function POST(req: Request) {
  try {
    const { clientId, setCookie } = clientIdentity(req);
    enforceRateLimit(req, 'handoff', setCookie ? '' : clientId);
    const input = await parseJsonBody(req, handoffSubmitSchema);
    const { id, created, output } = await submitHandoff(await getAppDb(), { input, clientId });
    return Response.json({ id, created, output }, { status: created ? 201 : 200 });
  } catch (err) {
    return errorResponse(err);
  }
}
