/**
 * Request body of POST /api/feedback, shared by the route and the client components. Reasons come
 * from the one taxonomy in lib/feedback/reasons.ts.
 */
import { z } from 'zod';
import { FEEDBACK_REASONS, findReason, type FeedbackReasonId } from './reasons';

const MAX_ARTICLE_ID = 2 ** 31 - 1;

export const feedbackRequestSchema = z
  .object({
    targetType: z.enum(['article', 'message']),
    /**
     * For `article`: the article's id (a JSON number); a string is read as its slug (older
     * clients), and the vote is stored under the id either way. For `message`: the message id.
     */
    targetId: z.union([
      // One message for every number that is no article id (zod's own for 1e20 named two limits).
      z.number().refine((n) => Number.isInteger(n) && n >= 1 && n <= MAX_ARTICLE_ID, `targetId is not an article id: a whole number from 1 to ${MAX_ARTICLE_ID}, or the article's slug`),
      z
        .string()
        .trim()
        .min(1, 'targetId is required')
        .max(200, 'targetId is at most 200 characters')
        .refine((s) => !s.includes('\u0000'), 'targetId contains a NUL character'),
    ]),
    /** Required for `message` targets: the conversation (chat id) the answer is in. */
    conversationId: z
      .string()
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/, 'conversationId: letters, digits, - and _ only')
      .optional(),
    rating: z.enum(['up', 'down']),
    /** A reason id of the taxonomy (its label is accepted too), allowed for this rating. */
    reason: z.string().trim().max(200).optional(),
    comment: z.string().trim().max(2000, 'Comment is at most 2000 characters').optional(),
  })
  .refine((b) => b.targetType !== 'message' || !!b.conversationId, { message: 'conversationId is required for a message', path: ['conversationId'] })
  .refine((b) => b.targetType !== 'message' || typeof b.targetId === 'string', { message: 'targetId of a message is a string', path: ['targetId'] })
  .superRefine((b, ctx) => {
    if (!b.reason) return;
    const r = findReason(b.reason);
    if (!r) ctx.addIssue({ code: 'custom', path: ['reason'], message: `reason must be one of: ${FEEDBACK_REASONS.map((x) => x.id).join(', ')}` });
    else if (!(r.ratings as readonly string[]).includes(b.rating)) ctx.addIssue({ code: 'custom', path: ['reason'], message: `reason ${r.id} does not go with a thumbs-${b.rating}` });
  })
  .transform((b) => ({ ...b, reason: b.reason ? (findReason(b.reason)!.id as FeedbackReasonId) : undefined }));
