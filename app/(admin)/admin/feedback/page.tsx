import type { Metadata } from 'next';
import Link from 'next/link';
import { ThumbsDown, ThumbsUp } from 'lucide-react';
import { getAppDb } from '@/lib/startup';
import { listFeedback } from '@/db/queries/feedback';
import { FilterTabs } from '@/components/admin/FilterTabs';
import { requireRole } from '@/lib/auth/session';
import { reasonLabel } from '@/lib/feedback/reasons';
import { getAnswerRecord } from '@/db/queries/conversations';
import { articleVoteTotals, listReviewQueue, type QueueItem, type QueueView } from '@/db/queries/review';
import { answerReviewStates, type AnswerReviewState } from '@/db/schema';
import { ReviewedAnswer, ReviewStateBadge, reviewHref } from '@/components/admin/ReviewedAnswer';

export const metadata: Metadata = { title: 'Feedback' };
export const dynamic = 'force-dynamic';

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The review queue: thumbs-down answers (default) or a sample of unrated answers, open ones
 * first, each with the turns before it, the answer rendered, its citations and links to review it
 * and to its transcript; `?state=` narrows to one review state. `?view=all` lists every vote.
 * Beside it, helpful / not helpful totals per article.
 */
export default async function AdminFeedbackPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const raw = await searchParams;
  const view: QueueView | 'all' = raw.view === 'unrated' ? 'unrated' : raw.view === 'all' ? 'all' : 'down';
  const state = typeof raw.state === 'string' && (raw.state === 'open' || (answerReviewStates as readonly string[]).includes(raw.state)) ? (raw.state as AnswerReviewState | 'open') : undefined;
  const rating = raw.rating === 'down' || raw.rating === 'up' ? raw.rating : '';
  const db = await getAppDb();
  const totals = await articleVoteTotals(db, { limit: 50 });
  const q = (v: string, s?: string) => `/admin/feedback?view=${v}${s ? `&state=${s}` : ''}`;
  const tabs = [
    { label: 'Not helpful answers', href: q('down'), active: view === 'down' },
    { label: 'Unrated sample', href: q('unrated'), active: view === 'unrated' },
    { label: 'All votes', href: '/admin/feedback?view=all', active: view === 'all' },
  ];
  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Feedback</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Review assistant answers: add them to an eval dataset with gold articles, dismiss them, or mark a content gap. Open items come first.
      </p>
      <div className="overflow-x-auto">
        <FilterTabs label="Review queue" tabs={tabs} />
      </div>
      <div className="mt-2 grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0">
          {view === 'all' ? (
            <AllFeedback rating={rating} />
          ) : (
            <>
              <div className="overflow-x-auto">
                <FilterTabs
                  label="Filter by review state"
                  tabs={[
                    { label: 'Any state', href: q(view), active: !state },
                    ...(['open', ...answerReviewStates] as const).map((s) => ({ label: s === 'gap' ? 'Content gap' : s[0].toUpperCase() + s.slice(1), href: q(view, s), active: state === s })),
                  ]}
                />
              </div>
              <Queue view={view} state={state} />
            </>
          )}
        </div>
        <ArticleTotals totals={totals} />
      </div>
    </main>
  );
}

/** The queue's items, each with its answer as stored. */
async function Queue({ view, state }: { view: QueueView; state?: AnswerReviewState | 'open' }) {
  const db = await getAppDb();
  const items = await listReviewQueue(db, { view, state, limit: view === 'unrated' ? 20 : 50 });
  const records = await Promise.all(items.map((i) => getAnswerRecord(db, { conversationId: i.conversationId, messageId: i.messageId })));
  if (items.length === 0) {
    return (
      <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {view === 'down' ? 'No rated-down answers here.' : 'No unrated answers here.'}
      </p>
    );
  }
  return (
    <ul className="mt-4 grid gap-4" data-testid="review-queue">
      {items.map((item, i) => (
        <QueueEntry key={`${item.conversationId}/${item.messageId}`} item={item} record={records[i]} />
      ))}
    </ul>
  );
}

