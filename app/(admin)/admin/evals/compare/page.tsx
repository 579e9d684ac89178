import type { Metadata } from 'next';
import Link from 'next/link';
import { requireRole } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { compareRuns, type RunComparison } from '@/lib/evals/compare';
import { loadEvalRun } from '@/lib/evals/store';
import { getAppDb } from '@/lib/startup';

export const metadata: Metadata = { title: 'Compare runs' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';
const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const s = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);

/**
 * Run B against run A (`?a=<id>&b=<id>`): each metric's delta B − A with its paired bootstrap 95%
 * interval over the paired cases (lib/evals/compare.ts), the cases that won or lost a metric, and
 * apart from the deltas the cases only one run has or whose gold, turns or kind changed.
 */
export default async function CompareRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const raw = await searchParams;
  const ids = [raw.a, raw.b].map((v) => (typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : null));
  const back = (
    <p className="text-sm">
      <Link href="/admin/evals" className="text-brand underline-offset-2 hover:underline">
        ← Evaluation
      </Link>
    </p>
  );
  if (ids[0] === null || ids[1] === null) {
    return (
      <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
        {back}
        <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">Compare runs</h1>
        <p className="mt-2 text-sm" role="alert">
          Pick two runs on the Evaluation page.
        </p>
      </main>
    );
  }
  const db = await getAppDb();
  let c: RunComparison;
  try {
    c = compareRuns(await loadEvalRun(db, { id: ids[0] }), await loadEvalRun(db, { id: ids[1] }));
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'not_found') throw err;
    return (
      <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
        {back}
        <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">Compare runs</h1>
        <p className="mt-2 text-sm" role="alert">
          {err.message}. Pick two stored runs on the Evaluation page.
        </p>
      </main>
    );
  }
  const left = c.onlyInA.length + c.onlyInB.length + c.changed.length;
  const level = Math.round(c.bootstrap.level * 100);
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8" data-testid="compare-page">
      {back}
      <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">
        Run{' '}
        <Link href={`/admin/evals/runs/${c.b.id}`} className="text-brand underline-offset-2 hover:underline">
          #{c.b.id}
        </Link>{' '}
        against{' '}
        <Link href={`/admin/evals/runs/${c.a.id}`} className="text-brand underline-offset-2 hover:underline">
          #{c.a.id}
        </Link>
      </h1>
      <ul className="mt-1 grid gap-0.5 text-sm break-words text-slate-600 dark:text-slate-400">
        <li>
          A: #{c.a.id} {c.a.datasetName} @ <code className="font-mono">{c.a.datasetVersion.slice(0, 12)}</code>, {c.a.cases} {c.a.cases === 1 ? 'case' : 'cases'}
        </li>
        <li>
          B: #{c.b.id} {c.b.datasetName} @ <code className="font-mono">{c.b.datasetVersion.slice(0, 12)}</code>, {c.b.cases} {c.b.cases === 1 ? 'case' : 'cases'}
        </li>
        {!c.sameDataset ? (
          <li className="font-medium text-amber-800 dark:text-amber-300">The runs are of different datasets; cases are paired by id only.</li>
        ) : !c.sameVersion ? (
          <li className="font-medium text-amber-800 dark:text-amber-300">The runs are of different versions of the dataset.</li>
        ) : null}
      </ul>
      <p className="mt-3 rounded-lg bg-slate-100 px-3 py-2 text-sm dark:bg-slate-800" data-testid="compare-summary">
        Deltas are B − A over <strong>{c.paired}</strong> paired {c.paired === 1 ? 'case' : 'cases'}
        {left ? (
          <>
            ; <strong>{left}</strong> left out ({c.onlyInA.length} only in A, {c.onlyInB.length} only in B, {c.changed.length} changed)
          </>
        ) : null}
        . {level}% intervals: paired bootstrap over cases, {c.bootstrap.resamples.toLocaleString('en')} resamples, seed {c.bootstrap.seed}; an interval that excludes 0 is marked.
      </p>

      <div className={`${card} mt-4 overflow-x-auto p-0`}>
        <table className="w-full text-sm" data-testid="compare-metrics">
          <thead className="border-b border-slate-200 dark:border-slate-800">
            <tr>
              <th scope="col" className={th}>
                Metric
              </th>
              <th scope="col" className={`${th} hidden text-right sm:table-cell`}>
                Cases
              </th>
              <th scope="col" className={`${th} text-right`}>
                A
              </th>
              <th scope="col" className={`${th} text-right`}>
                B
              </th>
              <th scope="col" className={`${th} text-right`}>
                Δ (B − A)
              </th>
              <th scope="col" className={th}>
                {level}% interval
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {c.metrics.map((m) => {
              const sure = m.ci !== null && (m.ci[0] > 0 || m.ci[1] < 0);
              const good = m.delta !== null && (m.better === 'higher' ? m.delta > 0 : m.delta < 0);
              return (
                <tr key={m.metric} data-testid="compare-metric" data-metric={m.metric}>
                  <td className={td}>
                    {m.metric}
                    {m.better === 'lower' ? <span className="text-xs text-slate-600 dark:text-slate-400"> (lower is better)</span> : null}
                  </td>
                  <td className={`${td} hidden text-right tabular-nums sm:table-cell`}>{m.cases}</td>
                  <td className={`${td} text-right tabular-nums`}>{f(m.a)}</td>
                  <td className={`${td} text-right tabular-nums`}>{f(m.b)}</td>
                  <td className={`${td} text-right font-medium tabular-nums ${sure ? (good ? 'text-emerald-800 dark:text-emerald-300' : 'text-rose-800 dark:text-rose-300') : ''}`}>{s(m.delta)}</td>
                  <td className={`${td} whitespace-nowrap tabular-nums`}>
                    {m.ci ? `[${s(m.ci[0])}, ${s(m.ci[1])}]` : '—'}
                    {sure ? <span className="ml-1 text-xs font-semibold">{good ? 'better' : 'worse'}, excludes 0</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <section className={card} aria-labelledby="changes-h">
          <h2 id="changes-h" className="font-semibold">
            Wins and losses ({c.caseChanges.length})
          </h2>
          {c.caseChanges.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No paired case changed in any metric.</p>
          ) : (
            <ul className="mt-2 grid gap-2 text-sm" data-testid="compare-case-changes">
              {c.caseChanges.map((ch) => (
                <li key={ch.caseId} data-testid="compare-case-change" data-case-id={ch.caseId}>
                  <code className="font-mono text-xs">{ch.caseId}</code> <span className="text-xs text-slate-600 dark:text-slate-400">{ch.kind}</span>
                  {ch.wins.length ? <p className="text-emerald-800 dark:text-emerald-300">Better: {ch.wins.map((w) => `${w.metric} ${w.a.toFixed(2)} → ${w.b.toFixed(2)}`).join(', ')}</p> : null}
                  {ch.losses.length ? <p className="text-rose-800 dark:text-rose-300">Worse: {ch.losses.map((w) => `${w.metric} ${w.a.toFixed(2)} → ${w.b.toFixed(2)}`).join(', ')}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className={card} aria-labelledby="apart-h">
          <h2 id="apart-h" className="font-semibold">
            Left out of the deltas ({left})
          </h2>
          {left === 0 ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">Every case is in both runs with the same gold, turns and kind.</p>
          ) : (
            <dl className="mt-2 grid gap-2 text-sm" data-testid="compare-apart">
              {c.onlyInA.length ? (
                <div>
                  <dt className="font-medium">Only in A (removed)</dt>
                  <dd className="font-mono text-xs break-all">{c.onlyInA.join(', ')}</dd>
                </div>
              ) : null}
              {c.onlyInB.length ? (
                <div>
                  <dt className="font-medium">Only in B (added)</dt>
                  <dd className="font-mono text-xs break-all">{c.onlyInB.join(', ')}</dd>
                </div>
              ) : null}
              {c.changed.length ? (
                <div>
                  <dt className="font-medium">Changed between the dataset versions</dt>
                  <dd>
                    <ul className="grid gap-1">
                      {c.changed.map((x) => (
                        <li key={x.caseId} className="text-xs break-all">
                          <code className="font-mono">{x.caseId}</code>: {x.what.join(', ')}
                          {x.what.includes('gold') ? ` (${x.goldA.join(', ') || '—'} → ${x.goldB.join(', ') || '—'})` : ''}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
              ) : null}
            </dl>
          )}
        </section>
      </div>
    </main>
  );
}
