/** Request body of POST /api/chat (the AI SDK DefaultChatTransport shape), with input caps. */
import { z } from 'zod';

/** Max characters of one user message. */
export const MAX_MESSAGE_CHARS = 4000;
/** Max messages of history sent to the model (older ones are dropped). */
export const MAX_HISTORY_MESSAGES = 20;
/** Max messages accepted in a request at all. */
const MAX_REQUEST_MESSAGES = 200;

const partSchema = z
  .looseObject({ type: z.string().max(100), text: z.unknown().optional() })
  // A text part carries a string: `"text": 5` is a malformed request, not an empty question.
  .refine((p) => p.type !== 'text' || typeof p.text === 'string', { message: 'a text part needs a string text', path: ['text'] });

const chatMessageSchema = z.looseObject({
  id: z.string().min(1).max(200),
  role: z.enum(['user', 'assistant', 'system']),
  parts: z.array(partSchema).max(200),
});

export const chatRequestSchema = z.looseObject({
  id: z
    .string()
    .min(1, 'conversation id is required')
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'conversation id: letters, digits, - and _ only'),
  messages: z.array(chatMessageSchema).min(1, 'messages must not be empty').max(MAX_REQUEST_MESSAGES, `at most ${MAX_REQUEST_MESSAGES} messages`),
  /** The collection (product) of the page the user is on; the answer is scoped to it. */
  collection: z
    .string()
    .max(100, 'collection must be at most 100 characters')
    // A product's slug or its title ("Spree Commerce"): no control characters; an unknown name is a 404.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
    .refine((c) => !/[\u0000-\u001f\u007f]/.test(c), 'collection must not contain control characters')
    .optional()
    .nullable(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Text of a UI message's text parts. */
export function messageText(m: { parts: { type: string; text?: unknown }[] }): string {
  return m.parts
    .filter((p) => p.type === 'text' && typeof p.text === 'string')
    .map((p) => p.text as string)
    .join('\n');
}
