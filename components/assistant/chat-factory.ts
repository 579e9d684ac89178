/**
 * The AI SDK's chat, kept out of the page's first JavaScript: AssistantProvider imports this module
 * only when the assistant is opened (or on /assistant), so an article page does not download the
 * AI SDK with the article.
 */
import { Chat } from '@ai-sdk/react';
import { DefaultChatTransport, generateId } from 'ai';
import type { AssistantUIMessage } from '@/lib/assistant/messages';
import { currentScope } from '@/components/help/scope-store';

/** A new conversation id (the AI SDK's 16-character id). */
export function newChatId(): string {
  return generateId();
}

/**
 * A chat bound to `/api/chat`, sending the page's product (`collection`) with every message
 * unless the user chose "All products".
 * @param id the conversation id (sent as `id`).
 * @returns an AI SDK `Chat` with no messages.
 */
export function makeChat(id: string): Chat<AssistantUIMessage> {
  const body = () => {
    const collection = currentScope();
    return collection ? { collection } : {};
  };
  return new Chat<AssistantUIMessage>({ id, transport: new DefaultChatTransport({ api: '/api/chat', body }) });
}
