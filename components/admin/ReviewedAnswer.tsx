import Link from 'next/link';
import type { AnswerRecord } from '@/db/queries/conversations';
import type { AnswerReviewState } from '@/db/schema';
import { answerHtml, answerSources } from '@/components/assistant/answer';
import type { AssistantMessage } from '@/components/assistant/AssistantProvider';
import { ProseHtml } from '@/components/help/ProseHtml';

const STATE_STYLE: Record<AnswerReviewState | 'open', string> = {
  open: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200',
  added: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  dismissed: 'bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200',
  gap: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};
const STATE_LABEL: Record<AnswerReviewState | 'open', string> = { open: 'Open', added: 'Added', dismissed: 'Dismissed', gap: 'Content gap' };

/** A pill with an answer's review state (null = open). */
export function ReviewStateBadge({ state }: { state: AnswerReviewState | null }) {
  const s = state ?? 'open';
  return (
    <span data-testid="review-state" data-state={s} className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ${STATE_STYLE[s]}`}>
      {STATE_LABEL[s]}
    </span>
  );
}

/** The admin review page of an answer. */
export function reviewHref(conversationId: string, messageId: string): string {
  return `/admin/feedback/review?c=${encodeURIComponent(conversationId)}&m=${encodeURIComponent(messageId)}`;
}

/** The admin URL of an answer in its conversation's transcript. */
export function transcriptHref(conversationId: string, messageId: string): string {
  return `/admin/conversations/${encodeURIComponent(conversationId)}#m-${encodeURIComponent(messageId)}`;
}

/**
 * A stored answer for review: the turns before the question, the question, the answer rendered
 * from its Markdown as sanitized HTML with its citation chips, its cited articles, and a link to
 * the whole transcript.
 * @param props.compact clamp the answer's height (the queue list).
 */
export function ReviewedAnswer({ answer, compact = false }: { answer: AnswerRecord; compact?: boolean }) {
  const html = answerHtml(answer.answer, answerSources({ id: answer.messageId, role: 'assistant', parts: answer.parts } as AssistantMessage));
  return (
    <div className="grid gap-3 text-sm">
      {answer.earlierTurns.length > 0 ? (
        <details className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60" open={!compact}>
          <summary className="cursor-pointer text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
            {answer.earlierTurns.length} earlier {answer.earlierTurns.length === 1 ? 'turn' : 'turns'}
          </summary>
          <ol className="mt-2 grid gap-1.5" data-testid="review-earlier-turns">
            {answer.earlierTurns.map((t) => (
              <li key={t.id} className="whitespace-pre-wrap break-words">
                <span className="font-semibold">{t.role === 'user' ? 'User' : 'Assistant'}:</span> {t.text}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      <p className="font-medium break-words whitespace-pre-wrap text-slate-900 dark:text-white" data-testid="review-question">
        <span className="sr-only">Question: </span>“{answer.question ?? '—'}”
      </p>
      <div className={compact ? 'relative max-h-64 overflow-hidden' : ''}>
        {/* Sanitized by renderMarkdown; citation chips are added by answerHtml with escaped values. */}
        <ProseHtml data-testid="review-answer" className="prose text-[0.9375rem] leading-relaxed" html={html} />
        {compact ? <div className="pointer-events-none absolute inset-x-0 bottom-0 h-10 bg-gradient-to-t from-white dark:from-slate-900" aria-hidden="true" /> : null}
      </div>
      {answer.citations.length > 0 ? (
        <div>
          <p className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">Citations</p>
          <ol className="mt-1 list-decimal pl-5" data-testid="review-citations">
            {answer.citations.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: stored citations in order; one article can be cited twice
              <li key={`${c.url}-${i}`}>
                <Link href={c.url.startsWith('/') && !c.url.startsWith('//') ? c.url : `/articles/${encodeURIComponent(c.sourceId)}`} className="underline-offset-2 hover:underline">
                  {c.title}
                </Link>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">No citations.</p>
      )}
      <p>
        <Link href={transcriptHref(answer.conversationId, answer.messageId)} data-testid="review-transcript-link" className="font-medium text-brand underline-offset-2 hover:underline">
          Open the transcript
        </Link>
      </p>
    </div>
  );
}
