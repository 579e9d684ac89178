import { z } from 'zod';
import { handoffWorkflow } from '@/db/schema';

/** A handoff id from a form field: a positive whole number. */
const handoffId = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'Missing handoff')
  .transform(Number)
  .refine((n) => n > 0, 'Missing handoff');

/** Status change: `id`, the status the admin saw (`from`) and the one chosen (`to`). */
export const workflowFormSchema = z.object({
  id: handoffId,
  from: z.enum(handoffWorkflow, 'Unknown status'),
  to: z.enum(handoffWorkflow, 'Unknown status'),
});

/** Assignment: `id` and `assignee`, an admin id, `me`, or '' for nobody. */
export const assignFormSchema = z.object({
  id: handoffId,
  assignee: z
    .string()
    .trim()
    .regex(/^(?:|me|\d{1,9})$/, 'Choose an admin from the list.'),
});

/** Maximum length of an internal note, in characters. */
export const NOTE_MAX_CHARS = 5000;

/** Internal note: `id` and `body` (1–5000 characters after trimming; NUL characters dropped). */
export const noteFormSchema = z.object({
  id: handoffId,
  body: z
    .string()
    .transform((s) => s.replaceAll('\u0000', '').replace(/\r\n?/g, '\n').trim())
    .pipe(
      z
        .string()
        .min(1, 'Write a note first.')
        .max(NOTE_MAX_CHARS, `At most ${NOTE_MAX_CHARS.toLocaleString('en-US')} characters.`),
    ),
});

/** Release: `id` only. */
export const releaseFormSchema = z.object({ id: handoffId });

/** What every handoff action answers: a message for the page, field errors for the note form. */
export type HandoffActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: Record<string, string> };
