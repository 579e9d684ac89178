import type { Metadata } from 'next';
import Link from 'next/link';
import { getAppDb } from '@/lib/startup';
import { listHandoffs } from '@/db/queries/handoffs';
import { FilterTabs } from '@/components/admin/FilterTabs';
import { requireAdmin } from '@/lib/auth/session';
import { releaseHandoffAction } from './actions';

export const metadata: Metadata = { title: 'Handoffs' };
export const dynamic = 'force-dynamic';

/** Requests to reach a human, newest first; releasing one lets the assistant answer again. */
export default async function AdminHandoffsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const status = raw.status === 'released' ? 'released' : raw.status === 'all' ? undefined : 'open';
  const rows = await listHandoffs(await getAppDb(), { status, limit: 200 });
  const current = status ?? 'all';
  const tabs = [
    { label: 'Open', href: '/admin/handoffs', active: current === 'open' },
    { label: 'Released', href: '/admin/handoffs?status=released', active: current === 'released' },
    { label: 'All', href: '/admin/handoffs?status=all', active: current === 'all' },
  ];
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Handoffs</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Conversations the assistant handed to a person. While a handoff is open the assistant stays quiet in that conversation; release it when you have replied.
      </p>
      <FilterTabs label="Filter handoffs" tabs={tabs} />
      {rows.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
          {status === 'open' ? 'No open handoffs.' : 'No handoffs yet.'}
        </p>
      ) : (
        <ul className="mt-4 grid gap-3 [overflow-wrap:anywhere]">
          {rows.map((r) => (
            <li
              key={r.id}
              data-testid="handoff-row"
              data-status={r.status}
              data-conversation-id={r.conversationId}
              className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
            >
              <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
                <div className="min-w-0 flex-1">
                  <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
                    #{r.id} · {r.category} · <time dateTime={r.createdAt.toISOString()}>{r.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
                  </p>
                  <a href={`mailto:${r.email}`} data-testid="handoff-email" className="mt-1 block font-medium break-all text-slate-900 underline-offset-2 hover:underline dark:text-white">
                    {r.email}
                  </a>
                </div>
                <span
                  className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${r.status === 'open' ? 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200' : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300'}`}
                >
                  {r.status === 'open' ? 'Open' : 'Released'}
                </span>
                {r.status === 'open' ? (
                  <form action={releaseHandoffAction}>
                    <input type="hidden" name="id" value={r.id} />
                    <button
                      type="submit"
                      data-testid="handoff-release"
                      className="inline-flex h-8 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800"
                    >
                      Release
                    </button>
                  </form>
                ) : null}
              </div>
              <p data-testid="handoff-summary" className="mt-3 text-sm whitespace-pre-wrap text-slate-800 dark:text-slate-200">
                {r.summary}
              </p>
              {r.stepsTried.length > 0 && (
                <div className="mt-3">
                  <p className="text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">Already tried</p>
                  <ul className="mt-1 list-disc pl-5 text-sm text-slate-700 dark:text-slate-300">
                    {r.stepsTried.map((s, i) => (
                      <li key={i}>{s}</li>
                    ))}
                  </ul>
                </div>
              )}
              {r.citedArticles.length > 0 && (
                <div className="mt-3">
                  <p className="text-xs font-semibold text-slate-500 uppercase dark:text-slate-400">Articles the assistant cited</p>
                  <ul className="mt-1 flex flex-wrap gap-2 text-sm">
                    {r.citedArticles.map((a) => (
                      <li key={a.url}>
                        <Link href={a.url} className="text-blue-700 underline-offset-2 hover:underline dark:text-blue-300">
                          {a.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              <p className="mt-3 font-mono text-xs text-slate-500 dark:text-slate-400">
                conversation {r.conversationId}
                {r.releasedAt ? ` · released ${r.releasedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by ${r.releasedBy ?? 'an admin'}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
