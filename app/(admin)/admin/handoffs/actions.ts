'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { addHandoffNote, assignHandoff, releaseHandoff, setHandoffWorkflow } from '@/db/queries/handoffs';
import type { StaffIdentity } from '@/lib/auth/session';
import { runAction } from '@/lib/route';
import type { AppError } from '@/lib/errors';
import { WORKFLOW_LABELS } from '@/components/admin/HandoffBadges';
import { assignFormSchema, noteFormSchema, releaseFormSchema, workflowFormSchema, type HandoffActionResult } from './schema';

const failed = (err: AppError | null): HandoffActionResult => {
  if (err?.kind === 'not_found') return { ok: false, message: err.message };
  if (err?.kind === 'rate_limited' || err?.kind === 'forbidden' || err?.kind === 'unauthorized') return { ok: false, message: err.message };
  return { ok: false, message: 'That did not work. Try again.' };
};

/**
 * The shared shape of the handoff actions: admin rate limits, the editor role (runAction), zod parsing of
 * the form (field errors for the form), then `body`; errors become messages, never a throw.
 */
async function handoffAction<S extends z.ZodType>(
  name: string,
  schema: S,
  formData: FormData,
  body: (input: z.output<S>, admin: StaffIdentity) => Promise<HandoffActionResult>,
): Promise<HandoffActionResult> {
  return runAction<HandoffActionResult>({ name, rateLimit: 'admin', role: 'editor', onError: failed }, async ({ user: admin }) => {
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
      return { ok: false, message: Object.values(fieldErrors)[0] ?? 'Please check the form.', fieldErrors };
    }
    const result = await body(parsed.data, admin);
    revalidatePath('/admin/handoffs');
    return result;
  });
}

/**
 * Moves a handoff to another workflow status (fields `id`, `from`, `to`). Refused with a message
 * when someone changed it since the page was loaded. Moving to in progress assigns it to the
 * admin when nobody has it.
 * @returns `{ ok, message }` for the page; never throws for user input.
 */
export async function setHandoffStatusAction(_prev: HandoffActionResult | null, formData: FormData): Promise<HandoffActionResult> {
  return handoffAction('admin.setHandoffStatus', workflowFormSchema, formData, async (f, admin) => {
    const r = await setHandoffWorkflow(await getAppDb(), { id: f.id, from: f.from, to: f.to, actorId: admin.userId });
    revalidatePath(`/admin/handoffs/${f.id}`);
    if (r.result === 'stale') return { ok: false, message: `Someone else changed it to “${WORKFLOW_LABELS[r.current]}” meanwhile. The page now shows the current status.` };
    return { ok: true, message: `Status: ${WORKFLOW_LABELS[f.to]}.` };
  });
}

/**
 * Assigns a handoff (fields `id`, `assignee`: an admin id, `me`, or '' for nobody).
 * @returns `{ ok, message }`; an unknown admin or handoff is a message, not a throw.
 */
export async function assignHandoffAction(_prev: HandoffActionResult | null, formData: FormData): Promise<HandoffActionResult> {
  return handoffAction('admin.assignHandoff', assignFormSchema, formData, async (f, admin) => {
    const assigneeId = f.assignee === '' ? null : f.assignee === 'me' ? admin.userId : Number(f.assignee);
    await assignHandoff(await getAppDb(), { id: f.id, assigneeId });
    revalidatePath(`/admin/handoffs/${f.id}`);
    return { ok: true, message: assigneeId === null ? 'Unassigned.' : assigneeId === admin.userId ? 'Assigned to you.' : 'Assigned.' };
  });
}

/**
 * Adds an internal note (fields `id`, `body`: 1–5000 characters), signed with the admin's email.
 * @returns `{ ok, message }`, with `fieldErrors.body` for an empty or too long note.
 */
export async function addHandoffNoteAction(_prev: HandoffActionResult | null, formData: FormData): Promise<HandoffActionResult> {
  return handoffAction('admin.addHandoffNote', noteFormSchema, formData, async (f, admin) => {
    await addHandoffNote(await getAppDb(), { handoffId: f.id, authorId: admin.userId, authorEmail: admin.email, body: f.body });
    revalidatePath(`/admin/handoffs/${f.id}`);
    return { ok: true, message: 'Note added.' };
  });
}

/**
 * Releases a handoff to the assistant (field `id`): the assistant answers in that conversation
 * again. The workflow status is not changed.
 * @returns `{ ok, message }`; an already released handoff is a message.
 */
export async function releaseHandoffAction(_prev: HandoffActionResult | null, formData: FormData): Promise<HandoffActionResult> {
  return handoffAction('admin.releaseHandoff', releaseFormSchema, formData, async (f, admin) => {
    const done = await releaseHandoff(await getAppDb(), { id: f.id, releasedBy: admin.email });
    revalidatePath(`/admin/handoffs/${f.id}`);
    return done ? { ok: true, message: 'Released: the assistant answers in this conversation again.' } : { ok: false, message: 'This handoff was already released.' };
  });
}
