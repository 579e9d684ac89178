import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { listJobs } from '@/db/queries/eval-datasets';
import { evalKinds } from '@/lib/evals/dataset';
import { ActionForm, AutoRefresh } from '@/components/admin/ActionForm';
import { transcriptHref } from '@/components/admin/ReviewedAnswer';
import { requireRole } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { getDatasetView, type DatasetView } from '@/lib/evals/datasets';
import { getAppDb } from '@/lib/startup';
import { deleteCaseAction, editCaseAction, importCasesAction, startRunAction } from '../../actions';

export const metadata: Metadata = { title: 'Dataset' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const label = 'block text-sm font-medium text-slate-700 dark:text-slate-300';
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * One stored dataset: its version, Run button with the latest runs' status (running, done, failed;
 * the page refreshes itself while one is running), JSONL export and import, and every case with
 * its provenance, an edit form (gold, reference, kind) and delete.
 */
export default async function DatasetPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const db = await getAppDb();
  let d: DatasetView;
  try {
    d = await getDatasetView(db, { id: Number(id) });
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not_found') notFound();
    throw err;
  }
  const jobs = await listJobs(db, { datasetId: d.id, limit: 5 });
  const running = jobs.some((j) => j.status === 'running');
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8" data-testid="dataset-page">
      <AutoRefresh active={running} />
      <p className="text-sm">
        <Link href="/admin/evals" className="text-brand underline-offset-2 hover:underline">
          ← Evaluation
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight break-words sm:text-2xl" data-testid="dataset-name">
        {d.name}
      </h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {d.cases.length} {d.cases.length === 1 ? 'case' : 'cases'} · version{' '}
        <code className="font-mono" data-testid="dataset-version" title={d.version}>
          {d.version ? d.version.slice(0, 12) : '—'}
        </code>{' '}
        · runs are named <code>db:{d.name}</code> · <code>npm run eval -- --dataset db:{d.name}</code>
        {d.description ? <> · {d.description}</> : null}
      </p>

      <div className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-3">
        <section className={card} aria-labelledby="run-h">
          <h2 id="run-h" className="font-semibold">
            Run
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Retrieval and answers on this server’s index, saved as a run.</p>
          <ActionForm action={startRunAction} submitLabel={running ? 'Running…' : 'Run'} pendingLabel="Starting…" testId="dataset-run">
            <input type="hidden" name="datasetId" value={d.id} />
          </ActionForm>
          {jobs.length ? (
            <ul className="mt-3 grid gap-1 text-sm" data-testid="dataset-jobs" aria-live="polite">
              {jobs.map((j) => (
                <li key={j.id} data-testid="dataset-job" data-status={j.status} className="flex flex-wrap items-center gap-2">
                  <span
                    className={`rounded-full px-2 py-0.5 text-xs font-semibold ${
                      j.status === 'done'
                        ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
                        : j.status === 'failed'
                          ? 'bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200'
                          : 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200'
                    }`}
                  >
                    {j.status}
                  </span>
                  <span className="text-slate-600 dark:text-slate-400">{when(j.startedAt)}</span>
                  {j.runId ? (
                    <Link href={`/admin/evals/runs/${j.runId}`} data-testid="dataset-job-run" className="text-brand underline-offset-2 hover:underline">
                      run #{j.runId}
                    </Link>
                  ) : null}
                  {j.error ? <span className="w-full text-xs break-words whitespace-pre-wrap text-rose-800 dark:text-rose-300">{j.error}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className={card} aria-labelledby="export-h">
          <h2 id="export-h" className="font-semibold">
            Export
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            JSONL in the format of <code>npm run eval</code>; provenance stays here.
          </p>
          <a
            href={`/admin/evals/datasets/${d.id}/export`}
            download={`${d.name}.jsonl`}
            data-testid="dataset-export"
            className="mt-3 inline-flex min-h-9 max-w-full items-center rounded-lg border border-slate-300 px-4 py-1.5 text-sm break-all font-semibold text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800"
          >
            Download {d.name}.jsonl
          </a>
        </section>
        <section className={card} aria-labelledby="import-h">
          <h2 id="import-h" className="font-semibold">
            Import cases
          </h2>
          <ActionForm action={importCasesAction} submitLabel="Import" pendingLabel="Importing…" variant="secondary" testId="dataset-import">
            <input type="hidden" name="datasetId" value={d.id} />
            <label htmlFor="import-file" className={`${label} mt-1`}>
              JSONL file (BOM and CRLF accepted)
            </label>
            <input
              id="import-file"
              name="file"
              type="file"
              required
              accept=".jsonl,.json,.txt,application/x-ndjson"
              className="mt-1 block w-full max-w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:bg-slate-800 dark:file:text-slate-100"
            />
          </ActionForm>
        </section>
      </div>

      <h2 className="mt-8 text-lg font-semibold tracking-tight">Cases</h2>
      {d.cases.length === 0 ? (
        <p className="mt-2 rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          No cases yet. Add answers from the{' '}
          <Link href="/admin/feedback" className="text-brand underline-offset-2 hover:underline">
            review queue
          </Link>{' '}
          or import a file.
        </p>
      ) : (
        <ol className="mt-2 grid gap-3" data-testid="dataset-cases">
          {d.cases.map((c) => (
            <li key={c.id} id={`case-${c.id}`} data-testid="dataset-case" data-case-id={c.caseId} className={card}>
              <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                <code className="font-mono font-semibold text-slate-900 dark:text-white">{c.caseId}</code>
                <span className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">{c.kind}</span>
                {c.collection ? <span>{c.collection}</span> : null}
                <span>
                  · {c.origin === 'review' ? 'from review' : c.origin} by {c.createdBy ?? 'unknown'}, {when(c.createdAt)}
                </span>
                {c.feedbackId ? <span>· feedback #{c.feedbackId}</span> : null}
                {c.conversationId && c.messageId ? (
                  <Link href={transcriptHref(c.conversationId, c.messageId)} className="text-brand underline-offset-2 hover:underline">
                    · message {c.messageId.slice(0, 12)}
                  </Link>
                ) : null}
              </div>
              <ol className="mt-2 grid gap-1 text-sm">
                {c.turns.map((t, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a case's turns in order, never reordered; two turns can be equal
                  <li key={i} className={`break-words whitespace-pre-wrap ${i === c.turns.length - 1 ? 'font-medium' : 'text-slate-600 dark:text-slate-400'}`}>
                    {c.turns.length > 1 ? `${i + 1}. ` : ''}
                    {t}
                  </li>
                ))}
              </ol>
              <p className="mt-1 text-xs break-all text-slate-700 dark:text-slate-300">
                <span className="font-semibold">Gold:</span> {c.gold.length ? c.gold.join(', ') : 'none (unanswerable)'}
              </p>
              {c.reference ? (
                <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
                  <span className="font-semibold">Reference:</span> {c.reference}
                </p>
              ) : null}
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium text-brand">Edit or delete</summary>
                <div className="mt-2 grid gap-3 md:grid-cols-[minmax(0,1fr)_auto]">
                  <ActionForm action={editCaseAction} submitLabel="Save case" pendingLabel="Saving…" testId="case-edit">
                    <input type="hidden" name="datasetId" value={d.id} />
                    <input type="hidden" name="id" value={c.id} />
                    <div className="grid gap-3 sm:grid-cols-2">
                      <div>
                        <label htmlFor={`kind-${c.id}`} className={label}>
                          Kind
                        </label>
                        <select id={`kind-${c.id}`} name="kind" defaultValue={c.kind} className={input}>
                          {evalKinds.map((k) => (
                            <option key={k} value={k}>
                              {k}
                            </option>
                          ))}
                        </select>
                      </div>
                      <div>
                        <label htmlFor={`gold-${c.id}`} className={label}>
                          Gold (one source id or slug per line)
                        </label>
                        <textarea id={`gold-${c.id}`} name="gold" rows={2} defaultValue={c.gold.join('\n')} className={`${input} font-mono text-xs`} />
                      </div>
                      <div className="sm:col-span-2">
                        <label htmlFor={`ref-${c.id}`} className={label}>
                          Reference answer
                        </label>
                        <textarea id={`ref-${c.id}`} name="reference" rows={2} maxLength={2000} defaultValue={c.reference ?? ''} className={input} />
                      </div>
                    </div>
                  </ActionForm>
                  <ActionForm action={deleteCaseAction} submitLabel="Delete case" pendingLabel="Deleting…" variant="danger" testId="case-delete">
                    <input type="hidden" name="datasetId" value={d.id} />
                    <input type="hidden" name="id" value={c.id} />
                  </ActionForm>
                </div>
              </details>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
