'use client';

import { useId, useRef, useState } from 'react';
import { zipSync } from 'fflate';
import type { ImportStreamEvent } from '@/app/api/admin/import/route';
import type { UploadImportReport, UploadProgress } from '@/lib/content/import-upload';
import { ZIP_LIMITS } from '@/lib/content/import/zip-limits';
import { plural } from '@/components/help/format';

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const card = 'rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900';

type State = { kind: 'idle' } | { kind: 'running'; progress: UploadProgress | null } | { kind: 'done'; report: UploadImportReport } | { kind: 'error'; message: string; field?: 'file' | 'collection' };

const PHASES: Record<UploadProgress['phase'], string> = {
  unpacking: 'Unpacking the zip…',
  reading: 'Reading the Markdown files…',
  saving: 'Saving articles',
};

/**
 * The admin's import form: a zip of a docs folder, or the folder itself (zipped in the browser;
 * Mintlify MDX or VuePress/plain Markdown), an
 * optional collection name, and whether to delete articles whose file is gone. Posts to
 * /api/admin/import, shows its streamed progress, then the report the CLI prints.
 * @param props.collections existing collection names, offered as suggestions.
 * @param props.sampleLive the bundled sample articles are published: offer to keep them so.
 */
export function ImportForm({ collections, sampleLive }: { collections: string[]; sampleLive: boolean }) {
  const id = useId();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const fileRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);
  const running = state.kind === 'running';

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const folderFiles = [...(folderRef.current?.files ?? [])];
    form.delete('folder');
    let file = form.get('file');
    if (folderFiles.length > 0) {
      if (file instanceof File && file.size > 0) return setState({ kind: 'error', field: 'file', message: 'Choose a zip or a folder, not both.' });
      const zipped = await zipFolder(folderFiles);
      if (typeof zipped === 'string') return setState({ kind: 'error', field: 'file', message: zipped });
      file = zipped;
      form.set('file', zipped);
    }
    if (!(file instanceof File) || file.size === 0) return setState({ kind: 'error', field: 'file', message: 'Choose a .zip file to import.' });
    if (!/\.zip$/i.test(file.name)) return setState({ kind: 'error', field: 'file', message: 'Choose a .zip file (a zip of your docs folder).' });
    if (file.size > ZIP_LIMITS.zipBytes) {
      return setState({
        kind: 'error',
        field: 'file',
        message: `The zip is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${ZIP_LIMITS.zipBytes / 1024 / 1024} MB. Import larger folders with npm run import.`,
      });
    }
    setState({ kind: 'running', progress: null });
    let res: Response;
    try {
      res = await fetch('/api/admin/import', { method: 'POST', body: form });
    } catch {
      return setState({ kind: 'error', message: 'Could not reach the server. Check your connection and try again.' });
    }
    if (!res.ok || !res.body) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      const message = res.status === 401 ? 'Your session has expired. Sign in again in another tab, then import.' : (body?.error?.message ?? `The import was refused (${res.status}).`);
      return setState({ kind: 'error', message, field: /collection name/i.test(message) ? 'collection' : res.status === 401 ? undefined : 'file' });
    }
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let ended = false;
    const handle = (line: string) => {
      if (!line.trim()) return;
      const ev = JSON.parse(line) as ImportStreamEvent;
      if (ev.type === 'progress') {
        const { type: _t, ...progress } = ev;
        setState({ kind: 'running', progress });
      } else if (ev.type === 'report') {
        ended = true;
        setState({ kind: 'done', report: ev.report });
        if (fileRef.current) fileRef.current.value = '';
        if (folderRef.current) folderRef.current.value = '';
      } else {
        ended = true;
        setState({ kind: 'error', message: ev.message });
      }
    };
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffered += decoder.decode(value, { stream: true });
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(handle);
      }
      handle(buffered);
    } catch {
      ended = true;
      setState({ kind: 'error', message: 'The connection dropped during the import. Articles saved so far are kept; upload the zip again to finish.' });
    }
    if (!ended) setState({ kind: 'error', message: 'The import ended without a report. Upload the zip again; unchanged articles are skipped.' });
  }

  const fieldError = (f: 'file' | 'collection') => (state.kind === 'error' && state.field === f ? state.message : undefined);
  const progress = state.kind === 'running' ? state.progress : null;

  return (
    <div className="space-y-6">
      <form onSubmit={submit} noValidate data-testid="import-form" className={card} aria-busy={running}>
        <div className="grid gap-4 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
              Zip of your docs folder
            </label>
            <input
              ref={fileRef}
              id={`${id}-file`}
              name="file"
              type="file"
              accept=".zip,application/zip"
              required
              disabled={running}
              aria-invalid={!!fieldError('file')}
              aria-describedby={`${id}-file-hint`}
              className={`${input} file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm file:font-medium file:text-slate-800 dark:file:bg-slate-800 dark:file:text-slate-100`}
            />
            <p id={`${id}-file-hint`} className={`mt-1 text-xs ${fieldError('file') ? 'text-red-700 dark:text-red-400' : 'text-slate-500 dark:text-slate-400'}`}>
              {fieldError('file') ?? `Markdown or MDX (Mintlify with docs.json, VuePress, or plain folders). Up to ${ZIP_LIMITS.zipBytes / 1024 / 1024} MB and ${ZIP_LIMITS.files} files.`}
            </p>
          </div>
          <div className="sm:col-span-2">
            <label htmlFor={`${id}-folder`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
              …or a folder <span className="font-normal text-slate-500 dark:text-slate-400">(zipped in your browser)</span>
            </label>
            <input
              ref={folderRef}
              id={`${id}-folder`}
              name="folder"
              type="file"
              multiple
              disabled={running}
              {...({ webkitdirectory: '' } as Record<string, string>)}
              className={`${input} file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1 file:text-sm file:font-medium file:text-slate-800 dark:file:bg-slate-800 dark:file:text-slate-100`}
            />
          </div>
          <div>
            <label htmlFor={`${id}-collection`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
              Collection <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
            </label>
            <input
              id={`${id}-collection`}
              name="collection"
              list={`${id}-collections`}
              maxLength={100}
              disabled={running}
              placeholder="The zip's folder name"
              aria-invalid={!!fieldError('collection')}
              aria-describedby={`${id}-collection-hint`}
              className={input}
            />
            <datalist id={`${id}-collections`}>
              {collections.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            <p id={`${id}-collection-hint`} className={`mt-1 text-xs ${fieldError('collection') ? 'text-red-700 dark:text-red-400' : 'text-slate-500 dark:text-slate-400'}`}>
              {fieldError('collection') ?? 'The same name as an earlier import updates that product’s articles.'}
            </p>
          </div>
          <div className="flex items-start gap-2 sm:pt-7">
            <input
              id={`${id}-prune`}
              name="prune"
              type="checkbox"
              disabled={running}
              className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-600"
            />
            <label htmlFor={`${id}-prune`} className="text-sm text-slate-700 dark:text-slate-300">
              Delete articles whose file is gone
              <span className="block text-xs text-slate-500 dark:text-slate-400">Otherwise they are unpublished and kept as drafts.</span>
            </label>
          </div>
          <div className="flex items-start gap-2 sm:col-span-2">
            <input
              id={`${id}-force`}
              name="force"
              type="checkbox"
              disabled={running}
              data-testid="import-force"
              className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-600"
            />
            <label htmlFor={`${id}-force`} className="text-sm text-slate-700 dark:text-slate-300">
              Overwrite articles edited since the last import
              <span className="block text-xs text-slate-500 dark:text-slate-400">
                Otherwise articles changed in the editor or through the API are kept and listed; both texts stay in the history either way.
              </span>
            </label>
          </div>
          {sampleLive ? (
            <div className="flex items-start gap-2 sm:col-span-2">
              <input
                id={`${id}-keep`}
                name="keep_sample"
                type="checkbox"
                disabled={running}
                className="mt-0.5 size-4 rounded border-slate-300 accent-indigo-600 focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-600"
              />
              <label htmlFor={`${id}-keep`} className="text-sm text-slate-700 dark:text-slate-300">
                Keep the sample articles published
                <span className="block text-xs text-slate-500 dark:text-slate-400">Otherwise the first real import archives the bundled examples nobody edited.</span>
              </label>
            </div>
          ) : null}
        </div>
        <div className="mt-5 flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={running}
            data-testid="import-submit"
            className="inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60"
          >
            {running ? 'Importing…' : 'Import'}
          </button>
          <div role="status" aria-live="polite" className="min-w-0 flex-1 text-sm text-slate-700 dark:text-slate-300" data-testid="import-progress">
            {running ? (
              <div className="flex items-center gap-3">
                <span className="shrink-0">
                  {progress ? PHASES[progress.phase] : 'Uploading…'}
                  {progress?.phase === 'saving' ? ` ${progress.done} of ${progress.total}` : ''}
                </span>
                <progress
                  className="h-2 w-full max-w-xs overflow-hidden rounded-full [&::-moz-progress-bar]:bg-indigo-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-indigo-600 dark:[&::-webkit-progress-bar]:bg-slate-700"
                  aria-label="Import progress"
                  {...(progress?.phase === 'saving' ? { value: progress.done, max: progress.total } : {})}
                />
              </div>
            ) : state.kind === 'done' ? (
              <span className="text-emerald-700 dark:text-emerald-400">Import finished — see the report below.</span>
            ) : null}
          </div>
        </div>
        {state.kind === 'error' && !state.field ? (
          <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300" data-testid="import-error">
            {state.message}
          </p>
        ) : state.kind === 'error' ? (
          <p role="alert" className="sr-only">
            {state.message}
          </p>
        ) : null}
      </form>
      {state.kind === 'done' ? <ImportReportView report={state.report} /> : null}
    </div>
  );
}

/** The figures and lists `npm run import` prints, for one finished import. */
function ImportReportView({ report: r }: { report: UploadImportReport }) {
  const figures: [string, number, string?][] = [
    ['Imported', r.imported],
    ['Updated', r.updated],
    ['Unchanged', r.unchanged],
    ['Changed since last import', r.changedSinceImport.length, 'kept, not overwritten'],
    [r.pruned ? 'Deleted' : 'Unpublished', r.gone.length, 'files gone from the source'],
    ['Failed', r.failed.length],
    ['Skipped', r.skipped.length],
  ];
  return (
    <section aria-labelledby="import-report-title" className={card} data-testid="import-report">
      <h2 id="import-report-title" className="font-semibold">
        Report for <code className="rounded bg-slate-100 px-1 py-0.5 text-sm dark:bg-slate-800">{r.collection}</code>
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Read {plural(r.read.files, 'file')}: {plural(r.read.articles, 'article')} in {plural(r.read.categories, 'category', 'categories')} · {(r.ms / 1000).toFixed(1)} s
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3">
        {figures.map(([label, n, hint]) => (
          <div key={label} className="rounded-lg border border-slate-200 px-3 py-2 dark:border-slate-800" data-testid={`import-figure-${label.toLowerCase().replace(/ /g, '-')}`}>
            <dt className="text-xs text-slate-600 dark:text-slate-400">
              {label}
              {hint ? <span className="sr-only"> ({hint})</span> : null}
            </dt>
            <dd className="text-xl font-semibold tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>
      <ReportList
        title={r.pruned ? 'Deleted: files gone from the source' : 'Unpublished: files gone from the source (now drafts)'}
        items={r.gone.map((g) => ({ key: g.sourceId, main: g.sourceId, detail: `${g.title} · ${g.slug}` }))}
      />
      <ReportList
        title="Changed since last import: kept (edited in the editor or the API; tick “Overwrite articles edited since the last import” to replace them)"
        items={r.changedSinceImport.map((c) => ({ key: c.sourceId, main: c.sourceId, detail: `${c.title} · ${c.slug} · v${c.version}, the import wrote v${c.importedVersion}` }))}
      />
      <ReportList title="Failed" tone="error" items={r.failed.map((f) => ({ key: f.sourceId, main: f.sourceId, detail: f.reason }))} />
      <ReportList title="Skipped" items={r.skipped.map((s) => ({ key: s.sourceId, main: s.sourceId, detail: s.reason }))} />
      <ReportList
        title="Text addressed to an AI assistant (review in Articles → Needs review)"
        items={r.flagged.map((f) => ({ key: f.sourceId, main: f.sourceId, detail: `${f.count} ${f.count === 1 ? 'passage' : 'passages'}` }))}
      />
      {r.sampleArchived > 0 ? <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">Archived {r.sampleArchived} untouched sample articles: real content arrived.</p> : null}
      {r.mediaCopied > 0 ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Images copied to the media store: {r.mediaCopied}.</p> : null}
    </section>
  );
}

function ReportList({ title, items, tone }: { title: string; items: { key: string; main: string; detail: string }[]; tone?: 'error' }) {
  if (items.length === 0) return null;
  return (
    <div className="mt-5">
      <h3 className={`text-sm font-semibold ${tone === 'error' ? 'text-red-800 dark:text-red-300' : ''}`}>
        {title} ({items.length})
      </h3>
      <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800">
        {items.map((i) => (
          <li key={i.key} className="px-3 py-2">
            <code className="break-all text-slate-900 dark:text-slate-100">{i.main}</code>
            <p className="mt-0.5 break-words text-slate-600 dark:text-slate-400">{i.detail}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Zips the files of a folder chosen with `webkitdirectory` (paths from `webkitRelativePath`, so
 * the zip's top folder is the chosen folder), leaving out dot entries and node_modules, within the
 * upload caps.
 * @returns the zip as a File named `<folder>.zip`, or a message for the form.
 */
async function zipFolder(files: File[]): Promise<File | string> {
  const entries: Record<string, Uint8Array> = {};
  let total = 0;
  let count = 0;
  for (const f of files) {
    const rel = f.webkitRelativePath || f.name;
    if (rel.split('/').some((p) => p.startsWith('.') || p === 'node_modules')) continue;
    if (++count > ZIP_LIMITS.files) return `The folder holds more than ${ZIP_LIMITS.files} files; import it with npm run import.`;
    total += f.size;
    if (f.size > ZIP_LIMITS.fileBytes || total > ZIP_LIMITS.totalBytes) {
      return `The folder is larger than ${ZIP_LIMITS.totalBytes / 1024 / 1024} MB (or a file is over ${ZIP_LIMITS.fileBytes / 1024 / 1024} MB); import it with npm run import.`;
    }
    entries[rel] = new Uint8Array(await f.arrayBuffer());
  }
  if (count === 0) return 'The folder has no files to import.';
  const top = (files[0].webkitRelativePath || 'folder').split('/')[0] || 'folder';
  const zipped = zipSync(entries, { level: 6 });
  return new File([new Uint8Array(zipped)], `${top}.zip`, { type: 'application/zip' });
}
