'use server';

import { revalidatePath } from 'next/cache';
import { createExperiment, startExperiment, stopExperiment } from '@/db/queries/experiments';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { experimentFormSchema, experimentIdSchema, type ExperimentFormResult } from './schema';

const fail = (message: string): ExperimentFormResult => ({ ok: false, message });

/**
 * Creates a draft experiment from the form (see experimentFormSchema). Never throws for user
 * input: every failure becomes a message for the form. Rate-limited with the admin limits.
 */
export async function createExperimentAction(_prev: ExperimentFormResult | null, formData: FormData): Promise<ExperimentFormResult> {
  return runAction<ExperimentFormResult>(
    {
      name: 'admin.createExperiment',
      rateLimit: 'admin',
      role: 'editor',
      onError: (err) => fail(err?.kind === 'rate_limited' || err?.kind === 'forbidden' || err?.kind === 'unauthorized' ? err.message : 'The experiment could not be saved. Try again.'),
    },
    async ({ user: admin }) => {
      const parsed = experimentFormSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
        const values: Record<string, string> = {};
        for (const [k, v] of formData) if (typeof v === 'string' && !k.startsWith('$')) values[k] = v.slice(0, 400);
        return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors, values };
      }
      const e = await createExperiment(await getAppDb(), { ...parsed.data, createdBy: admin.email });
      revalidatePath('/admin/experiments');
      return { ok: true, message: `Created “${e.name}”. Start it when you are ready.` };
    },
  );
}

/**
 * Starts or stops an experiment (form fields `id`, `op` = `start` | `stop`). Refusals (another
 * experiment running, already started, unknown id) come back as the message.
 */
export async function experimentStateAction(_prev: ExperimentFormResult | null, formData: FormData): Promise<ExperimentFormResult> {
  return runAction<ExperimentFormResult>(
    {
      name: 'admin.experimentState',
      rateLimit: 'admin',
      role: 'editor',
      onError: (err) =>
        fail(
          err && (err.status === 404 || err.status === 409 || err.kind === 'rate_limited' || err.kind === 'forbidden' || err.kind === 'unauthorized') ? err.message : 'That did not work. Try again.',
        ),
    },
    async () => {
      const id = experimentIdSchema.safeParse(formData.get('id'));
      const op = formData.get('op');
      if (!id.success || (op !== 'start' && op !== 'stop')) return fail('Unknown experiment or action. Reload the page.');
      const db = await getAppDb();
      const e = op === 'start' ? await startExperiment(db, { id: id.data }) : await stopExperiment(db, { id: id.data });
      revalidatePath('/admin/experiments');
      revalidatePath('/admin/insights');
      return { ok: true, message: op === 'start' ? `Started “${e.name}”.` : `Stopped “${e.name}”.` };
    },
  );
}