function QueueEntry({ item, record }: { item: QueueItem; record: Awaited<ReturnType<typeof getAnswerRecord>> }) {
  return (
    <li
      data-testid="review-item"
      data-message-id={item.messageId}
      data-state={item.state ?? 'open'}
      className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
        <ReviewStateBadge state={item.state} />
        {item.downs > 0 ? (
          <span className="inline-flex items-center gap-1 font-medium text-rose-800 dark:text-rose-300">
            <ThumbsDown className="size-3.5" aria-hidden="true" />
            {item.downs} not helpful
          </span>
        ) : (
          <span>Unrated</span>
        )}
        <time dateTime={item.at.toISOString()}>{when(item.at)}</time>
        {item.datasets.length ? <span>· in {item.datasets.join(', ')}</span> : null}
        {item.state === 'dismissed' && item.reviewReason ? <span>· dismissed: {item.reviewReason}</span> : null}
        {item.state === 'gap' && item.draftArticleId ? (
          <Link href={`/admin/articles/${item.draftArticleId}`} className="font-medium text-brand underline-offset-2 hover:underline">
            · draft article
          </Link>
        ) : null}
      </div>
      {item.reason || item.comment ? (
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="review-vote-reason">
          {item.reason ? <span className="font-medium">{reasonLabel(item.reason)}</span> : null}
          {item.reason && item.comment ? ' — ' : null}
          {item.comment}
        </p>
      ) : null}
      <div className="mt-3">{record ? <ReviewedAnswer answer={record} compact /> : <p className="text-sm">The answer was not saved.</p>}</div>
      <p className="mt-3">
        <Link
          href={reviewHref(item.conversationId, item.messageId)}
          data-testid="review-open"
          className="inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
        >
          {item.state ? 'Review again' : 'Review'}
        </Link>
      </p>
    </li>
  );
}

/** Helpful / not helpful votes per article. */
function ArticleTotals({ totals }: { totals: Awaited<ReturnType<typeof articleVoteTotals>> }) {
  return (
    <aside aria-labelledby="article-totals" className="h-fit rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="article-totals" className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        Article votes
      </h2>
      {totals.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No article votes yet.</p>
      ) : (
        <table className="mt-2 w-full text-sm" data-testid="article-totals">
          <thead>
            <tr className="text-left text-xs text-slate-600 dark:text-slate-400">
              <th scope="col" className="py-1 font-medium">
                Article
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                <ThumbsUp className="ml-auto size-3.5" aria-label="Helpful" />
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                <ThumbsDown className="ml-auto size-3.5" aria-label="Not helpful" />
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {totals.map((t) => (
              <tr key={t.articleId} data-testid="article-total-row">
                <td className="py-1.5 pr-2">
                  <Link href={`/articles/${t.slug}`} className="underline-offset-2 hover:underline">
                    {t.title}
                  </Link>
                </td>
                <td className="py-1.5 text-right tabular-nums text-emerald-800 dark:text-emerald-300">{t.helpful}</td>
                <td className="py-1.5 pl-2 text-right tabular-nums text-rose-800 dark:text-rose-300">{t.notHelpful}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </aside>
  );
}

/** Every vote on answers and articles, newest first (the `All votes` view), filtered by rating. */
async function AllFeedback({ rating }: { rating: string }) {
  const filter = rating === 'down' ? -1 : rating === 'up' ? 1 : undefined;
  const rows = await listFeedback(await getAppDb(), { rating: filter, limit: 200 });
  const tabs = [
    { label: 'Any rating', href: '/admin/feedback?view=all', active: rating === '' },
    { label: 'Not helpful', href: '/admin/feedback?view=all&rating=down', active: rating === 'down' },
    { label: 'Helpful', href: '/admin/feedback?view=all&rating=up', active: rating === 'up' },
  ];
  return (
    <>
      <FilterTabs label="Filter votes by rating" tabs={tabs} />
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
    </>
  );
}
