import { z } from 'zod';

/** Conversation and message ids of the answer under review (hidden fields). */
const answerKey = {
  conversationId: z.string().trim().min(1, 'Missing conversation').max(200),
  messageId: z.string().trim().min(1, 'Missing message').max(200),
};

/**
 * The "add to a dataset" form: gold article ids (0–10; none = unanswerable), a reference answer
 * (≤ 2,000 characters), and either an existing dataset id or a new dataset's name.
 */
export const addCaseSchema = z
  .object({
    ...answerKey,
    feedbackId: z
      .string()
      .trim()
      .regex(/^\d{0,9}$/, 'Bad feedback id')
      .transform((v) => (v ? Number(v) : null)),
    gold: z
      .array(
        z
          .string()
          .regex(/^\d{1,9}$/, 'Bad article id')
          .transform(Number),
      )
      .max(10, 'At most 10 gold articles.'),
    reference: z.string().trim().max(2000, 'At most 2,000 characters.'),
    datasetId: z
      .string()
      .trim()
      .regex(/^(\d{1,9}|new)?$/, 'Pick a dataset.'),
    newDataset: z.string().trim().max(60, 'At most 60 characters.'),
  })
  .superRefine((v, ctx) => {
    if (!v.datasetId) ctx.addIssue({ code: 'custom', path: ['datasetId'], message: 'Pick a dataset, or create one.' });
    if (v.datasetId === 'new' && !v.newDataset) ctx.addIssue({ code: 'custom', path: ['newDataset'], message: 'Name the new dataset.' });
  });

/** The dismiss form: a reason of 1–500 characters. */
export const dismissSchema = z.object({
  ...answerKey,
  reason: z.string().trim().min(1, 'Say why it is dismissed.').max(500, 'At most 500 characters.'),
});

/** The content-gap form: an optional note (≤ 500 characters) for the draft. */
export const gapSchema = z.object({
  ...answerKey,
  note: z.string().trim().max(500, 'At most 500 characters.'),
});

/** The gold article search: 1–100 characters. */
export const articleSearchSchema = z.string().trim().min(1).max(100);

/** What a review form shows after submitting. */
export type ReviewResult = { ok: true; message: string; href?: string } | { ok: false; message: string; fieldErrors?: Record<string, string> };

/** One article the gold picker offers. */
export interface PickableArticle {
  id: number;
  title: string;
  collection: string;
  /** The id a case's gold holds: source id, else slug. */
  goldId: string;
}

/** First message per field of a zod error. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0])] ??= issue.message;
  return out;
}
