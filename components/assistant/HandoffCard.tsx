'use client';

import { CheckCircle2, LifeBuoy, Loader2, XCircle } from 'lucide-react';
import { useId, useState } from 'react';
import { BARE_REQUEST_SUMMARY, HANDOFF_CATEGORIES, type HandoffToolOutput } from '@/lib/assistant/tools/handoff-to-human';

type Draft = Extract<HandoffToolOutput, { status: 'draft' }>;

interface HandoffCardProps {
  conversationId: string;
  toolCallId: string;
  /** The tool part's state and output. */
  state: string;
  output: HandoffToolOutput | undefined;
  /** False while the answer is still streaming (the conversation is saved when it ends). */
  canSubmit: boolean;
  /** Replaces the tool part's output in the chat after the server stored (or the user cancelled) it. */
  onOutput: (output: HandoffToolOutput) => void;
  /** A later draft in the conversation replaces this one (the user added details after it). */
  replaced?: boolean;
}

const inputClass =
  'w-full rounded-lg border border-line-strong bg-bg px-3 py-2 text-sm text-fg placeholder:text-subtle focus-visible:border-brand focus-visible:outline-none focus-visible:ring-4 focus-visible:ring-brand/15';

/**
 * The `handoff_to_human` tool part: the draft as an editable form (nothing is created until the
 * user presses "Send to support"), then the confirmation, or a note that it was cancelled, or
 * (`replaced`) that a later draft below holds it with what the user added.
 */
