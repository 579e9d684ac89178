import type { Metadata } from 'next';
import Link from 'next/link';
import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { getAppDb } from '@/lib/startup';
import { listFeedback } from '@/db/queries/feedback';
import { FilterTabs } from '@/components/admin/FilterTabs';
import { requireAdmin } from '@/lib/auth/session';
import { reasonLabel } from '@/lib/feedback/reasons';

export const metadata: Metadata = { title: 'Feedback' };
export const dynamic = 'force-dynamic';

/** Review queue: the latest thumbs on answers and articles, thumbs-down first to act on. */
export default async function AdminFeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const raw = await searchParams;
  const filter = raw.rating === 'down' ? -1 : raw.rating === 'up' ? 1 : undefined;
  const rows = await listFeedback(await getAppDb(), { rating: filter, limit: 200 });
  const current = typeof raw.rating === 'string' ? raw.rating : '';
  const tabs = [
    { label: 'All', href: '/admin/feedback', active: current === '' },
    { label: 'Not helpful', href: '/admin/feedback?rating=down', active: current === 'down' },
    { label: 'Helpful', href: '/admin/feedback?rating=up', active: current === 'up' },
  ];
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Feedback</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Thumbs on assistant answers and articles, newest first. One vote per visitor and target.</p>
      <FilterTabs label="Filter feedback" tabs={tabs} />
      {rows.length === 0 ? (
        <p className="mt-8 rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No feedback yet.</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {rows.map((r) => (
            <li key={r.id} data-testid="feedback-row" data-target-id={r.targetId} className="flex gap-3 p-4">
              <span
                className={`mt-0.5 inline-flex size-8 shrink-0 items-center justify-center rounded-full ${r.rating > 0 ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300' : 'bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300'}`}
              >
                {r.rating > 0 ? <ThumbsUp className="size-4" aria-label="Helpful" /> : <ThumbsDown className="size-4" aria-label="Not helpful" />}
              </span>
              <div className="min-w-0 flex-1">
                <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">
                  {r.targetType === 'article' ? 'Article' : 'Assistant answer'} · <time dateTime={r.updatedAt.toISOString()}>{r.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
                </p>
                {r.targetType === 'article' ? (
                  r.articleSlug ? (
                    <Link href={`/articles/${r.articleSlug}`} className="mt-1 block font-medium text-slate-900 underline-offset-2 hover:underline dark:text-white">
                      {r.targetLabel ?? r.articleSlug}
                    </Link>
                  ) : (
                    <p className="mt-1 font-medium text-slate-600 dark:text-slate-400">
                      Article no longer exists <span className="font-mono text-xs">({r.targetId})</span>
                    </p>
                  )
                ) : (
                  <div className="mt-1 text-sm">
                    {r.question ? <p className="font-medium text-slate-900 dark:text-white">“{r.question}”</p> : null}
                    <p className="mt-0.5 truncate text-slate-600 dark:text-slate-400">{r.targetLabel ?? 'Answer not saved'}</p>
                    <p className="mt-0.5 font-mono text-xs text-slate-500 dark:text-slate-400">
                      message {r.targetId}
                      {r.answerability !== null ? ` · answerability ${r.answerability.toFixed(2)}` : ''}
                      {r.outcome ? ` · ${r.outcome}` : ''}
                    </p>
                    <Link href={`/admin/feedback/${r.id}`} data-testid="feedback-detail-link" className="mt-1 inline-block text-sm font-medium text-brand underline-offset-2 hover:underline">
                      Review the answer
                    </Link>
                  </div>
                )}
                {r.reason || r.comment ? (
                  <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
                    {r.reason ? <span className="font-medium">{reasonLabel(r.reason)}</span> : null}
                    {r.reason && r.comment ? ' — ' : null}
                    {r.comment}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
