/**
 * The editor form, parsed on the client (instant field errors) and again in the server action.
 * Limits mirror `articleInputSchema` in lib/content/save.ts, which stays the final authority.
 */
import { z } from 'zod';
import { hasVisibleText, INVISIBLE_TITLE_MESSAGE } from '@/lib/content/title';

export const ARTICLE_LIMITS = { title: 300, summary: 1000, bodyBytes: 512 * 1024 } as const;

/** UTF-8 size of a string in bytes (browser and Node). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const CONFLICT_MESSAGE =
  'This article was changed by someone else — reload to see their version. Your text is still here: copy it before reloading.';

export const articleIntents = ['save', 'publish', 'unpublish'] as const;
export type ArticleIntent = (typeof articleIntents)[number];

/** FormData entries of the editor (`Object.fromEntries(formData)`). */
export const articleFormSchema = z.object({
  id: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  expectedVersion: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  title: z
    .string('Title is required.')
    .trim()
    .min(1, 'Title is required.')
    .max(ARTICLE_LIMITS.title, `Title is at most ${ARTICLE_LIMITS.title} characters.`)
    .refine(hasVisibleText, INVISIBLE_TITLE_MESSAGE),
  summary: z
    .string()
    .trim()
    .max(ARTICLE_LIMITS.summary, `Summary is at most ${ARTICLE_LIMITS.summary} characters.`)
    .default(''),
  body: z
    .string()
    .default('')
    .refine(
      (b) => utf8Bytes(b) <= ARTICLE_LIMITS.bodyBytes,
      `The article body is larger than ${ARTICLE_LIMITS.bodyBytes / 1024} KB. Split it into several articles.`,
    ),
  categoryId: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : v),
    z.coerce.number('Pick a category from the list.').int().positive('Pick a category from the list.').nullable(),
  ),
  intent: z.enum(articleIntents).default('save'),
});

export type ArticleForm = z.infer<typeof articleFormSchema>;
export type ArticleField = 'title' | 'summary' | 'body' | 'categoryId';

/** What the save action answers; the editor keeps the user's text whatever it says. */
export type SaveArticleResult =
  | { ok: true; id: number; slug: string; version: number; status: string; message: string }
  | {
      ok: false;
      message: string;
      fieldErrors?: Partial<Record<ArticleField, string>>;
      /** The article changed since it was loaded (stale expectedVersion). */
      conflict?: boolean;
      /** The session expired; sign in again elsewhere, then retry. */
      signedOut?: boolean;
    };

/** First message per field of a failed parse. */
export function fieldErrorsOf(error: z.ZodError): Partial<Record<ArticleField, string>> {
  const out: Partial<Record<ArticleField, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if ((key === 'title' || key === 'summary' || key === 'body' || key === 'categoryId') && !out[key]) {
      out[key] = issue.message;
    }
  }
  return out;
}
