import type { Metadata } from 'next';
import Link from 'next/link';
import { ExperimentForm, ExperimentStateButton } from '@/components/admin/ExperimentForm';
import { listExperiments } from '@/db/queries/experiments';
import { requireRole } from '@/lib/auth/session';
import { describeVariant, parseStoredVariantConfig } from '@/lib/experiments/config';
import { getAppDb } from '@/lib/startup';
import { createExperimentAction, experimentStateAction } from './actions';

export const metadata: Metadata = { title: 'Experiments' };
export const dynamic = 'force-dynamic';

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null);

/** Online experiments: create a variant, start and stop it; results are on /admin/insights. */
export default async function AdminExperimentsPage() {
  await requireRole();
  const rows = await listExperiments(await getAppDb());
  return (
    <main className="mx-auto max-w-[1000px] px-3 py-6 sm:px-6 sm:py-8">
      <p className="text-sm">
        <Link href="/admin/insights" className="text-brand underline-offset-2 hover:underline">
          ← Insights
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">Experiments</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">One experiment runs at a time. Its comparison of helpfulness and handoff rate per arm is on the Insights page.</p>
      {rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No experiments yet.</p>
      ) : (
        <ul className="mt-6 grid gap-3">
          {rows.map((e) => {
            const status = e.stoppedAt ? 'Stopped' : e.startedAt ? 'Running' : 'Draft';
            return (
              <li key={e.id} data-testid="experiment-row" data-status={status.toLowerCase()} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
                  <div className="min-w-0 flex-1">
                    <p className="font-medium [overflow-wrap:anywhere]">{e.name}</p>
                    <p className="mt-0.5 text-sm text-slate-600 dark:text-slate-400">
                      Variant: {describeVariant(parseStoredVariantConfig(e.config))} · {Math.round(e.trafficShare * 100)}% of visitors
                    </p>
                    {e.description ? <p className="mt-1 text-sm [overflow-wrap:anywhere]">{e.description}</p> : null}
                    <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
                      #{e.id}
                      {e.startedAt ? ` · started ${when(e.startedAt)}` : ''}
                      {e.stoppedAt ? ` · stopped ${when(e.stoppedAt)}` : ''}
                      {e.createdBy ? ` · by ${e.createdBy}` : ''}
                    </p>
                  </div>
                  <span
                    className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${status === 'Running' ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300'}`}
                  >
                    {status}
                  </span>
                  {status === 'Draft' ? <ExperimentStateButton action={experimentStateAction} id={e.id} op="start" name={e.name} /> : null}
                  {status === 'Running' ? <ExperimentStateButton action={experimentStateAction} id={e.id} op="stop" name={e.name} /> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="mt-6">
        <ExperimentForm action={createExperimentAction} />
      </div>
    </main>
  );
}
