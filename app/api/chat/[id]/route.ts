import { getAppDb } from '@/lib/startup';
import { loadConversation } from '@/lib/assistant/conversation';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/chat/<id> → { messages, status } of this browser's conversation; 404 otherwise; 429 past the rate limit. */
export const GET = route<{ params: Promise<{ id: string }> }>({ rateLimit: 'conversation' }, async ({ clientId }, ctx) => {
  const { id } = await ctx.params;
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new AppError('bad_request:conversation', 'Invalid conversation id');
  const conv = await loadConversation(await getAppDb(), { id, clientId });
  if (!conv) throw new AppError('not_found:conversation', 'Conversation not found');
  return Response.json(conv);
});

const notAllowed = methodNotAllowed(['GET']);
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
