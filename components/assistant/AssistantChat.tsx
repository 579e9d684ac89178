'use client';

import { useChat, type Chat } from '@ai-sdk/react';
import { AlertTriangle, ArrowRight, ArrowUp, Check, CircleStop, BookOpen, Copy, Info, Loader2, Maximize2, RotateCcw, Search, Sparkles, SquarePen, Square, X } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Thumbs } from '@/components/help/Thumbs';
import type { HandoffToolOutput } from '@/lib/assistant/tools/handoff-to-human';
import { answerCopyText, answerHtml, answerProductChoice, answerSearchResults, answerSources, answerSuggestions, answerText, questionFor } from './answer';
import { HandoffCard } from './HandoffCard';
import { ProseHtml } from '@/components/help/ProseHtml';
import { COPIED_MS, copyText } from '@/components/help/clipboard';
import { useScope } from '@/components/help/scope-store';
import { rememberConversation, useAssistant, type AssistantMessage } from './AssistantProvider';

/** Starter questions of the bundled sample help center; other products get none rather than the sample's. */
const SAMPLE_SUGGESTIONS = ['How do refunds work?', 'When will I receive my payout?', 'How do I turn on two-factor authentication?'];

/**
 * Which articles answers come from, with the "All products" switch when the page belongs to one of
 * several products.
 */
function ScopeLine() {
  const { products, page, scope, setAll } = useScope();
  const name = scope?.title ?? (products.length === 1 ? products[0].title : null);
  return (
    <p className="flex min-w-0 flex-wrap items-center gap-x-1.5 text-xs text-subtle" data-testid="assistant-scope">
      <span className="min-w-0 break-words">{name ? `Answers from ${name} articles` : 'Answers from all help articles'}</span>
      {products.length > 1 && page && (
        <button type="button" onClick={() => setAll(scope !== null)} className="shrink-0 font-semibold text-brand underline-offset-2 hover:underline">
          {scope ? 'All products' : `Only ${page.title}`}
        </button>
      )}
    </p>
  );
}

interface AssistantChatProps {
  /** `drawer`: inside the side panel (shows close and "open full page"); `page`: /assistant. */
  mode: 'drawer' | 'page';
  onClose?: () => void;
  /** Id for the panel title, so the surrounding dialog can point aria-labelledby at it. */
  titleId?: string;
}

/** The assistant chat: header, disclaimer, messages with cited answers, composer. */
export function AssistantChat({ mode, onClose, titleId }: AssistantChatProps) {
  const { chat, restoring, newConversation } = useAssistant();
  const fallbackId = useId();
  const tid = titleId ?? fallbackId;
  return (
    <div data-testid="assistant-panel" className="flex h-full min-h-0 flex-col bg-elevated">
      <header className="flex items-center gap-3 border-b border-line px-4 py-3 sm:px-5">
        <span className="inline-flex size-9 shrink-0 items-center justify-center rounded-xl bg-brand-soft text-brand-soft-fg">
          <Sparkles className="size-[18px]" aria-hidden="true" />
        </span>
        <div className="min-w-0 flex-1">
          <h2 id={tid} className="truncate text-base font-semibold text-fg">
            Ask the assistant
          </h2>
          <ScopeLine />
        </div>
        <div className="flex items-center gap-1">
          <button
            type="button"
            onClick={newConversation}
            data-testid="assistant-new"
            title="New conversation"
            className="inline-flex h-9 items-center gap-1.5 rounded-lg px-2.5 text-sm font-medium text-muted hover:bg-surface-2 hover:text-fg"
          >
            <SquarePen className="size-4" aria-hidden="true" />
            {mode === 'page' ? (
              <>
                <span className="hidden sm:inline">New conversation</span>
                <span className="sr-only sm:hidden">New conversation</span>
              </>
            ) : (
              <span className="sr-only">New conversation</span>
            )}
          </button>
          {mode === 'drawer' && (
            <>
              <Link
                href="/assistant"
                onClick={onClose}
                aria-label="Open the assistant as a full page"
                title="Open as a full page"
                className="hidden size-9 items-center justify-center rounded-lg text-muted hover:bg-surface-2 hover:text-fg sm:inline-flex"
              >
                <Maximize2 className="size-4" aria-hidden="true" />
              </Link>
              <button
                type="button"
                onClick={onClose}
                data-testid="assistant-close"
                aria-label="Close the assistant"
                className="inline-flex size-9 items-center justify-center rounded-lg text-muted hover:bg-surface-2 hover:text-fg"
              >
                <X className="size-5" aria-hidden="true" />
              </button>
            </>
          )}
        </div>
      </header>
      <p data-testid="assistant-disclaimer" className="flex items-start gap-2 border-b border-line bg-surface px-4 py-2.5 text-xs leading-relaxed text-muted sm:px-5">
        <Info className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" />
        {/* On a phone the long form took about 100 px of the panel: one line says the same. */}
        <span className="sm:hidden">Answers quote our help articles, with numbered sources.</span>
        <span className="hidden sm:inline">
          Answers come only from our help articles, with numbered sources. Without an AI key, an offline model answers <strong className="font-semibold text-fg">extractively</strong>: it quotes
          passages instead of writing new text.
        </span>
      </p>
      {chat ? (
        <ChatBody key={chat.id} chat={chat} restoring={restoring} mode={mode} onClose={onClose} />
      ) : (
        <div className="flex flex-1 items-center justify-center text-sm text-subtle">
          <Loader2 className="mr-2 size-4 animate-spin" aria-hidden="true" /> Loading…
        </div>
      )}
    </div>
  );
}

