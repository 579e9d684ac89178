import type { Metadata } from 'next';
import Link from 'next/link';
import { listDatasets } from '@/db/queries/eval-datasets';
import { listEvalRuns, type EvalRunRow } from '@/db/queries/evals';
import { ActionForm } from '@/components/admin/ActionForm';
import { requireRole } from '@/lib/auth/session';
import { flaggedCases } from '@/lib/evals/datasets';
import { getAppDb } from '@/lib/startup';
import { createDatasetAction } from './actions';

export const metadata: Metadata = { title: 'Evaluation' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const h2 = 'text-lg font-semibold tracking-tight';
const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const label = 'block text-sm font-medium text-slate-700 dark:text-slate-300';
const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const num = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : '—');

/** A run's headline numbers: the hybrid's hit@5 and the answers' cites-gold rate (null when not measured). */
function headline(run: EvalRunRow): { hit5: unknown; citesGold: unknown } {
  const overall = (run.retrievalMetrics.overall ?? {}) as Record<string, Record<string, number>>;
  const answers = (run.answerMetrics?.overall ?? null) as Record<string, number | null> | null;
  return { hit5: overall.hybrid?.['hit@5'], citesGold: answers?.cites_gold };
}

/**
 * Evaluation home: stored datasets (create, import a JSONL file), cases flagged by article edits
 * with whether a later run fixed them, and the latest runs with a form to compare two.
 */
