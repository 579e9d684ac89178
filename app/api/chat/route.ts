import { createUIMessageStreamResponse } from 'ai';
import { getAppDb } from '@/lib/startup';
import { getChatModel } from '@/lib/ai/chat-model';
import { runChatTurn, startChatTurn } from '@/lib/assistant/chat-turn';
import { chatRequestSchema } from '@/lib/assistant/request';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

/**
 * POST /api/chat: the AI SDK UI message stream (SSE). Body: `{ id, messages }` as sent by
 * `useChat`, at most 2 MiB (413 past it). The last message must be a user message with 1–4000
 * characters of text; it is the only one read: the history is the stored conversation. The
 * conversation belongs to the browser that wrote to it first; another browser's id is a 404 and
 * stores nothing. Personal data is redacted before the text reaches the model or the database.
 * 429 with Retry-After past the per-client limit; 403 `forbidden:origin` from another site's page
 * and 415 `unsupported_media_type:body` for a body not sent as `application/json` (lib/route.ts).
 * Stop (the request's abort) stops the generation.
 */
export const POST = route({ rateLimit: 'chat', maxBodyBytes: 2 * 1024 * 1024 }, async ({ req, json, clientId }) => {
  const body = await json(chatRequestSchema);
  const db = await getAppDb();
  const turn = await startChatTurn(db, { body, clientId });
  const stream = await runChatTurn({ db, conversationId: body.id, clientId, turn, chat: await getChatModel(), signal: req.signal });
  return createUIMessageStreamResponse({ stream });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
