import type { Metadata } from 'next';
import Link from 'next/link';
import { LifeBuoy } from 'lucide-react';
import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { countHandoffsByWorkflow, listHandoffs } from '@/db/queries/handoffs';
import { handoffWorkflow, type HandoffWorkflow } from '@/db/schema';
import { PauseBadge, WorkflowBadge, relativeAge, utcMinute } from '@/components/admin/HandoffBadges';
import { requireRole } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Handoffs' };
export const dynamic = 'force-dynamic';

const LIMIT = 200;

/** `?status=` of the list: `open` (new + in progress, the default), one workflow status, or `all`. */
const paramsSchema = z.object({
  status: z
    .enum(['open', ...handoffWorkflow, 'all'])
    .catch('open')
    .default('open'),
});
type Filter = z.infer<typeof paramsSchema>['status'];

const tabs: { label: string; filter: Filter }[] = [
  { label: 'Open', filter: 'open' },
  { label: 'New', filter: 'new' },
  { label: 'In progress', filter: 'in_progress' },
  { label: 'Resolved', filter: 'resolved' },
  { label: 'All', filter: 'all' },
];

const workflowsOf = (f: Filter): HandoffWorkflow[] | undefined => (f === 'all' ? undefined : f === 'open' ? ['new', 'in_progress'] : [f]);

/**
 * Requests to reach a person, newest first: workflow status with counts and a filter, assignee,
 * age, the customer's email and a one-line summary; each row opens the handoff.
 */
export default async function AdminHandoffsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const raw = await searchParams;
  const { status: filter } = paramsSchema.parse({ status: typeof raw.status === 'string' ? raw.status : undefined });
  const db = await getAppDb();
  const [rows, counts] = await Promise.all([listHandoffs(db, { workflow: workflowsOf(filter), limit: LIMIT }), countHandoffsByWorkflow(db)]);
  const countOf = (f: Filter) => (workflowsOf(f) ?? [...handoffWorkflow]).reduce((n, w) => n + counts[w], 0);
  const now = Date.now();
  const current = tabs.find((t) => t.filter === filter)!;

  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Handoffs</h1>
      <p className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-400">
        Conversations the assistant handed to a person. The assistant stays quiet in a conversation until its handoff is released.
      </p>

      <nav aria-label="Filter handoffs by status" className="mt-5 flex flex-wrap gap-1 text-sm">
        {tabs.map((t) => {
          const active = t.filter === filter;
          return (
            <Link
              key={t.filter}
              href={t.filter === 'open' ? '/admin/handoffs' : `/admin/handoffs?status=${t.filter}`}
              aria-current={active ? 'page' : undefined}
              data-testid={`handoff-tab-${t.filter}`}
              className={
                active
                  ? 'rounded-md bg-white px-3 py-1.5 font-medium whitespace-nowrap text-slate-900 shadow-xs ring-1 ring-slate-200 dark:bg-slate-800 dark:text-white dark:ring-slate-700'
                  : 'rounded-md px-3 py-1.5 whitespace-nowrap text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white'
              }
            >
              {t.label} <span className="tabular-nums text-slate-500 dark:text-slate-400">({countOf(t.filter)})</span>
            </Link>
          );
        })}
      </nav>

      <div className="mt-3 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        {rows.length === 0 ? (
          <div className="flex flex-col items-center gap-2 px-6 py-16 text-center" data-testid="handoffs-empty">
            <LifeBuoy className="size-8 text-slate-400" aria-hidden="true" />
            <p className="font-medium">{filter === 'all' ? 'No handoffs yet.' : `No ${current.label.toLowerCase()} handoffs.`}</p>
            {filter !== 'all' ? (
              <Link href="/admin/handoffs?status=all" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
                Show all handoffs
              </Link>
            ) : null}
          </div>
        ) : (
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">
              {current.label} handoffs, newest first{rows.length === LIMIT ? ` (the ${LIMIT} newest)` : ''}
            </caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Customer and request
                </th>
                <th scope="col" className="hidden w-32 px-3 py-2.5 font-medium sm:table-cell">
                  Status
                </th>
                <th scope="col" className="hidden w-52 px-3 py-2.5 font-medium md:table-cell">
                  Assignee
                </th>
                <th scope="col" className="hidden w-36 px-3 py-2.5 font-medium lg:table-cell">
                  Assistant
                </th>
                <th scope="col" className="hidden w-28 px-4 py-2.5 text-right font-medium sm:table-cell">
                  Age
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((r) => (
                <tr
                  key={r.id}
                  data-testid="handoff-row"
                  data-id={r.id}
                  data-status={r.workflowStatus}
                  data-conversation-id={r.conversationId}
                  className="group relative hover:bg-slate-50 dark:hover:bg-slate-800/40"
                >
                  <td className="px-4 py-2.5">
                    <Link
                      href={`/admin/handoffs/${r.id}`}
                      data-testid="handoff-email"
                      className="block truncate font-medium text-slate-900 after:absolute after:inset-0 group-hover:text-indigo-700 focus-visible:outline-none focus-visible:after:rounded-md focus-visible:after:ring-2 focus-visible:after:ring-indigo-500 dark:text-slate-100 dark:group-hover:text-indigo-300"
                    >
                      {r.email}
                      <span className="sr-only">, handoff #{r.id}</span>
                    </Link>
                    <p data-testid="handoff-summary" className="mt-0.5 truncate text-slate-600 dark:text-slate-400" title={r.summary}>
                      {r.summary}
                    </p>
                    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500 sm:hidden dark:text-slate-400">
                      <WorkflowBadge status={r.workflowStatus} />
                      <span>{r.assignee ? r.assignee.email : 'Unassigned'}</span>
                      <span>· {relativeAge(r.createdAt, now)}</span>
                    </div>
                  </td>
                  <td className="hidden px-3 py-2.5 sm:table-cell">
                    <WorkflowBadge status={r.workflowStatus} testId="handoff-status" />
                  </td>
                  <td className="hidden truncate px-3 py-2.5 text-slate-700 md:table-cell dark:text-slate-300" data-testid="handoff-assignee">
                    {r.assignee ? <span title={r.assignee.email}>{r.assignee.email}</span> : <span className="text-slate-500 dark:text-slate-400">Unassigned</span>}
                  </td>
                  <td className="hidden px-3 py-2.5 lg:table-cell">
                    <PauseBadge released={r.status === 'released'} />
                  </td>
                  <td className="hidden px-4 py-2.5 text-right text-slate-600 tabular-nums sm:table-cell dark:text-slate-400">
                    <time dateTime={r.createdAt.toISOString()} title={utcMinute(r.createdAt)}>
                      {relativeAge(r.createdAt, now)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}