export function HandoffCard({ conversationId, toolCallId, state, output, canSubmit, onOutput, replaced = false }: HandoffCardProps) {
  if (state !== 'output-available' || !output) {
    return (
      <p className="flex items-center gap-2 rounded-xl border border-line bg-surface px-4 py-3 text-sm text-muted">
        <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Preparing a request for the support team…
      </p>
    );
  }
  if (output.status === 'cancelled') {
    return (
      <p data-testid="handoff-cancelled" className="flex items-center gap-2 rounded-xl border border-line bg-surface px-4 py-3 text-sm text-muted">
        <XCircle className="size-4" aria-hidden="true" /> You cancelled the request to support. Ask again any time.
      </p>
    );
  }
  if (output.status === 'submitted') {
    return (
      <div data-testid="handoff-confirmation" className="rounded-xl border border-success/30 bg-success/5 px-4 py-3 text-sm">
        <p className="flex items-center gap-2 font-semibold text-fg">
          <CheckCircle2 className="size-4 text-success" aria-hidden="true" /> Sent to our support team (request #{output.handoffId})
        </p>
        <p className="mt-1 text-muted">They will reply by email. The assistant is paused in this conversation until an agent picks it up; start a new conversation to keep asking it.</p>
      </div>
    );
  }
  if (replaced) {
    return (
      <p data-testid="handoff-replaced" className="flex items-center gap-2 rounded-xl border border-line bg-surface px-4 py-3 text-sm text-muted">
        <LifeBuoy className="size-4" aria-hidden="true" /> This request was updated with what you added: send it from the form below.
      </p>
    );
  }
  return <HandoffForm conversationId={conversationId} toolCallId={toolCallId} draft={output} canSubmit={canSubmit} onOutput={onOutput} />;
}

function HandoffForm({
  conversationId,
  toolCallId,
  draft,
  canSubmit,
  onOutput,
}: {
  conversationId: string;
  toolCallId: string;
  draft: Draft;
  canSubmit: boolean;
  onOutput: (output: HandoffToolOutput) => void;
}) {
  const id = useId();
  const [email, setEmail] = useState('');
  // A bare "agent please" says nothing of the problem: the user writes it, the draft's sentence is no problem statement.
  const [summary, setSummary] = useState(draft.summary === BARE_REQUEST_SUMMARY ? '' : draft.summary);
  const [category, setCategory] = useState<string>(draft.category);
  const [steps, setSteps] = useState(draft.stepsTried.join('\n'));
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (sending || !canSubmit) return;
    setSending(true);
    setError(null);
    try {
      const res = await fetch('/api/handoffs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          conversationId,
          toolCallId,
          email,
          summary,
          category,
          stepsTried: steps
            .split('\n')
            .map((s) => s.trim())
            .filter(Boolean)
            .slice(0, 10),
          citedArticles: draft.citedArticles,
        }),
      });
      const data = (await res.json().catch(() => null)) as { output?: HandoffToolOutput; error?: { message?: string } } | null;
      if (!res.ok || !data?.output) throw new Error(data?.error?.message ? forPeople(data.error.message) : 'The request could not be sent. Please try again.');
      onOutput(data.output);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'The request could not be sent. Please try again.');
      setSending(false);
    }
  };

  return (
    <form data-testid="handoff-form" onSubmit={submit} className="rounded-xl border border-brand/30 bg-brand-soft/40 p-4 text-sm" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="flex items-center gap-2 font-semibold text-fg">
        <LifeBuoy className="size-4 text-brand" aria-hidden="true" /> Contact the support team
      </p>
      <p className="mt-1 text-muted">Check what we will send. Nothing is sent until you press the button.</p>
      <div className="mt-3 grid gap-3">
        <label className="grid gap-1">
          <span className="font-medium text-fg">Your email</span>
          <input
            type="email"
            required
            autoComplete="email"
            data-testid="handoff-email-input"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            placeholder="you@example.com"
            className={inputClass}
          />
          <span className="text-xs text-subtle">Only the support team sees it; it is never sent to the AI model.</span>
        </label>
        <label className="grid gap-1">
          <span className="font-medium text-fg">What is the problem?</span>
          <textarea
            data-testid="handoff-summary-input"
            required
            rows={3}
            maxLength={2000}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            placeholder="Describe the problem in a sentence or two: what you tried to do and what happened."
            className={inputClass}
          />
        </label>
        <label className="grid gap-1">
          <span className="font-medium text-fg">Topic</span>
          <select data-testid="handoff-category" value={category} onChange={(e) => setCategory(e.target.value)} className={inputClass}>
            {HANDOFF_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {c[0].toUpperCase() + c.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="font-medium text-fg">
            What have you already tried? <span className="font-normal text-subtle">(one per line, optional)</span>
          </span>
          <textarea data-testid="handoff-steps-input" rows={2} value={steps} onChange={(e) => setSteps(e.target.value)} className={inputClass} />
        </label>
        {draft.citedArticles.length > 0 && (
          <div>
            <p className="font-medium text-fg">Articles you were shown</p>
            <ul className="mt-1 list-disc pl-5 text-muted">
              {draft.citedArticles.map((a) => (
                <li key={a.url}>{a.title}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {error && (
        <p role="alert" data-testid="handoff-error" className="mt-3 text-danger">
          {error}
        </p>
      )}
      <div className="mt-4 flex flex-wrap gap-2">
        <button
          type="submit"
          data-testid="handoff-submit"
          disabled={sending || !canSubmit}
          className="inline-flex h-9 items-center gap-2 rounded-lg bg-brand px-4 font-semibold text-brand-fg hover:bg-brand-strong disabled:cursor-not-allowed disabled:opacity-50"
        >
          {sending && <Loader2 className="size-4 animate-spin" aria-hidden="true" />} Send to support
        </button>
        <button
          type="button"
          data-testid="handoff-cancel"
          disabled={sending}
          onClick={() => onOutput({ status: 'cancelled' })}
          className="inline-flex h-9 items-center rounded-lg border border-line-strong bg-elevated px-3 font-medium text-fg hover:bg-surface-2"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * A validation message of the API as a person reads it: the field names it prefixes for API
 * clients ("email: Enter a valid email address…; summary: …") dropped, the sentences kept.
 * @param message the API's `error.message`. @returns the message without `field: ` prefixes.
 */
function forPeople(message: string): string {
  return message
    .split('; ')
    .map((part) => part.replace(/^[A-Za-z][\w.]*: /, ''))
    .join(' ');
}
