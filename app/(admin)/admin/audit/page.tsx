import type { Metadata } from 'next';
import Link from 'next/link';
import { z } from 'zod';
import { listAuditActions, listAuditEntries } from '@/db/queries/audit';
import { requireRole } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

const PAGE = 100;
const querySchema = z.object({
  action: z
    .string()
    .regex(/^[a-zA-Z]+\.[a-zA-Z]+$/)
    .max(60)
    .optional()
    .catch(undefined),
  before: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

/** Who did what, when: admin actions and content API writes, newest first, 100 per page. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole('admin');
  const raw = await searchParams;
  const q = querySchema.parse({ action: typeof raw.action === 'string' ? raw.action : undefined, before: typeof raw.before === 'string' ? raw.before : undefined });
  const db = await getAppDb();
  const [entries, actions] = await Promise.all([listAuditEntries(db, { limit: PAGE, before: q.before, action: q.action }), listAuditActions(db)]);
  const older = entries.length === PAGE ? entries[entries.length - 1].id : null;
  const href = (p: { action?: string; before?: number }) => {
    const sp = new URLSearchParams();
    if (p.action) sp.set('action', p.action);
    if (p.before) sp.set('before', String(p.before));
    const s = sp.toString();
    return `/admin/audit${s ? `?${s}` : ''}`;
  };
  return (
    <main className="mx-auto max-w-5xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Every admin action that changed something, and every content API write: who, what, when (UTC).</p>
      <nav aria-label="Filter by action" className="mt-4 flex flex-wrap gap-2 text-sm">
        <Link
          href={href({})}
          aria-current={!q.action ? 'page' : undefined}
          className="rounded-full border border-slate-300 px-3 py-1 hover:bg-slate-100 aria-[current=page]:border-indigo-600 aria-[current=page]:bg-indigo-600 aria-[current=page]:text-white dark:border-slate-700 dark:hover:bg-slate-800"
        >
          All
        </Link>
        {actions.map((a) => (
          <Link
            key={a}
            href={href({ action: a })}
            aria-current={q.action === a ? 'page' : undefined}
            className="rounded-full border border-slate-300 px-3 py-1 font-mono text-xs leading-5 hover:bg-slate-100 aria-[current=page]:border-indigo-600 aria-[current=page]:bg-indigo-600 aria-[current=page]:text-white dark:border-slate-700 dark:hover:bg-slate-800"
          >
            {a}
          </Link>
        ))}
      </nav>
      {entries.length === 0 ? (
        <p className="mt-6 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">Nothing recorded yet.</p>
      ) : (
        <>
          {/* Phones: one card per entry; wider screens: the table. */}
          <ul
            className="mt-4 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white sm:hidden dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
            aria-label="Audit log entries, newest first"
          >
            {entries.map((e) => (
              <li key={e.id} className="p-3 text-sm">
                <p className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
                  {e.at.toISOString().slice(0, 19).replace('T', ' ')} · {e.via}
                </p>
                <p className="mt-0.5 font-mono text-xs break-all">{e.action}</p>
                <p className="mt-0.5 break-all">{e.actorEmail ?? 'unknown'}</p>
                <p className="mt-1 break-words">
                  {e.outcome === 'refused' ? <span className="mr-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">refused</span> : null}
                  {e.message}
                </p>
              </li>
            ))}
          </ul>
          <div className="mt-4 hidden overflow-x-auto rounded-xl border border-slate-200 bg-white sm:block dark:border-slate-800 dark:bg-slate-900">
            <table className="w-full text-left text-sm" data-testid="audit-table">
              <caption className="sr-only">Audit log entries, newest first</caption>
              <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                <tr>
                  <th scope="col" className="px-3 py-2 whitespace-nowrap">
                    When
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Who
                  </th>
                  <th scope="col" className="px-3 py-2">
                    Action
                  </th>
                  <th scope="col" className="px-3 py-2">
                    What happened
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {entries.map((e) => (
                  <tr key={e.id} className="align-top">
                    <td className="px-3 py-2 whitespace-nowrap tabular-nums text-slate-700 dark:text-slate-300">{e.at.toISOString().slice(0, 19).replace('T', ' ')}</td>
                    <td className="px-3 py-2 break-words">{e.actorEmail ?? <span className="text-slate-500">unknown</span>}</td>
                    <td className="px-3 py-2">
                      <span className="font-mono text-xs">{e.action}</span>
                      <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">({e.via})</span>
                    </td>
                    <td className="px-3 py-2">
                      {e.outcome === 'refused' ? (
                        <span className="mr-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">refused</span>
                      ) : null}
                      <span className="break-words">{e.message}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {older ? (
        <p className="mt-4 text-sm">
          <Link href={href({ action: q.action, before: older })} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
            Older entries
          </Link>
        </p>
      ) : null}
    </main>
  );
}
