import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Mail } from 'lucide-react';
import { getAppDb } from '@/lib/startup';
import { getHandoffDetail, listAssignableAdmins } from '@/db/queries/handoffs';
import { requireRole } from '@/lib/auth/session';
import { answerHtml, answerSources } from '@/components/assistant/answer';
import type { AssistantMessage } from '@/components/assistant/AssistantProvider';
import { ProseHtml } from '@/components/help/ProseHtml';
import { PauseBadge, WorkflowBadge, relativeAge, utcMinute } from '@/components/admin/HandoffBadges';
import { HandoffAssignControl, HandoffNoteForm, HandoffReleaseControl, HandoffStatusControl } from '@/components/admin/HandoffControls';
import { citedArticles, deriveAlreadyTried, handoffMessageIndex, hasHandoffCall, isPausedNotice, messageText, offeredArticles, plainExcerpt, replyMailto } from '@/lib/assistant/handoff-context';
import { addHandoffNoteAction, assignHandoffAction, releaseHandoffAction, setHandoffStatusAction } from '../actions';
import { NOTE_MAX_CHARS } from '../schema';

export const metadata: Metadata = { title: 'Handoff' };
export const dynamic = 'force-dynamic';

const card = 'rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5 dark:border-slate-800 dark:bg-slate-900';
const h2 = 'text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';
const link = 'text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300';

/**
 * One handoff, for the agent who answers it: the request and what the assistant collected, the
 * workflow (status, assignee, release to the assistant), a reply-by-email link, internal notes,
 * what the assistant already tried (derived from the conversation) and the transcript as the
 * user saw it, answers rendered with their citations linked to the articles.
 */
