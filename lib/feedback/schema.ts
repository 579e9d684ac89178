/** Request body of POST /api/feedback, shared by the route and the client components. */
import { z } from 'zod';

export const feedbackReasons = [
  "Didn't answer my question",
  'Hard to understand',
  'Out of date',
  'Incorrect',
  'Something else',
] as const;

export const feedbackRequestSchema = z.object({
  targetType: z.enum(['article', 'message']),
  targetId: z
    .string()
    .trim()
    .min(1, 'targetId is required')
    .max(200, 'targetId is at most 200 characters')
    .refine((s) => !s.includes('\u0000'), 'targetId contains a NUL character'),
  /** Required for `message` targets: the conversation (chat id) the answer is in. */
  conversationId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'conversationId: letters, digits, - and _ only')
    .optional(),
  rating: z.enum(['up', 'down']),
  reason: z.string().trim().max(200).optional(),
  comment: z.string().trim().max(2000, 'Comment is at most 2000 characters').optional(),
}).refine((b) => b.targetType !== 'message' || !!b.conversationId, { message: 'conversationId is required for a message', path: ['conversationId'] });

export type FeedbackRequest = z.infer<typeof feedbackRequestSchema>;
