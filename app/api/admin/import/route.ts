import { importUploadedZip, importUploadSchema, type UploadImportReport, type UploadProgress } from '@/lib/content/import-upload';
import { ZIP_LIMITS } from '@/lib/content/import/zip';
import { AppError } from '@/lib/errors';
import { readBodyBytes } from '@/lib/http';
import { route } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

/** One line of the streamed answer (newline-delimited JSON). */
export type ImportStreamEvent = ({ type: 'progress' } & UploadProgress) | { type: 'report'; report: UploadImportReport } | { type: 'error'; message: string };

/** Room for the multipart envelope and the form fields around the zip. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * POST /api/admin/import (session of an editor or admin, from this site's pages): a `multipart/form-data` upload with `file` (a .zip of
 * Markdown/MDX, at most 8 MB), `collection` (optional name; default the zip's folder) and `prune`
 * (`on` deletes articles whose file is gone instead of unpublishing them).
 *
 * Checked before anything is written, as a JSON error: 403 for a cross-site request (Origin /
 * Sec-Fetch-Site) or a viewer, 415 for a body that is not multipart/form-data, 401 without a session, 400 for a
 * missing file / bad collection name / not a zip / an entry outside the folder (zip-slip) / no
 * Markdown, 413 past the size and file-count caps, 409 while another import runs, 429 past the
 * admin rate limit. Then a 200 streamed as newline-delimited JSON: `{type:'progress', phase,
 * done?, total?}` lines, then one `{type:'report', report}` (the CLI's figures, see
 * UploadImportReport) or `{type:'error', message}`.
 */
export const POST = route({ rateLimit: 'admin', session: 'editor', body: 'multipart', maxBodyBytes: ZIP_LIMITS.zipBytes + ENVELOPE_BYTES }, async ({ req }) => {
  // multipart/form-data: the wrapper refused any other type (415).
  const type = req.headers.get('content-type') ?? '';
  const bytes = await readBodyBytes(req, ZIP_LIMITS.zipBytes + ENVELOPE_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new AppError('bad_request:import', 'The upload could not be read as a form. Try again.');
  }
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) throw new AppError('bad_request:import', 'Choose a .zip file to import.');
  const fields = importUploadSchema.safeParse({
    collection: form.get('collection') ?? '',
    prune: form.get('prune') ?? undefined,
    keepSample: form.get('keep_sample') ?? undefined,
    force: form.get('force') ?? undefined,
  });
  if (!fields.success) throw new AppError('bad_request:import', fields.error.issues[0].message);
  const zip = new Uint8Array(await file.arrayBuffer());
  const db = await getAppDb();
  const on = (v: string | undefined) => v !== undefined && v !== '';
  const input = { zip, fileName: file.name, collection: fields.data.collection, prune: on(fields.data.prune), keepSample: on(fields.data.keepSample), force: on(fields.data.force) };

  // Unpacking and reading (with their checks) run before the answer starts, so a refused zip or a
  // folder with no Markdown is a plain 4xx; saving streams.
  const events: ImportStreamEvent[] = [];
  let push: ((e: ImportStreamEvent) => void) | null = null;
  const emit = (e: ImportStreamEvent) => (push ? push(e) : events.push(e));
  let saving: () => void = () => {};
  const read = new Promise<void>((resolve) => (saving = resolve));
  const job = importUploadedZip(db, input, (p) => {
    if (p.phase === 'saving') saving();
    emit({ type: 'progress', ...p });
  });
  const early = await Promise.race([
    read.then(() => null),
    job.then(
      () => null,
      (err: unknown) => err,
    ),
  ]);
  if (early) throw early;

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (e: ImportStreamEvent) => controller.enqueue(encoder.encode(`${JSON.stringify(e)}\n`));
      for (const e of events.splice(0)) write(e);
      push = write;
      job
        .then(
          (report) => write({ type: 'report', report }),
          (err: unknown) => {
            if (!(err instanceof AppError)) console.error('[resolve] admin import failed:', err);
            write({ type: 'error', message: err instanceof AppError ? err.message : 'The import stopped on an unexpected error; articles saved so far are kept. Try again.' });
          },
        )
        .finally(() => {
          push = null;
          controller.close();
        });
    },
  });
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