export default async function AdminEvalsPage() {
  await requireRole();
  const db = await getAppDb();
  const [datasets, runs, flagged] = await Promise.all([listDatasets(db), listEvalRuns(db, { limit: 50 }), flaggedCases(db, { limit: 100 })]);
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Evaluation</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Datasets of reviewed cases, runs of the retrieval and answer evaluation, and comparisons. Add cases from the{' '}
        <Link href="/admin/feedback" className="text-brand underline-offset-2 hover:underline">
          review queue
        </Link>
        .
      </p>

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <section aria-labelledby="datasets-h" className="min-w-0">
          <h2 id="datasets-h" className={h2}>
            Datasets
          </h2>
          {datasets.length === 0 ? (
            <p className="mt-2 rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No datasets yet.</p>
          ) : (
            <div className={`${card} mt-2 overflow-x-auto p-0`}>
              <table className="w-full text-sm" data-testid="datasets-table">
                <thead className="border-b border-slate-200 dark:border-slate-800">
                  <tr>
                    <th scope="col" className={th}>
                      Name
                    </th>
                    <th scope="col" className={`${th} text-right`}>
                      Cases
                    </th>
                    <th scope="col" className={`${th} hidden sm:table-cell`}>
                      Updated
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {datasets.map((d) => (
                    <tr key={d.id} data-testid="dataset-row">
                      <td className={td}>
                        <Link href={`/admin/evals/datasets/${d.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
                          {d.name}
                        </Link>
                        {d.description ? <p className="text-xs text-slate-600 dark:text-slate-400">{d.description}</p> : null}
                      </td>
                      <td className={`${td} text-right tabular-nums`}>{d.caseCount}</td>
                      <td className={`${td} hidden whitespace-nowrap text-slate-600 sm:table-cell dark:text-slate-400`}>{when(d.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="new-dataset-h" className={`${card} min-w-0`}>
          <h2 id="new-dataset-h" className="font-semibold">
            New dataset
          </h2>
          <ActionForm action={createDatasetAction} submitLabel="Create" pendingLabel="Creating…" testId="dataset-create" label="New dataset">
            <label htmlFor="ds-name" className={`${label} mt-2`}>
              Name
            </label>
            <input id="ds-name" name="name" required maxLength={60} placeholder="reviewed-answers" pattern="[a-z0-9][a-z0-9._\-]*" className={input} aria-describedby="ds-name-hint" />
            <p id="ds-name-hint" className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              Lower-case letters, digits, dots, dashes, underscores.
            </p>
            <label htmlFor="ds-desc" className={`${label} mt-2`}>
              Description <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
            </label>
            <input id="ds-desc" name="description" maxLength={500} className={input} />
            <label htmlFor="ds-file" className={`${label} mt-2`}>
              Cases from a JSONL file <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
            </label>
            <input
              id="ds-file"
              name="file"
              type="file"
              accept=".jsonl,.json,.txt,application/x-ndjson"
              className="mt-1 block w-full max-w-full min-w-0 text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-medium dark:file:bg-slate-800 dark:file:text-slate-100"
            />
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              The format of <code>npm run eval</code> (evals/README.md); a BOM and CRLF line ends are fine.
            </p>
          </ActionForm>
        </section>
      </div>

      <section aria-labelledby="flagged-h" className="mt-8">
        <h2 id="flagged-h" className={h2}>
          Flagged cases
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Cases whose gold article, or an article their reviewed answer cited, was saved since. Fixed: the newest run of the dataset after the edit passes the case (a gold article in the top 5 and,
          with answers, cited; unanswerable: refused).
        </p>
        {flagged.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No flagged cases.</p>
        ) : (
          <div className={`${card} mt-2 overflow-x-auto p-0`}>
            <table className="w-full text-sm" data-testid="flagged-table">
              <thead className="border-b border-slate-200 dark:border-slate-800">
                <tr>
                  <th scope="col" className={th}>
                    Case
                  </th>
                  <th scope="col" className={th}>
                    Article saved
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Flagged
                  </th>
                  <th scope="col" className={th}>
                    After the edit
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {flagged.map((f) => (
                  <tr key={f.caseRowId} data-testid="flagged-row" data-status={f.status}>
                    <td className={td}>
                      <Link href={`/admin/evals/datasets/${f.datasetId}#case-${f.caseRowId}`} className="font-mono text-xs text-brand underline-offset-2 hover:underline">
                        {f.datasetName} / {f.caseId}
                      </Link>
                    </td>
                    <td className={td}>
                      {f.articleId ? (
                        <Link href={`/admin/articles/${f.articleId}`} className="underline-offset-2 hover:underline">
                          {f.articleTitle}
                        </Link>
                      ) : (
                        f.articleTitle
                      )}{' '}
                      <span className="text-xs text-slate-600 dark:text-slate-400">
                        v{f.articleVersion} · {f.relation === 'gold' ? 'gold' : 'cited by the answer'}
                      </span>
                    </td>
                    <td className={`${td} hidden whitespace-nowrap text-slate-600 sm:table-cell dark:text-slate-400`}>{when(f.flaggedAt)}</td>
                    <td className={td}>
                      <FlagStatus status={f.status} runId={f.laterRunId} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="runs-h" className="mt-8">
        <h2 id="runs-h" className={h2}>
          Runs
        </h2>
        {runs.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
            No runs yet. Press Run on a dataset, or <code>npm run eval -- --dataset &lt;file&gt; --answers --save</code>.
          </p>
        ) : (
          <>
            {runs.length >= 2 ? (
              <form action="/admin/evals/compare" method="get" className={`${card} mt-2 flex flex-wrap items-end gap-3`} data-testid="compare-form" aria-label="Compare two runs">
                <div>
                  <label htmlFor="cmp-a" className={label}>
                    Run A (before)
                  </label>
                  <select id="cmp-a" name="a" defaultValue={runs[1].id} className={input}>
                    {runs.map((r) => (
                      <option key={r.id} value={r.id}>
                        #{r.id} {r.datasetName}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor="cmp-b" className={label}>
                    Run B (after)
                  </label>
                  <select id="cmp-b" name="b" defaultValue={runs[0].id} className={input}>
                    {runs.map((r) => (
                      <option key={r.id} value={r.id}>
                        #{r.id} {r.datasetName}
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="submit"
                  data-testid="compare-submit"
                  className="inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
                >
                  Compare
                </button>
              </form>
            ) : null}
            <div className={`${card} mt-3 overflow-x-auto p-0`}>
              <table className="w-full text-sm" data-testid="runs-table">
                <thead className="border-b border-slate-200 dark:border-slate-800">
                  <tr>
                    <th scope="col" className={th}>
                      Run
                    </th>
                    <th scope="col" className={th}>
                      Dataset
                    </th>
                    <th scope="col" className={`${th} text-right`}>
                      Cases
                    </th>
                    <th scope="col" className={`${th} text-right`}>
                      hit@5
                    </th>
                    <th scope="col" className={`${th} text-right`}>
                      cites gold
                    </th>
                    <th scope="col" className={`${th} hidden sm:table-cell`}>
                      When
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                  {runs.map((r) => {
                    const h = headline(r);
                    return (
                      <tr key={r.id} data-testid="run-row" data-run-id={r.id}>
                        <td className={td}>
                          <Link href={`/admin/evals/runs/${r.id}`} className="font-medium text-brand underline-offset-2 hover:underline">
                            #{r.id}
                          </Link>
                        </td>
                        <td className={td}>
                          {r.datasetName} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">@{r.datasetVersion.slice(0, 8)}</span>
                        </td>
                        <td className={`${td} text-right tabular-nums`}>{r.cases}</td>
                        <td className={`${td} text-right tabular-nums`}>{num(h.hit5)}</td>
                        <td className={`${td} text-right tabular-nums`}>{num(h.citesGold)}</td>
                        <td className={`${td} hidden whitespace-nowrap text-slate-600 sm:table-cell dark:text-slate-400`}>{when(r.createdAt)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </main>
  );
}

/** Fixed / still failing / no run yet, with the deciding run. */
function FlagStatus({ status, runId }: { status: 'fixed' | 'failing' | 'pending'; runId: number | null }) {
  const style = {
    fixed: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
    failing: 'bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200',
    pending: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  }[status];
  const text = { fixed: 'Fixed', failing: 'Still failing', pending: 'No run since' }[status];
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${style}`}>{text}</span>
      {runId ? (
        <Link href={`/admin/evals/runs/${runId}`} className="text-xs text-brand underline-offset-2 hover:underline">
          run #{runId}
        </Link>
      ) : null}
    </span>
  );
}
