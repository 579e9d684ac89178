import { getDb } from '@/db/client';
import { createHandoff } from '@/db/queries/handoffs';
import { handoffSubmitSchema, type HandoffToolOutput } from '@/lib/assistant/tools/handoff-to-human';
import { errorResponse } from '@/lib/errors';
import { clientIdentity, parseJsonBody } from '@/lib/http';
import { redactText } from '@/lib/privacy/redact';
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
    const { id, created } = await createHandoff(await getDb(), { input, clientId });
    const output: HandoffToolOutput = {
      status: 'submitted',
      handoffId: id,
      email: redactText(input.email),
      summary: redactText(input.summary),
      category: input.category,
      stepsTried: input.stepsTried.map(redactText).filter((s) => s.trim()),
      citedArticles: input.citedArticles,
    };
    return Response.json({ id, created, output }, { status: created ? 201 : 200 });
  } catch (err) {
    return errorResponse(err);
  }
}
