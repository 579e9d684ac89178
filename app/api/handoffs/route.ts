import { getAppDb } from '@/lib/startup';
import { submitHandoff } from '@/lib/assistant/submit-handoff';
import { handoffSubmitSchema } from '@/lib/assistant/tools/handoff-to-human';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST /api/handoffs: the handoff form the user confirmed (see handoffSubmitSchema) →
 * `{ id, created, output }`, where `output` is the tool part's new output (email redacted) for the
 * chat to show. 404 when the conversation is not this browser's; 413 past 64 KiB; 429 past the
 * rate limit; 403 from another site's page, 415 for a body not sent as `application/json` (lib/route.ts).
 */
export const POST = route({ rateLimit: 'handoff', maxBodyBytes: 64 * 1024 }, async ({ json, clientId }) => {
  const input = await json(handoffSubmitSchema);
  const { id, created, output } = await submitHandoff(await getAppDb(), { input, clientId });
  return Response.json({ id, created, output }, { status: created ? 201 : 200 });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