export default async function AdminHandoffPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireRole();
  const { id } = await params;
  if (!/^\d{1,9}$/.test(id)) notFound();
  const db = await getAppDb();
  const [h, admins] = await Promise.all([getHandoffDetail(db, { id: Number(id) }), listAssignableAdmins(db)]);
  if (!h) notFound();
  const now = Date.now();
  const tried = deriveAlreadyTried(h.messages, h.toolCallId);
  const at = handoffMessageIndex(h.messages, h.toolCallId);
  const firstQuestion = h.messages.find((m) => m.role === 'user');
  const lastAnswerId = tried.answers.at(-1)?.messageId;
  const lastAnswer = h.messages.find((m) => m.id === lastAnswerId);
  const mailto = replyMailto({
    id: h.id,
    email: h.email,
    topic: firstQuestion ? plainExcerpt(messageText(firstQuestion), 80) : h.category,
    summary: h.summary,
    lastAnswer: lastAnswer ? plainExcerpt(messageText(lastAnswer), 700) : '',
  });

  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8" data-testid="handoff-detail" data-status={h.workflowStatus}>
      <p className="text-sm">
        <Link href="/admin/handoffs" className={link}>
          ← Handoffs
        </Link>
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-2">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Handoff #{h.id}</h1>
        <WorkflowBadge status={h.workflowStatus} testId="handoff-detail-status" />
        <PauseBadge released={h.status === 'released'} testId="handoff-detail-paused" />
      </div>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        From{' '}
        <a href={`mailto:${h.email}`} className={`${link} break-all`} data-testid="handoff-detail-email">
          {h.email}
        </a>{' '}
        ·{' '}
        <time dateTime={h.createdAt.toISOString()} title={utcMinute(h.createdAt)}>
          {relativeAge(h.createdAt, now)}
        </time>{' '}
        · {h.category}
      </p>

      {/* Phones: request, work, notes, tried, transcript. Wide: the work and notes in a right column. */}
      <div className="mt-5 grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 lg:col-start-1 lg:row-start-1">
          <section className={card} aria-labelledby="h-request">
            <h2 id="h-request" className={h2}>
              Request
            </h2>
            <p className="mt-2 whitespace-pre-wrap [overflow-wrap:anywhere]" data-testid="handoff-detail-summary">
              {h.summary}
            </p>
            <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Customer says they tried</dt>
                <dd className="mt-0.5">
                  {h.stepsTried.length ? (
                    <ul className="list-disc pl-5" data-testid="handoff-steps">
                      {h.stepsTried.map((s, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: stored steps in order; two can be equal
                        <li key={i} className="[overflow-wrap:anywhere]">
                          {s}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    'Nothing mentioned'
                  )}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Topic</dt>
                <dd className="mt-0.5 capitalize">{h.category}</dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Assignee</dt>
                <dd className="mt-0.5" data-testid="handoff-detail-assignee">
                  {h.assignee ? h.assignee.email : 'Unassigned'}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-slate-600 dark:text-slate-400">Conversation</dt>
                <dd className="mt-0.5 font-mono text-xs [overflow-wrap:anywhere]">
                  {h.conversationId} · started {utcMinute(h.messages[0]?.createdAt ?? h.createdAt)}
                </dd>
              </div>
            </dl>
          </section>
        </div>
        <aside aria-label="Work on this handoff" className="grid gap-5 lg:sticky lg:top-20 lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <section className={card} aria-labelledby="h-work">
            <h2 id="h-work" className={h2}>
              Status
            </h2>
            <div className="mt-3">
              <HandoffStatusControl id={h.id} status={h.workflowStatus} action={setHandoffStatusAction} />
            </div>
            <div className="mt-3 border-t border-slate-100 pt-3 dark:border-slate-800">
              <HandoffAssignControl id={h.id} assigneeId={h.assignee?.id ?? null} meId={admin.userId} admins={admins} action={assignHandoffAction} />
            </div>
            <div className="mt-3 grid gap-3 border-t border-slate-100 pt-3 dark:border-slate-800">
              <a
                href={mailto}
                data-testid="handoff-reply"
                className="inline-flex h-9 w-fit items-center gap-1.5 rounded-lg bg-indigo-600 px-3.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400"
              >
                <Mail className="size-4" aria-hidden="true" /> Reply by email
              </a>
              {h.status === 'open' ? (
                <div>
                  <p className="mb-2 text-sm text-slate-600 dark:text-slate-400">The assistant is paused in this conversation: the customer gets a notice that a person will answer.</p>
                  <HandoffReleaseControl id={h.id} action={releaseHandoffAction} />
                </div>
              ) : (
                <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="handoff-released-note">
                  Released to the assistant{h.releasedAt ? ` ${relativeAge(h.releasedAt, now)}` : ''}
                  {h.releasedBy ? ` by ${h.releasedBy}` : ''}: it answers in this conversation again.
                </p>
              )}
            </div>
          </section>

          <section className={card} aria-labelledby="h-notes" data-testid="handoff-notes">
            <h2 id="h-notes" className={h2}>
              Internal notes ({h.notes.length})
            </h2>
            {h.notes.length ? (
              <ol className="mt-3 grid gap-3">
                {h.notes.map((n) => (
                  <li key={n.id} data-testid="handoff-note" className="rounded-lg bg-slate-50 p-3 text-sm dark:bg-slate-800/60">
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      <span className="font-medium text-slate-800 dark:text-slate-200">{n.authorEmail}</span> ·{' '}
                      <time dateTime={n.createdAt.toISOString()} title={utcMinute(n.createdAt)}>
                        {relativeAge(n.createdAt, now)}
                      </time>
                    </p>
                    <p className="mt-1 whitespace-pre-wrap [overflow-wrap:anywhere]">{n.body}</p>
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No notes yet.</p>
            )}
            <div className="mt-4">
              <HandoffNoteForm id={h.id} maxChars={NOTE_MAX_CHARS} action={addHandoffNoteAction} />
            </div>
          </section>
        </aside>

        <div className="grid min-w-0 gap-5 lg:col-start-1 lg:row-start-2">
          <section className={card} aria-labelledby="h-tried" data-testid="handoff-tried">
            <h2 id="h-tried" className={h2}>
              Already tried by the assistant
            </h2>
            {tried.answers.length === 0 ? (
              <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">The assistant gave no answer before the handoff.</p>
            ) : (
              <>
                <ol className="mt-3 grid gap-3">
                  {tried.answers.map((a) => (
                    <li key={a.messageId} data-testid="handoff-tried-answer" className="border-l-2 border-slate-200 pl-3 text-sm dark:border-slate-700">
                      <p className="font-medium [overflow-wrap:anywhere]">{a.question ? `“${a.question}”` : 'Without a question'}</p>
                      <p className="mt-0.5 text-slate-600 dark:text-slate-400">
                        {a.kind}
                        {a.cited.length ? `, citing ${a.cited.length} ${a.cited.length === 1 ? 'article' : 'articles'}` : ''}:{' '}
                        <a href={`#m-${encodeURIComponent(a.messageId)}`} className={link}>
                          <span className="[overflow-wrap:anywhere]">{a.excerpt}</span>
                        </a>
                      </p>
                    </li>
                  ))}
                </ol>
                {tried.articles.length ? (
                  <>
                    <h3 className="mt-4 text-sm font-medium text-slate-700 dark:text-slate-300">Articles the customer was shown</h3>
                    <ul className="mt-1 grid gap-1 text-sm" data-testid="handoff-tried-articles">
                      {tried.articles.map((a) => (
                        <li key={a.href}>
                          <Link href={a.href} className={link}>
                            {a.title}
                          </Link>
                          {a.times > 1 ? <span className="text-slate-500 dark:text-slate-400"> · in {a.times} answers</span> : null}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            )}
          </section>

          <section className={card} aria-labelledby="h-transcript">
            <h2 id="h-transcript" className={h2}>
              Conversation as the customer saw it
            </h2>
            <ol className="mt-3 grid gap-3" data-testid="handoff-transcript">
              {h.messages.map((m, i) => {
                const text = messageText(m);
                const handoffCall = hasHandoffCall(m);
                const sources = m.role === 'assistant' ? answerSources({ id: m.id, role: 'assistant', parts: m.parts } as AssistantMessage) : [];
                const offered = m.role === 'assistant' ? offeredArticles(m) : [];
                const cited = m.role === 'assistant' ? citedArticles(m) : [];
                return (
                  <li key={m.id} id={`m-${m.id}`} data-role={m.role} data-testid="handoff-turn" className="scroll-mt-20">
                    {i === at ? (
                      <p className="mb-3 flex items-center gap-2 text-xs font-semibold tracking-wide text-violet-800 uppercase dark:text-violet-300">
                        <span className="h-px flex-1 bg-violet-200 dark:bg-violet-900" aria-hidden="true" />
                        Handed off to support
                        <span className="h-px flex-1 bg-violet-200 dark:bg-violet-900" aria-hidden="true" />
                      </p>
                    ) : null}
                    <div
                      className={
                        m.role === 'user'
                          ? 'ml-auto max-w-[90%] rounded-xl bg-indigo-50 px-4 py-3 sm:max-w-[80%] dark:bg-indigo-500/10'
                          : 'max-w-full rounded-xl border border-slate-200 px-4 py-3 dark:border-slate-800'
                      }
                    >
                      <p className="text-xs font-semibold text-slate-600 dark:text-slate-400">
                        {m.role === 'user' ? 'Customer' : 'Assistant'}
                        {isPausedNotice(m) ? ' · notice while paused' : ''}
                        {m.state === 'stopped' ? ' · stopped' : ''} · <time dateTime={m.createdAt.toISOString()}>{utcMinute(m.createdAt)}</time>
                      </p>
                      {m.role === 'assistant' ? (
                        text.trim() ? (
                          // Sanitized by renderMarkdown inside answerHtml; citation chips use escaped values.
                          <ProseHtml className="prose mt-1 max-w-none text-sm" html={answerHtml(text, sources)} />
                        ) : null
                      ) : (
                        <p className="mt-1 whitespace-pre-wrap [overflow-wrap:anywhere]">{text}</p>
                      )}
                      {handoffCall ? <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">The customer filled in and sent the handoff form.</p> : null}
                      {cited.length ? (
                        <div className="mt-2 text-sm">
                          <p className="text-xs font-medium text-slate-600 dark:text-slate-400">Sources</p>
                          <ol className="mt-0.5 list-decimal pl-5" data-testid="handoff-turn-sources">
                            {cited.map((c, n) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: stored citations in order; one article can be cited twice
                              <li key={`${c.href}-${n}`}>
                                <Link href={c.href} className={link}>
                                  {c.title}
                                </Link>
                              </li>
                            ))}
                          </ol>
                        </div>
                      ) : null}
                      {offered.length ? (
                        <div className="mt-2 text-sm">
                          <p className="text-xs font-medium text-slate-600 dark:text-slate-400">Search results offered</p>
                          <ul className="mt-0.5 list-disc pl-5">
                            {offered.map((c) => (
                              <li key={c.href}>
                                <Link href={c.href} className={link}>
                                  {c.title}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        </div>
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        </div>
      </div>
    </main>
  );
}