function errorText(error: Error): string {
  try {
    const parsed = JSON.parse(error.message) as { error?: { message?: string } };
    if (parsed?.error?.message) return parsed.error.message;
  } catch {
    /* not JSON */
  }
  if (/failed to fetch|network/i.test(error.message)) return 'The connection was lost. Check your network and try again.';
  return 'The assistant could not answer just now.';
}

function ChatBody({ chat, restoring, mode, onClose }: { chat: Chat<AssistantMessage>; restoring: boolean; mode: 'drawer' | 'page'; onClose?: () => void }) {
  const { messages, sendMessage, status, stop, error, regenerate, clearError } = useChat<AssistantMessage>({ chat });
  const { draft, setDraft, pendingSend, consumePendingSend } = useAssistant();
  const router = useRouter();
  const inputId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const stickRef = useRef(true);
  // Guards against a double Enter / double click before `status` has left "ready".
  const sendingRef = useRef(false);
  const busy = status === 'submitted' || status === 'streaming';
  // What the polite status line says once an answer ends (the log itself is not live: a screen
  // reader would read every streamed word). Only after an answer of this visit, not a restored one.
  const [ended, setEnded] = useState('');
  const answeringRef = useRef(false);
  const stoppingRef = useRef(false);
  useEffect(() => {
    if (busy) {
      answeringRef.current = true;
      setEnded('');
    } else if (answeringRef.current) {
      answeringRef.current = false;
      const last = chat.messages.at(-1);
      setEnded(status === 'error' ? '' : stoppingRef.current || last?.metadata?.state === 'stopped' ? 'Answer stopped.' : 'Answer ready.');
      stoppingRef.current = false;
    }
  }, [busy, status, chat]);

  const send = (raw: string) => {
    const text = raw.trim();
    if (!text || busy || sendingRef.current) return;
    sendingRef.current = true;
    stickRef.current = true;
    rememberConversation(chat.id);
    setDraft('');
    void sendMessage({ text }).finally(() => {
      sendingRef.current = false;
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a send is pending; the draft and send of that render are meant, not triggers
  useEffect(() => {
    if (pendingSend && !restoring) {
      consumePendingSend();
      send(draft);
    }
  }, [pendingSend, restoring]);

  // Focus the composer when the panel shows or the draft is prefilled.
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);

  // Grow the textarea with its content (up to a limit).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-measured whenever the draft changes
  useEffect(() => {
    const el = inputRef.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 180)}px`;
  }, [draft]);

  // Follow the stream while the reader is at the bottom; stop following when they scroll up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls after each new message part, status or error
  useEffect(() => {
    const el = scrollRef.current;
    if (el && stickRef.current) el.scrollTop = el.scrollHeight;
  }, [messages, status, error]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) stickRef.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  // Same-site links in answers navigate in-app; the drawer closes so the article is visible.
  const onAnswerClick = useCallback(
    (e: React.MouseEvent) => {
      const a = (e.target as HTMLElement).closest('a');
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const href = a.getAttribute('href') ?? '';
      if (href.startsWith('/') && !href.startsWith('//') && a.target !== '_blank') {
        e.preventDefault();
        router.push(href);
        onClose?.();
      }
    },
    [router, onClose],
  );

  // Stop aborts the request (the server stops generating and saves the answer as stopped); mark
  // the partial answer the same way here so it reads "Stopped" without a reload.
  const stopAnswer = async () => {
    stoppingRef.current = true;
    await stop();
    // The Stop button goes away with the stream: focus goes back to the question box, not to the page.
    inputRef.current?.focus();
    const msgs = chat.messages;
    const lastMsg = msgs[msgs.length - 1];
    if (lastMsg?.role === 'assistant') {
      chat.messages = [...msgs.slice(0, -1), { ...lastMsg, metadata: { ...lastMsg.metadata, state: 'stopped' } }];
    }
  };

  // The handoff form's result replaces the tool part's output in place.
  const setToolOutput = useCallback(
    (messageId: string, toolCallId: string, output: HandoffToolOutput) => {
      chat.messages = chat.messages.map((m) =>
        m.id !== messageId
          ? m
          : {
              ...m,
              parts: m.parts.map((p) => ('toolCallId' in p && p.toolCallId === toolCallId ? ({ ...p, state: 'output-available', output } as typeof p) : p)),
            },
      );
    },
    [chat],
  );

  // Details typed after a draft make a new one: only the latest draft is a form, earlier ones say so.
  const latestHandoff = useMemo(() => {
    let id: string | undefined;
    for (const m of messages) for (const p of m.parts) if (p.type === 'tool-handoff_to_human' && 'toolCallId' in p) id = p.toolCallId;
    return id;
  }, [messages]);

  const last = messages[messages.length - 1];
  const waitingForFirstToken = busy && (!last || last.role === 'user');

  return (
    <>
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-4 py-5 sm:px-5"
        role="log"
        aria-live="off"
        data-status={status}
        data-error={error ? 'true' : undefined}
        aria-label="Conversation"
      >
        {restoring && messages.length === 0 ? (
          <p className="flex items-center justify-center gap-2 py-10 text-sm text-subtle">
            <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Restoring your conversation…
          </p>
        ) : messages.length === 0 ? (
          <EmptyState onPick={(q) => send(q)} />
        ) : (
          <ol className="space-y-6">
            {messages.map((m, i) => (
              <li key={m.id} data-testid="assistant-message" data-role={m.role} data-message-id={m.id}>
                {m.role === 'user' ? (
                  <UserBubble text={answerText(m)} />
                ) : (
                  <AssistantAnswer
                    message={m}
                    conversationId={chat.id}
                    streaming={busy && i === messages.length - 1}
                    isLast={i === messages.length - 1}
                    onClick={onAnswerClick}
                    onNavigate={onClose}
                    onAsk={send}
                    onToolOutput={setToolOutput}
                    latestHandoff={latestHandoff}
                  />
                )}
              </li>
            ))}
            {waitingForFirstToken && (
              <li aria-label="The assistant is searching the articles">
                <Typing label="Searching the help articles…" />
              </li>
            )}
          </ol>
        )}
        {error && (
          <div role="alert" data-testid="assistant-error" className="mt-5 flex flex-col gap-3 rounded-xl border border-danger/30 bg-danger/5 p-4 text-sm sm:flex-row sm:items-center">
            <AlertTriangle className="size-5 shrink-0 text-danger" aria-hidden="true" />
            <div className="flex-1">
              <p className="font-medium text-fg">Something went wrong</p>
              <p className="text-muted">{errorText(error)}</p>
            </div>
            <button
              type="button"
              data-testid="assistant-retry"
              onClick={() => {
                clearError();
                stickRef.current = true;
                rememberConversation(chat.id);
                void regenerate();
              }}
              className="inline-flex h-9 items-center gap-2 self-start rounded-lg border border-line-strong bg-elevated px-3 font-medium text-fg hover:bg-surface-2 sm:self-auto"
            >
              <RotateCcw className="size-4" aria-hidden="true" /> Retry
            </button>
          </div>
        )}
      </div>

      <p className="sr-only" role="status" aria-live="polite">
        {status === 'submitted' ? 'Sending your question' : status === 'streaming' ? 'The assistant is answering' : ended}
      </p>

      <form
        className="border-t border-line bg-elevated px-3 pb-3 pt-3 sm:px-4"
        style={{ paddingBottom: mode === 'drawer' ? 'max(0.75rem, env(safe-area-inset-bottom))' : undefined }}
        onSubmit={(e) => {
          e.preventDefault();
          send(draft);
        }}
      >
        <label htmlFor={inputId} className="sr-only">
          Ask a question
        </label>
        <div className="flex items-end gap-2 rounded-2xl border border-line-strong bg-bg p-1.5 pl-3 transition focus-within:border-brand focus-within:ring-4 focus-within:ring-brand/15">
          <textarea
            ref={inputRef}
            id={inputId}
            data-testid="assistant-input"
            rows={1}
            value={draft}
            maxLength={4000}
            placeholder="Ask a question…"
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                send(draft);
              }
            }}
            className="max-h-44 min-h-9 flex-1 resize-none bg-transparent py-1.5 text-[0.95rem] leading-6 text-fg placeholder:text-subtle focus-visible:outline-none"
          />
          {/* Stop sits beside the (disabled) send button, never in its place, so a double
              click on Send cannot land on Stop. */}
          {busy ? (
            <button
              type="button"
              data-testid="assistant-stop"
              onClick={() => void stopAnswer()}
              className="inline-flex h-9 shrink-0 items-center gap-1.5 rounded-xl border border-line-strong bg-elevated px-3 text-sm font-medium text-fg transition hover:bg-surface-2"
            >
              <Square className="size-3" fill="currentColor" aria-hidden="true" />
              Stop
            </button>
          ) : null}
          <button
            type="submit"
            data-testid="assistant-send"
            disabled={busy || !draft.trim()}
            aria-label="Send"
            title="Send (Enter)"
            className={`inline-flex size-9 shrink-0 items-center justify-center rounded-xl bg-brand text-brand-fg transition hover:bg-brand-strong disabled:cursor-not-allowed disabled:opacity-40`}
          >
            <ArrowUp className="size-[18px]" aria-hidden="true" />
          </button>
        </div>
        <p className="mt-1.5 hidden px-1 text-[0.7rem] text-subtle sm:block">
          <kbd className="kbd">Enter</kbd> to send · <kbd className="kbd">Shift</kbd>+<kbd className="kbd">Enter</kbd> for a new line
        </p>
      </form>
    </>
  );
}

function EmptyState({ onPick }: { onPick: (q: string) => void }) {
  const { products, scope } = useScope();
  const onlySample = scope ? scope.slug === 'resolve' : products.length > 0 && products.every((p) => p.slug === 'resolve');
  const starterQuestions = onlySample ? SAMPLE_SUGGESTIONS : [];
  return (
    <div className="flex flex-col items-center px-2 py-8 text-center">
      <span className="mb-4 inline-flex size-12 items-center justify-center rounded-2xl bg-brand-soft text-brand-soft-fg">
        <Sparkles className="size-6" aria-hidden="true" />
      </span>
      <p className="text-base font-semibold text-fg">How can we help?</p>
      <p className="mt-1 max-w-xs text-sm text-muted">Ask in your own words. Every answer links the articles it comes from.</p>
      <ul className="mt-6 flex w-full max-w-sm flex-col gap-2" aria-label="Example questions">
        {starterQuestions.map((q) => (
          <li key={q}>
            <button
              type="button"
              onClick={() => onPick(q)}
              className="w-full rounded-xl border border-line bg-bg px-4 py-2.5 text-left text-sm text-fg transition hover:border-brand/50 hover:bg-brand-soft"
            >
              {q}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function UserBubble({ text }: { text: string }) {
  return (
    <div className="flex justify-end">
      <p className="sr-only">You asked:</p>
      <div className="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl rounded-br-md bg-brand px-4 py-2.5 text-[0.95rem] leading-relaxed text-brand-fg">{text}</div>
    </div>
  );
}

function Typing({ label }: { label: string }) {
  return (
    <div className="flex items-center gap-2.5 text-sm text-subtle">
      <span className="flex gap-1" aria-hidden="true">
        <span className="typing-dot size-1.5 rounded-full bg-current" />
        <span className="typing-dot size-1.5 rounded-full bg-current" />
        <span className="typing-dot size-1.5 rounded-full bg-current" />
      </span>
      {label}
    </div>
  );
}

const AssistantAnswer = memo(function AssistantAnswer({
  message,
  conversationId,
  streaming,
  isLast,
  onClick,
  onNavigate,
  onAsk,
  onToolOutput,
  latestHandoff,
}: {
  message: AssistantMessage;
  conversationId: string;
  streaming: boolean;
  /** Follow-up chips show under the latest answer only. */
  isLast: boolean;
  onClick: (e: React.MouseEvent) => void;
  onNavigate?: () => void;
  onAsk: (question: string) => void;
  onToolOutput: (messageId: string, toolCallId: string, output: HandoffToolOutput) => void;
  /** The conversation's latest handoff tool call: an earlier draft was replaced by it. */
  latestHandoff?: string;
}) {
  const text = answerText(message);
  const sources = useMemo(() => answerSources(message), [message]);
  const html = useMemo(() => (text ? answerHtml(text, sources) : ''), [text, sources]);
  const suggestions = useMemo(() => answerSuggestions(message), [message]);
  const searchResults = useMemo(() => answerSearchResults(message), [message]);
  const productChoice = useMemo(() => answerProductChoice(message), [message]);
  const handoffParts = message.parts.filter((p) => p.type === 'tool-handoff_to_human');
  const model = message.metadata?.model;
  const stopped = message.metadata?.state === 'stopped';

  return (
    <article aria-label="Assistant answer" className="flex gap-3">
      <span className="mt-0.5 hidden size-7 shrink-0 items-center justify-center rounded-lg bg-brand-soft text-brand-soft-fg sm:inline-flex" aria-hidden="true">
        <Sparkles className="size-3.5" />
      </span>
      <div className="min-w-0 flex-1">
        {html ? (
          // Sanitized by renderMarkdown; citation chips are added by answerHtml with escaped values.
          <ProseHtml className="prose prose-chat" onClick={onClick} html={html} />
        ) : streaming ? (
          <Typing label="Writing an answer…" />
        ) : (
          handoffParts.length === 0 && <p className="text-sm italic text-subtle">{stopped ? 'Stopped before the answer began.' : 'No answer text.'}</p>
        )}
        {streaming && html && <span className="ml-0.5 inline-block h-4 w-1.5 animate-pulse rounded-sm bg-brand align-middle" aria-hidden="true" />}

        {handoffParts.map((p) =>
          'toolCallId' in p ? (
            <div key={p.toolCallId} className="mt-3">
              <HandoffCard
                conversationId={conversationId}
                toolCallId={p.toolCallId}
                state={p.state}
                output={'output' in p ? (p.output as HandoffToolOutput) : undefined}
                canSubmit={!streaming}
                replaced={p.toolCallId !== latestHandoff}
                onOutput={(output) => onToolOutput(message.id, p.toolCallId, output)}
              />
            </div>
          ) : null,
        )}

        {sources.length > 0 && (
          <div className="mt-4">
            <p className="mb-2 text-xs font-semibold uppercase tracking-wider text-subtle">Sources</p>
            <ol className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
              {sources.map((s) => (
                <li key={`${s.n}-${s.href}`} className="min-w-0">
                  <Link
                    href={s.href}
                    data-testid="assistant-source"
                    onClick={onNavigate}
                    className="group flex items-center gap-2.5 rounded-lg border border-line bg-bg px-3 py-2 text-sm transition hover:border-brand/50 hover:bg-brand-soft"
                  >
                    <span className="inline-flex size-5 shrink-0 items-center justify-center rounded-full bg-brand-soft text-[0.7rem] font-semibold text-brand-soft-fg">{s.n}</span>
                    <BookOpen className="size-3.5 shrink-0 text-subtle" aria-hidden="true" />
                    <span className="min-w-0 flex-1 truncate font-medium text-fg group-hover:text-brand">{s.title}</span>
                  </Link>
                </li>
              ))}
            </ol>
          </div>
        )}

        {productChoice && (
          <div className="mt-4" data-testid="assistant-product-choice">
            <p id={`${message.id}-products`} className="mb-2 text-xs font-semibold text-subtle">
              Ask about
            </p>
            <ul aria-labelledby={`${message.id}-products`} className="flex flex-wrap gap-2">
              {productChoice.products.map((p) => (
                <li key={p.slug}>
                  <button
                    type="button"
                    disabled={!isLast || streaming}
                    onClick={() => onAsk(questionFor(productChoice.question, p.title))}
                    className="rounded-full border border-line bg-bg px-3 py-1.5 text-sm font-medium text-fg transition hover:border-brand/50 hover:bg-brand-soft disabled:opacity-60"
                  >
                    {p.title}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}

        {searchResults && (
          <div className="mt-4" data-testid="assistant-search-results">
            <p id={`${message.id}-results`} className="mb-2 text-xs font-semibold text-subtle">
              {searchResults.label}
            </p>
            <ul aria-labelledby={`${message.id}-results`} className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
              {searchResults.results.map((r) => (
                <li key={r.href} className="min-w-0">
                  <Link
                    href={r.href}
                    data-testid="assistant-search-result"
                    onClick={onNavigate}
                    className="group flex items-center gap-2.5 rounded-lg border border-dashed border-line bg-bg px-3 py-2 text-sm transition hover:border-brand/50 hover:bg-brand-soft"
                  >
                    <Search className="size-3.5 shrink-0 text-subtle" aria-hidden="true" />
                    <span className="min-w-0 flex-1 truncate text-fg group-hover:text-brand">{r.title}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}

        {!streaming && isLast && suggestions.length > 0 && (
          <div className="mt-4">
            <p className="mb-2 text-xs font-semibold uppercase tracking-wider text-subtle">Related questions</p>
            <ul className="flex flex-wrap gap-2" aria-label="Suggested follow-up questions">
              {suggestions.map((q) => (
                <li key={q}>
                  <button
                    type="button"
                    data-testid="assistant-suggestion"
                    onClick={() => onAsk(q)}
                    className="inline-flex items-center gap-1.5 rounded-full border border-line bg-bg px-3 py-1.5 text-left text-sm text-fg transition hover:border-brand/50 hover:bg-brand-soft"
                  >
                    {q}
                    <ArrowRight className="size-3.5 shrink-0 text-subtle" aria-hidden="true" />
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}

        {!streaming && (
          <div className="mt-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
            <div className="flex flex-wrap items-center gap-2">
              {stopped && (
                <span data-testid="assistant-stopped" className="inline-flex items-center gap-1 rounded-full bg-surface-2 px-2 py-0.5 text-xs font-medium text-muted">
                  <CircleStop className="size-3.5" aria-hidden="true" /> Stopped
                </span>
              )}
              {model ? (
                <p data-testid="assistant-model" className="text-xs text-subtle">
                  Answered by <span className="font-medium text-muted">{model}</span>
                </p>
              ) : null}
            </div>
            <div className="flex items-center gap-1">
              {text && <CopyAnswer text={text} sources={sources} />}
              <Thumbs targetType="message" targetId={message.id} conversationId={conversationId} variant="answer" />
            </div>
          </div>
        )}
      </div>
    </article>
  );
});

/** Copies an answer with its sources as links (answerCopyText); says "Copied" on the button and to screen readers. */
function CopyAnswer({ text, sources }: { text: string; sources: ReturnType<typeof answerSources> }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const onCopy = async () => {
    const ok = await copyText(answerCopyText(text, sources, window.location.origin));
    setState(ok ? 'copied' : 'failed');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState('idle'), COPIED_MS);
  };
  const label = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy';
  return (
    <>
      <button
        type="button"
        data-testid="assistant-copy"
        onClick={() => void onCopy()}
        aria-label={state === 'idle' ? 'Copy answer' : label}
        title="Copy the answer and its sources"
        className="inline-flex h-8 items-center gap-1.5 rounded-lg px-2 text-xs font-medium text-muted transition hover:bg-surface-2 hover:text-fg"
      >
        {state === 'copied' ? <Check className="size-3.5 text-success" aria-hidden="true" /> : <Copy className="size-3.5" aria-hidden="true" />}
        <span>{label}</span>
      </button>
      <span className="sr-only" role="status" aria-live="polite">
        {state === 'copied' ? 'Answer copied' : state === 'failed' ? 'Could not copy the answer' : ''}
      </span>
    </>
  );
}
