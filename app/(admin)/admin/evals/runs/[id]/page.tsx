import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireRole } from '@/lib/auth/session';
import { AppError } from '@/lib/errors';
import { casePasses } from '@/lib/evals/datasets';
import { RUN_METRICS } from '@/lib/evals/runs';
import { loadEvalRun, type StoredRun } from '@/lib/evals/store';
import { getAppDb } from '@/lib/startup';

export const metadata: Metadata = { title: 'Eval run' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const th = 'px-3 py-2 text-left text-xs font-medium text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';
const num = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : '—');

/**
 * One stored run: the hybrid's retrieval metrics and the answer metrics (overall), the config that
 * produced it, and every case with its scores, what came back and whether it passed.
 */
export default async function EvalRunPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  let run: StoredRun;
  try {
    run = await loadEvalRun(await getAppDb(), { id: Number(id) });
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not_found') notFound();
    throw err;
  }
  const hybrid = ((run.retrievalMetrics.overall ?? {}) as Record<string, Record<string, number>>).hybrid ?? {};
  const answers = (run.answerMetrics?.overall ?? null) as Record<string, number | null> | null;
  const metrics = RUN_METRICS.map((m) => ({ ...m, value: m.group === 'retrieval' ? hybrid[m.name] : answers?.[m.name] })).filter((m) => m.value !== undefined);
  const cfg = run.config;
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8" data-testid="run-page">
      <p className="text-sm">
        <Link href="/admin/evals" className="text-brand underline-offset-2 hover:underline">
          ← Evaluation
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">Run #{run.id}</h1>
      <p className="mt-1 text-sm break-words text-slate-600 dark:text-slate-400">
        {run.datasetName} @ <code className="font-mono">{run.datasetVersion.slice(0, 12)}</code> · {run.cases} {run.cases === 1 ? 'case' : 'cases'} · {Math.round(run.durationMs / 100) / 10} s ·{' '}
        {run.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
      </p>

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_26rem]">
        <section className={card} aria-labelledby="metrics-h">
          <h2 id="metrics-h" className="font-semibold">
            Metrics
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="run-metrics">
            {metrics.map((m) => (
              <div key={m.name} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
                <dt className="text-xs text-slate-600 dark:text-slate-400">
                  {m.name}
                  {m.better === 'lower' ? ' (lower is better)' : ''}
                </dt>
                <dd className="text-lg font-semibold tabular-nums">{num(m.value)}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">
            Retrieval: the fused hybrid over cases with gold. Answers: {answers ? 'played through the chat turn' : 'not evaluated in this run'}.
          </p>
        </section>
        <section className={card} aria-labelledby="config-h">
          <h2 id="config-h" className="font-semibold">
            Config
          </h2>
          <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-600 dark:text-slate-400">Embedding</dt>
            <dd className="break-all">{cfg.models?.embedding}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Chat</dt>
            <dd className="break-all">{cfg.models?.chat ?? '—'}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Fusion</dt>
            <dd className="break-all">
              RRF k {cfg.fusion?.rrfK} ·{' '}
              {Object.entries(cfg.fusion?.weights ?? {})
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}
            </dd>
            <dt className="text-slate-600 dark:text-slate-400">Classifier</dt>
            <dd className="break-all">{cfg.classifier?.version}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Prompt</dt>
            <dd className="break-all">{cfg.prompt}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Commit</dt>
            <dd className="font-mono text-xs break-all">{cfg.gitCommit ?? '—'}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Index</dt>
            <dd>
              {cfg.index} · k {cfg.k} · {cfg.scoped ? 'scoped to the case’s product' : 'pooled'}
            </dd>
          </dl>
        </section>
      </div>

      <h2 className="mt-8 text-lg font-semibold tracking-tight">Cases</h2>
      <div className={`${card} mt-2 overflow-x-auto p-0`}>
        <table className="w-full text-sm" data-testid="run-cases">
          <thead className="border-b border-slate-200 dark:border-slate-800">
            <tr>
              <th scope="col" className={th}>
                Case
              </th>
              <th scope="col" className={th}>
                Question
              </th>
              <th scope="col" className={th}>
                Result
              </th>
              <th scope="col" className={th}>
                Scores
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {run.results.map((r) => {
              const pass = casePasses(r.scores);
              const detail = r.detail as { ranked?: string[]; cited?: string[]; refused?: boolean };
              return (
                <tr key={r.caseId} data-testid="run-case" data-case-id={r.caseId} data-pass={pass === null ? 'unknown' : String(pass)}>
                  <td className={`${td} whitespace-nowrap`}>
                    <code className="font-mono text-xs">{r.caseId}</code>
                    <p className="text-xs text-slate-600 dark:text-slate-400">{r.kind}</p>
                    <span
                      className={`mt-1 inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ${pass === null ? 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200' : pass ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200'}`}
                    >
                      {pass === null ? 'n/a' : pass ? 'pass' : 'fail'}
                    </span>
                  </td>
                  <td className={`${td} min-w-[14rem] break-words`}>{r.turns[r.turns.length - 1]}</td>
                  <td className={`${td} min-w-[14rem] text-xs break-all`}>
                    <p>
                      <span className="font-semibold">Gold:</span> {r.gold.join(', ') || '—'}
                    </p>
                    {detail.ranked ? (
                      <p>
                        <span className="font-semibold">Top 3:</span> {detail.ranked.slice(0, 3).join(', ') || '—'}
                      </p>
                    ) : null}
                    {detail.cited ? (
                      <p>
                        <span className="font-semibold">Cited:</span> {detail.cited.join(', ') || (detail.refused ? 'refused' : '—')}
                      </p>
                    ) : null}
                  </td>
                  <td className={`${td} text-xs whitespace-nowrap tabular-nums`}>
                    {Object.entries(r.scores).map(([k, s]) => (
                      <div key={k}>
                        {k} {s.d ? (s.n / s.d).toFixed(2) : '—'}
                      </div>
                    ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </main>
  );
}
