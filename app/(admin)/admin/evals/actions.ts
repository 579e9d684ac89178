'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { deleteCase, findDataset } from '@/db/queries/eval-datasets';
import type { FormResult } from '@/components/admin/ActionForm';
import type { AppError } from '@/lib/errors';
import { DatasetError, readDataset } from '@/lib/evals/dataset';
import { createDataset, editCase, importDatasetText, startDatasetRun } from '@/lib/evals/datasets';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';

/** Largest JSONL file the import takes, bytes (below Next's 1 MB server-action body limit). */
const MAX_IMPORT_BYTES = 900 * 1024;

const idField = z
  .string()
  .trim()
  .regex(/^\d{1,9}$/, 'Bad id')
  .transform(Number);

function evalError(err: AppError | null): FormResult {
  if (err && err.kind !== 'unavailable') return { ok: false, message: err.message };
  return { ok: false, message: 'Something went wrong on our side. Nothing was changed — try again.' };
}

function refresh(datasetId?: number) {
  revalidatePath('/admin/evals');
  if (datasetId) revalidatePath(`/admin/evals/datasets/${datasetId}`);
}

/** The file field of a form as text, or a message saying what is wrong with it. */
async function fileText(formData: FormData, required: boolean): Promise<{ text: string | null } | { error: string }> {
  const file = formData.get('file');
  if (!(file instanceof File) || file.size === 0) return required ? { error: 'Choose a .jsonl file.' } : { text: null };
  if (file.size > MAX_IMPORT_BYTES)
    return { error: `The file is ${Math.round(file.size / 1024)} KiB; at most ${MAX_IMPORT_BYTES / 1024} KiB can be imported here (use npm run eval with the file instead).` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'The file is not UTF-8 text.' };
  }
}

/** An import's problems as the form's message: every bad line, at most 20. */
function datasetErrorMessage(err: DatasetError): string {
  const lines = err.message.split('\n');
  return `The file is not a valid dataset; nothing was imported:\n${lines.slice(0, 20).join('\n')}${lines.length > 20 ? `\n… and ${lines.length - 20} more` : ''}`;
}

/**
 * Creates a dataset (fields `name`, `description`), filled from an optional JSONL `file` in the
 * `npm run eval` format. A bad file creates nothing. Never throws for user input.
 */
export async function createDatasetAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>({ name: 'admin.createDataset', rateLimit: 'admin', role: 'editor', onError: evalError }, async ({ user: admin }) => {
    const fields = z
      .object({ name: z.string().max(200), description: z.string().max(500, 'The description is at most 500 characters.') })
      .safeParse({ name: formData.get('name') ?? '', description: formData.get('description') ?? '' });
    if (!fields.success) return { ok: false, message: fields.error.issues[0].message };
    const file = await fileText(formData, false);
    if ('error' in file) return { ok: false, message: file.error };
    if (file.text !== null) {
      // Validate before creating, so a bad file leaves nothing behind.
      try {
        readDataset(file.text);
      } catch (err) {
        if (err instanceof DatasetError) return { ok: false, message: datasetErrorMessage(err) };
        throw err;
      }
    }
    const db = await getAppDb();
    const id = await createDataset(db, { name: fields.data.name, description: fields.data.description, by: admin.email });
    const n = file.text !== null ? await importDatasetText(db, { datasetId: id, text: file.text, by: admin.email }) : 0;
    refresh(id);
    return { ok: true, message: n ? `Created with ${n} cases.` : 'Created.', href: `/admin/evals/datasets/${id}`, redirect: true };
  });
}

/** Adds the cases of a JSONL `file` to dataset `datasetId`; a bad file or a clashing case id adds nothing. */
export async function importCasesAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>({ name: 'admin.importCases', rateLimit: 'admin', role: 'editor', onError: evalError }, async ({ user: admin }) => {
    const datasetId = idField.safeParse(formData.get('datasetId') ?? '');
    if (!datasetId.success) return { ok: false, message: 'Reload the page and try again.' };
    const file = await fileText(formData, true);
    if ('error' in file) return { ok: false, message: file.error };
    try {
      const n = await importDatasetText(await getAppDb(), { datasetId: datasetId.data, text: file.text!, by: admin.email });
      refresh(datasetId.data);
      return { ok: true, message: `Imported ${n} ${n === 1 ? 'case' : 'cases'}.` };
    } catch (err) {
      if (err instanceof DatasetError) return { ok: false, message: datasetErrorMessage(err) };
      throw err;
    }
  });
}

const editSchema = z.object({
  datasetId: idField,
  id: idField,
  kind: z.string(),
  gold: z.string().max(20_000),
  reference: z.string().max(2000, 'The reference is at most 2,000 characters.'),
});

/**
 * Edits a case (fields `datasetId`, `id`, `kind`, `gold` — one source id or slug per line —,
 * `reference`). Kind and gold must agree and every gold id must name a published article.
 */
export async function editCaseAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>({ name: 'admin.editCase', rateLimit: 'admin', role: 'editor', onError: evalError }, async () => {
    const parsed = editSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message };
    const f = parsed.data;
    const gold = f.gold
      .split(/\r?\n/)
      .map((g) => g.trim())
      .filter(Boolean);
    await editCase(await getAppDb(), { datasetId: f.datasetId, id: f.id, kind: f.kind, gold, reference: f.reference });
    refresh(f.datasetId);
    return { ok: true, message: 'Saved; the dataset has a new version.' };
  });
}

/** Deletes a case (fields `datasetId`, `id`). */
export async function deleteCaseAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>({ name: 'admin.deleteCase', rateLimit: 'admin', role: 'editor', onError: evalError }, async () => {
    const parsed = z.object({ datasetId: idField, id: idField }).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return { ok: false, message: 'Reload the page and try again.' };
    const deleted = await deleteCase(await getAppDb(), { datasetId: parsed.data.datasetId, id: parsed.data.id });
    refresh(parsed.data.datasetId);
    return deleted ? { ok: true, message: 'Deleted.' } : { ok: false, message: 'This case was already deleted.' };
  });
}

/**
 * Starts a run of dataset `datasetId` in the server process (retrieval and answers on the app's
 * index, saved as `db:<name>`); the dataset page shows it running, then done or failed.
 */
export async function startRunAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>({ name: 'admin.startEvalRun', rateLimit: 'admin', role: 'editor', onError: evalError }, async ({ user: admin }) => {
    const datasetId = idField.safeParse(formData.get('datasetId') ?? '');
    if (!datasetId.success) return { ok: false, message: 'Reload the page and try again.' };
    const db = await getAppDb();
    const d = await findDataset(db, { id: datasetId.data });
    if (!d) return { ok: false, message: 'This dataset no longer exists.' };
    const job = await startDatasetRun(db, { datasetId: d.id, by: admin.email });
    refresh(d.id);
    return job === null ? { ok: false, message: 'Another run is still going; start this one when it has finished.' } : { ok: true, message: 'Run started.' };
  });
}
