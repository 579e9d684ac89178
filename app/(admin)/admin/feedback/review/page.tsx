import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAnswerRecord } from '@/db/queries/conversations';
import { articleIdsBySlug, getArticlesByIds, listDatasets } from '@/db/queries/eval-datasets';
import { answerCases, answerVotes, getAnswerReview } from '@/db/queries/review';
import { ReviewActions } from '@/components/admin/ReviewActions';
import { ReviewedAnswer, ReviewStateBadge } from '@/components/admin/ReviewedAnswer';
import { requireRole } from '@/lib/auth/session';
import { reasonLabel } from '@/lib/feedback/reasons';
import { getAppDb } from '@/lib/startup';
import { addCaseAction, contentGapAction, dismissAction, searchGoldArticlesAction } from '../actions';
import type { PickableArticle } from '../schema';

export const metadata: Metadata = { title: 'Review an answer' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const h2 = 'text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300';
// biome-ignore lint/suspicious/noControlCharactersInRegex: an id never holds a control character
const idShape = /^[^\u0000-\u001f]{1,200}$/;

/**
 * One answer under review (`?c=<conversation id>&m=<message id>`): its votes and review state, the
 * transcript up to it, the answer rendered with its citations, the retrieved passages, and the
 * actions (add to a dataset, dismiss, content gap).
 */
export default async function ReviewAnswerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const raw = await searchParams;
  const c = typeof raw.c === 'string' ? raw.c : '';
  const m = typeof raw.m === 'string' ? raw.m : '';
  if (!idShape.test(c) || !idShape.test(m)) notFound();
  const db = await getAppDb();
  const answer = await getAnswerRecord(db, { conversationId: c, messageId: m });
  if (!answer) notFound();
  const [votes, review, cases, datasets] = await Promise.all([
    answerVotes(db, { conversationId: c, messageId: m }),
    getAnswerReview(db, { conversationId: c, messageId: m }),
    answerCases(db, { conversationId: c, messageId: m }),
    listDatasets(db),
  ]);
  const down = votes.filter((v) => v.rating < 0);
  const feedbackId = down.length ? down[down.length - 1].id : null;
  // The cited articles, offered first in the gold picker.
  const citedArticles = await getArticlesByIds(db, { ids: await articleIdsBySlug(db, { slugs: answer.citations.map((x) => x.sourceId) }) });
  const suggested: PickableArticle[] = citedArticles.filter((a) => a.status === 'published').map((a) => ({ id: Number(a.id), title: a.title, collection: a.collection, goldId: a.sourceId ?? a.slug }));
  const p = answer.provenance;
  return (
    <main className="mx-auto max-w-[1100px] px-3 py-6 sm:px-6 sm:py-8" data-testid="review-page">
      <p className="text-sm">
        <Link href="/admin/feedback" className="text-brand underline-offset-2 hover:underline">
          ← Review queue
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Review an answer</h1>
        <ReviewStateBadge state={review?.state ?? null} />
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {down.length ? `${down.length} not helpful` : 'Not rated down'}
        {votes.length > down.length ? ` · ${votes.length - down.length} helpful` : ''}
        {review ? ` · ${review.state} by ${review.reviewedBy ?? 'unknown'}${review.reason ? `: ${review.reason}` : ''}` : ''}
        {cases.length ? (
          <>
            {' · case in '}
            {cases.map((x, i) => (
              <span key={x.datasetId}>
                {i ? ', ' : ''}
                <Link href={`/admin/evals/datasets/${x.datasetId}`} className="text-brand underline-offset-2 hover:underline">
                  {x.datasetName}
                </Link>
              </span>
            ))}
          </>
        ) : null}
        {review?.draftArticleId ? (
          <>
            {' · '}
            <Link href={`/admin/articles/${review.draftArticleId}`} className="text-brand underline-offset-2 hover:underline">
              draft article
            </Link>
          </>
        ) : null}
      </p>
      {down.some((v) => v.reason || v.comment) ? (
        <ul className="mt-2 grid gap-1 text-sm">
          {down
            .filter((v) => v.reason || v.comment)
            .map((v) => (
              <li key={v.id} className="rounded-lg bg-rose-50 px-3 py-2 text-rose-950 dark:bg-rose-950/50 dark:text-rose-100">
                {v.reason ? <span className="font-medium">{reasonLabel(v.reason)}</span> : null}
                {v.reason && v.comment ? ' — ' : null}
                {v.comment}
              </li>
            ))}
        </ul>
      ) : null}

      <div className="mt-4 grid grid-cols-1 gap-4 lg:grid-cols-2">
        <section className={`${card} min-w-0`} aria-labelledby="answer-h">
          <h2 id="answer-h" className={h2}>
            Conversation and answer
          </h2>
          <p className="mt-1 mb-3 text-xs text-slate-600 dark:text-slate-400">
            {p ? `${p.model.label} · ${p.outcome}` : (answer.modelId ?? 'model unknown')}
            {p?.answerability ? ` · answerability ${p.answerability.probability.toFixed(3)} (threshold ${p.answerability.threshold})` : ''}
          </p>
          <ReviewedAnswer answer={answer} />
          {p?.retrieved.length ? (
            <details className="mt-3 text-sm">
              <summary className="cursor-pointer font-medium">Retrieved passages ({p.retrieved.length})</summary>
              <ol className="mt-2 grid gap-2" data-testid="review-passages">
                {p.retrieved.map((r) => (
                  <li key={r.n} className={`rounded-lg border p-2 ${r.cited ? 'border-emerald-400' : 'border-slate-200 dark:border-slate-700'}`}>
                    <p className="font-medium">
                      [{r.n}] {r.title}
                      {r.headingPath ? <span className="text-slate-600 dark:text-slate-400"> › {r.headingPath}</span> : null}
                      {r.cited ? <span className="ml-2 text-xs text-emerald-800 dark:text-emerald-300">cited</span> : null}
                    </p>
                    <p className="mt-1 line-clamp-4 whitespace-pre-wrap text-slate-700 dark:text-slate-300">{r.text}</p>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </section>
        <ReviewActions
          conversationId={c}
          messageId={m}
          feedbackId={feedbackId}
          suggested={suggested}
          datasets={datasets.map((d) => ({ id: d.id, name: d.name, caseCount: d.caseCount }))}
          actions={{ add: addCaseAction, dismiss: dismissAction, gap: contentGapAction, search: searchGoldArticlesAction }}
        />
      </div>
    </main>
  );
}
