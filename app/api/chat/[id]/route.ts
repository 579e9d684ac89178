import { getAppDb } from '@/lib/startup';
import { loadConversation } from '@/lib/assistant/conversation';
import { AppError, errorResponse } from '@/lib/errors';
import { clientIdentity } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** GET /api/chat/<id> → { messages, status } of this browser's conversation; 404 otherwise. */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  try {
    const { id } = await ctx.params;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(id)) throw new AppError('bad_request:conversation', 'Invalid conversation id');
    const { clientId } = clientIdentity(req);
    const conv = await loadConversation(await getAppDb(), { id, clientId });
    if (!conv) throw new AppError('not_found:conversation', 'Conversation not found');
    return Response.json(conv);
  } catch (err) {
    return errorResponse(err);
  }
}
