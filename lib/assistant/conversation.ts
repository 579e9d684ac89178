/** A stored conversation as the chat UI reloads it: messages with the label of the model that wrote each answer. */
import 'server-only';
import type { UIMessage } from 'ai';
import type { Db } from '@/db/client';
import { getConversation } from '@/db/queries/conversations';
import { LOCAL_CHAT_MODEL_ID, LOCAL_CHAT_MODEL_LABEL } from '@/lib/ai/local-chat';

/** Model id stored with the notice sent while a conversation waits for a human (see chat-turn.ts). */
const HANDOFF_NOTICE_MODEL_ID = 'resolve-handoff-notice';

/**
 * The label shown under an answer for a stored model id.
 * @param modelId as stored in `messages.model_id` (null when none was stored).
 * @returns the local model's label for its id, `Resolve` for the handoff notice, a hosted id
 *   without its `openai:` prefix, or null for null.
 */
export function storedModelLabel(modelId: string | null): string | null {
  if (!modelId) return null;
  if (modelId === LOCAL_CHAT_MODEL_ID) return LOCAL_CHAT_MODEL_LABEL;
  if (modelId === HANDOFF_NOTICE_MODEL_ID) return 'Resolve';
  return modelId.replace(/^openai:/, '');
}

/**
 * A client's conversation for GET /api/chat/<id>.
 * @param args.id conversation id; args.clientId the browser client that must own it.
 * @returns `{ messages, status }` with `metadata: { model, state }` on assistant messages, or null
 *   when the conversation does not exist or is another client's.
 * @throws the database driver's error when the query fails.
 */
export async function loadConversation(db: Db, args: { id: string; clientId: string }): Promise<{ messages: UIMessage[]; status: string } | null> {
  return getConversation(db, { ...args, modelLabel: storedModelLabel });
}
