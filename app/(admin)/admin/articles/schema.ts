/**
 * The editor form, parsed on the client (instant field errors) and again in the server action.
 * Limits mirror `articleInputSchema` in lib/content/save.ts, which stays the final authority.
 */
import { z } from 'zod';
import type { EditorArticleView } from '@/lib/content/editor';
import { hasVisibleText, INVISIBLE_TITLE_MESSAGE } from '@/lib/content/title';

export const ARTICLE_LIMITS = { title: 300, summary: 1000, bodyBytes: 512 * 1024 } as const;

/** UTF-8 size of a string in bytes (browser and Node). */
export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/**
 * Line ends as stored: CRLF and lone CR → LF (same rule as lib/content/save.ts
 * `normalizeLineEnds`). A textarea submits CRLF; the editor and the server both normalize, so the
 * size counter and the server measure the same bytes and a saved body compares equal to the form.
 */
export function normalizeBody(s: string): string {
  return s.replace(/\r\n?/g, '\n');
}

/** The body's size as the server checks it: UTF-8 bytes of the LF-normalized text. */
export function bodyBytes(s: string): number {
  return utf8Bytes(normalizeBody(s));
}

export const BODY_TOO_LARGE_MESSAGE = `The article body is larger than ${ARTICLE_LIMITS.bodyBytes / 1024} KB. Split it into several articles.`;

const blankToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const CONFLICT_MESSAGE =
  'Someone else saved this article after you opened it. Your text was not saved over theirs: it is kept in the history and below. Compare the two versions, then save again.';

const articleIntents = ['save', 'publish', 'unpublish'] as const;

/** FormData entries of the editor (`Object.fromEntries(formData)`). */
export const articleFormSchema = z.object({
  id: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  expectedVersion: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  slug: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(200, 'The address is at most 200 characters.')
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Address: lowercase letters, digits and single hyphens (e.g. reset-your-password).')
      .optional(),
  ),
  title: z
    .string('Title is required.')
    .trim()
    .min(1, 'Title is required.')
    .max(ARTICLE_LIMITS.title, `Title is at most ${ARTICLE_LIMITS.title} characters.`)
    .refine(hasVisibleText, INVISIBLE_TITLE_MESSAGE),
  summary: z.string().trim().max(ARTICLE_LIMITS.summary, `Summary is at most ${ARTICLE_LIMITS.summary} characters.`).default(''),
  body: z
    .string()
    .default('')
    .transform(normalizeBody)
    .refine((b) => utf8Bytes(b) <= ARTICLE_LIMITS.bodyBytes, BODY_TOO_LARGE_MESSAGE),
  categoryId: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : v),
    z.coerce.number('Pick a category from the list.').int().positive('Pick a category from the list.').nullable(),
  ),
  intent: z.enum(articleIntents).default('save'),
  /** Set by the editor's autosave (only the message differs). */
  autosave: z.literal('1').optional().catch(undefined),
});

/** FormData of the smaller editor actions (discard, schedule, archive, restore). */
export const articleRefSchema = z.object({
  id: z.coerce.number('Missing article.').int().positive('Missing article.'),
  expectedVersion: z.coerce.number('Missing version. Reload the editor.').int().positive('Missing version. Reload the editor.'),
});

/** Schedule: an ISO 8601 instant made by the browser from its local time, or '' to cancel. */
export const scheduleSchema = articleRefSchema.extend({
  publishAt: z.union([z.literal(''), z.iso.datetime({ offset: true, message: 'Pick a valid date and time.' })]),
});

/** The editor's view of an article, as the actions send it (lib/content/editor.ts). */
export type EditorArticleDto = EditorArticleView;

export type ArticleField = 'title' | 'summary' | 'body' | 'categoryId' | 'slug';

/** What the save action answers; the editor keeps the user's text whatever it says. */
export type SaveArticleResult =
  | { ok: true; article: EditorArticleDto; message: string }
  | {
      ok: false;
      message: string;
      fieldErrors?: Partial<Record<ArticleField, string>>;
      /** The article changed since it was loaded (stale expectedVersion): their text, and where yours is kept. */
      conflict?: { theirs: EditorArticleDto; yoursRevisionId: number } | null;
      /** The session expired; sign in again elsewhere, then retry. */
      signedOut?: boolean;
    };

/** First message per field of a failed parse. */
export function fieldErrorsOf(error: z.ZodError): Partial<Record<ArticleField, string>> {
  const out: Partial<Record<ArticleField, string>> = {};
  for (const issue of error.issues) {
    const key = issue.path[0];
    if ((key === 'title' || key === 'summary' || key === 'body' || key === 'categoryId' || key === 'slug') && !out[key]) {
      out[key] = issue.message;
    }
  }
  return out;
}
