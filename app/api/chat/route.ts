import { randomUUID } from 'node:crypto';
import { createUIMessageStream, createUIMessageStreamResponse, stepCountIs, streamText, type ModelMessage, type UIMessage } from 'ai';
import { getDb } from '@/db/client';
import { saveConversation } from '@/db/queries/conversations';
import { getChatModel } from '@/lib/ai/chat-model';
import type { SourcePassage } from '@/lib/assistant/passages';
import { systemPrompt } from '@/lib/assistant/prompt';
import { chatRequestSchema, MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS, messageText } from '@/lib/assistant/request';
import { searchHelpCenterTool } from '@/lib/assistant/tools/search-help-center';
import { AppError, errorResponse } from '@/lib/errors';
import { clientIdentity, parseJsonBody } from '@/lib/http';
import { redactText } from '@/lib/privacy/redact';

export const dynamic = 'force-dynamic';
export const maxDuration = 60;

/**
 * POST /api/chat: the AI SDK UI message stream (SSE). Body: `{ id, messages }` as sent by
 * `useChat`. The last message must be a user message with 1–4000 characters of text.
 * Personal data is redacted before the text reaches the model or the database.
 */
export async function POST(req: Request) {
  try {
    const body = await parseJsonBody(req, chatRequestSchema, 2 * 1024 * 1024);
    const { clientId, setCookie } = clientIdentity(req);
    const last = body.messages[body.messages.length - 1];
    if (last.role !== 'user') throw new AppError('bad_request:message', 'The last message must be from the user.');
    const lastText = messageText(last as never).replace(/\u0000/g, '').trim();
    if (!lastText) throw new AppError('bad_request:message', 'Type a question first.');
    if (lastText.length > MAX_MESSAGE_CHARS) {
      throw new AppError('payload_too_large:message', `Your message is too long (at most ${MAX_MESSAGE_CHARS} characters).`);
    }
    // What is stored and what the model sees: text only, redacted, NULs removed.
    const uiMessages: UIMessage[] = body.messages
      .filter((m) => m.role === 'user' || m.role === 'assistant')
      .map((m) =>
        m.role === 'user'
          ? { id: m.id, role: 'user', parts: [{ type: 'text', text: redactText(messageText(m as never).replace(/\u0000/g, '').slice(0, MAX_MESSAGE_CHARS)) }] }
          : (m as unknown as UIMessage),
      );
    const modelMessages: ModelMessage[] = uiMessages
      .slice(-MAX_HISTORY_MESSAGES)
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: messageText(m as never).slice(0, MAX_MESSAGE_CHARS) }))
      .filter((m) => m.content.trim().length > 0);

    const db = await getDb();
    const chat = await getChatModel();
    const started = performance.now();
    const retrieved: SourcePassage[] = [];
    let counter = 0;
    const stream = createUIMessageStream({
      originalMessages: uiMessages,
      generateId: () => randomUUID(),
      execute: ({ writer }) => {
        const result = streamText({
          model: chat.model,
          system: systemPrompt({ productName: 'Resolve' }),
          messages: modelMessages,
          tools: {
            search_help_center: searchHelpCenterTool({
              db,
              nextNumber: () => ++counter,
              onSources: (sources) => {
                for (const s of sources) {
                  retrieved.push(s);
                  writer.write({ type: 'source-url', sourceId: s.slug, url: s.url, title: s.title });
                }
              },
            }),
          },
          stopWhen: stepCountIs(4),
          abortSignal: req.signal,
        });
        writer.merge(
          result.toUIMessageStream({
            messageMetadata: ({ part }) => (part.type === 'start' ? { model: chat.label } : undefined),
          }),
        );
      },
      onError: (err) => {
        console.error('[resolve] chat stream error', err);
        return 'The assistant could not finish this answer. Please try again, or search the help center.';
      },
      onFinish: async ({ messages, responseMessage, isAborted }) => {
        try {
          await saveConversation(db, {
            id: body.id,
            clientId,
            messages: messages.map((m) =>
              m.id === responseMessage.id ? { ...m, metadata: { model: chat.label, state: isAborted ? 'stopped' : 'complete' } } : m,
            ),
            meta: {
              [responseMessage.id]: {
                modelId: chat.id,
                retrievedChunkIds: null,
                latencyMs: Math.round(performance.now() - started),
                state: isAborted ? 'stopped' : 'complete',
              },
            },
          });
        } catch (err) {
          console.error('[resolve] saving the conversation failed', err);
        }
      },
    });
    const res = createUIMessageStreamResponse({ stream });
    if (setCookie) res.headers.append('set-cookie', setCookie);
    return res;
  } catch (err) {
    return errorResponse(err);
  }
}
