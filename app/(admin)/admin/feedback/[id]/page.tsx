import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAppDb } from '@/lib/startup';
import { getFeedbackDetail } from '@/db/queries/feedback';
import { requireRole } from '@/lib/auth/session';
import { reasonLabel } from '@/lib/feedback/reasons';
import { answerHtml, answerSources } from '@/components/assistant/answer';
import type { AssistantMessage } from '@/components/assistant/AssistantProvider';
import { ProseHtml } from '@/components/help/ProseHtml';
import { reviewHref } from '@/components/admin/ReviewedAnswer';

export const metadata: Metadata = { title: 'Feedback detail' };
export const dynamic = 'force-dynamic';

const card = 'mt-4 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';
const h2 = 'text-sm font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400';

/**
 * One vote in full: for a rated answer, the question and the turns before it, the passages the
 * search retrieved (chunk, article id and version, cited or not), the answer as rendered Markdown
 * with its citations, the answerability score and the model with its settings; a link to the
 * whole conversation. For an article vote, the article.
 */
export default async function AdminFeedbackDetailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const detail = await getFeedbackDetail(await getAppDb(), { id: Number(id) });
  if (!detail) notFound();
  const { feedback: f, answer } = detail;
  const p = answer?.provenance ?? null;
  const html = answer ? answerHtml(answer.answer, answerSources({ id: answer.messageId, role: 'assistant', parts: answer.parts } as AssistantMessage)) : '';
  return (
    <main className="mx-auto max-w-[1000px] px-3 py-6 sm:px-6 sm:py-8" data-testid="feedback-detail">
      <p className="text-sm">
        <Link href="/admin/feedback" className="text-brand underline-offset-2 hover:underline">
          ← Feedback
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">
        {f.rating > 0 ? 'Helpful' : 'Not helpful'} · {f.targetType === 'article' ? 'article' : 'assistant answer'}
      </h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        <time dateTime={f.updatedAt.toISOString()}>{f.updatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>
        {f.reason ? (
          <>
            {' '}
            ·{' '}
            <span className="font-medium" data-testid="feedback-reason">
              {reasonLabel(f.reason)}
            </span>
          </>
        ) : null}
      </p>
      {f.comment ? (
        <p className="mt-2 rounded-lg bg-slate-50 p-3 text-sm dark:bg-slate-800" data-testid="feedback-comment">
          {f.comment}
        </p>
      ) : null}

      {f.targetType === 'article' ? (
        <section className={card}>
          <h2 className={h2}>Article</h2>
          {f.articleSlug ? (
            <Link href={`/articles/${f.articleSlug}`} className="mt-1 block font-medium underline-offset-2 hover:underline">
              {f.targetLabel ?? f.articleSlug}
            </Link>
          ) : (
            <p className="mt-1 text-sm">No longer exists ({f.targetId}).</p>
          )}
        </section>
      ) : !answer ? (
        <section className={card}>
          <p className="text-sm">The answer was not saved (message {f.targetId}).</p>
        </section>
      ) : (
        <>
          <p className="mt-3 text-sm">
            <Link
              href={`/admin/conversations/${encodeURIComponent(answer.conversationId)}#m-${encodeURIComponent(answer.messageId)}`}
              data-testid="feedback-conversation-link"
              className="font-medium text-brand underline-offset-2 hover:underline"
            >
              Open the conversation
            </Link>{' '}
            ·{' '}
            <Link href={reviewHref(answer.conversationId, answer.messageId)} data-testid="feedback-review-link" className="font-medium text-brand underline-offset-2 hover:underline">
              Review it (dataset, dismiss, content gap)
            </Link>{' '}
            <span className="font-mono text-xs text-slate-500">
              {answer.conversationId} / {answer.messageId}
            </span>
          </p>

          {answer.earlierTurns.length > 0 && (
            <section className={card} data-testid="feedback-earlier-turns">
              <h2 className={h2}>Earlier turns</h2>
              <ol className="mt-2 grid gap-2 text-sm">
                {answer.earlierTurns.map((t) => (
                  <li key={t.id} className="whitespace-pre-wrap">
                    <span className="font-semibold">{t.role === 'user' ? 'User' : 'Assistant'}:</span> {t.text}
                  </li>
                ))}
              </ol>
            </section>
          )}

          <section className={card}>
            <h2 className={h2}>Question</h2>
            <p className="mt-1 whitespace-pre-wrap font-medium" data-testid="feedback-question">
              {answer.question ?? '—'}
            </p>
          </section>

          <section className={card}>
            <h2 className={h2}>Answer</h2>
            <p className="mt-1 text-xs text-slate-500">
              {p ? `${p.model.label} (${p.model.id})` : (answer.modelId ?? 'model unknown')}
              {answer.latencyMs !== null ? ` · ${answer.latencyMs} ms` : ''} · {answer.state}
              {p ? ` · ${p.outcome}` : ''}
              {p?.answerability ? (
                <span data-testid="feedback-answerability">
                  {' '}
                  · answerability {p.answerability.probability.toFixed(3)} (threshold {p.answerability.threshold}, {p.answerability.answer ? 'answer' : 'refuse'})
                </span>
              ) : null}
            </p>
            {/* Sanitized by renderMarkdown; citation chips are added by answerHtml with escaped values. */}
            <ProseHtml data-testid="feedback-answer" className="prose mt-3" html={html} />
            {answer.citations.length > 0 && (
              <ol className="mt-3 list-decimal pl-5 text-sm" data-testid="feedback-citations">
                {answer.citations.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: stored citations in order; one article can be cited twice
                  <li key={`${c.url}-${i}`}>
                    <Link href={c.url.startsWith('/') && !c.url.startsWith('//') ? c.url : `/articles/${encodeURIComponent(c.sourceId)}`} className="underline-offset-2 hover:underline">
                      {c.title}
                    </Link>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className={card} data-testid="feedback-passages">
            <h2 className={h2}>Retrieved passages</h2>
            {!p ? (
              <p className="mt-1 text-sm">Not recorded (an answer stored before provenance was kept).</p>
            ) : (
              <>
                {p.searches.map((s, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: stored searches in order; a query can repeat
                  <p key={i} className="mt-1 text-xs text-slate-500">
                    Search {i + 1}: “{s.query}”{s.collection ? ` in ${s.collection}` : ''} → {s.answerable.answer ? 'answer' : 'refuse'} at {s.answerable.probability.toFixed(3)}
                    {s.answerable.lead !== null ? `, lead [${s.answerable.lead}]` : ''}
                  </p>
                ))}
                <ol className="mt-2 grid gap-3">
                  {p.retrieved.map((r) => (
                    <li key={r.n} className={`rounded-lg border p-3 text-sm ${r.cited ? 'border-emerald-400' : 'border-slate-200 dark:border-slate-700'}`} data-testid="feedback-passage">
                      <p className="font-medium">
                        [{r.n}]{' '}
                        <Link href={r.url} className="underline-offset-2 hover:underline">
                          {r.title}
                        </Link>
                        {r.headingPath ? <span className="text-slate-500"> › {r.headingPath}</span> : null}
                        {r.cited ? <span className="ml-2 text-xs text-emerald-700 dark:text-emerald-400">cited</span> : null}
                      </p>
                      <p className="font-mono text-xs text-slate-500">
                        chunk {r.chunkId ?? '?'} · article {r.articleId ?? '?'} · version {r.articleVersion ?? '?'}
                      </p>
                      <p className="mt-1 line-clamp-6 whitespace-pre-wrap text-slate-700 dark:text-slate-300">{r.text}</p>
                    </li>
                  ))}
                </ol>
                <details className="mt-3 text-xs">
                  <summary className="cursor-pointer">Model settings</summary>
                  <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 dark:bg-slate-800">{JSON.stringify(p.model.config, null, 2)}</pre>
                </details>
              </>
            )}
          </section>
        </>
      )}
    </main>
  );
}
