'use client';

import { Check, Loader2, ThumbsDown, ThumbsUp } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { reasonsFor, type FeedbackRating } from '@/lib/feedback/reasons';

export type Rating = FeedbackRating;

interface FeedbackBody {
  targetType: 'article' | 'message';
  /** Article id (number) or message id. */
  targetId: string | number;
  conversationId?: string;
  rating: Rating;
  reason?: string;
  comment?: string;
}

/** Where this browser remembers its vote on a target, so a reload shows it (the page itself is cached for everyone). */
function voteKey(targetType: string, targetId: string | number, conversationId?: string): string {
  return `resolve:vote:${targetType}:${conversationId ?? ''}:${targetId}`;
}

/** The vote this browser sent earlier on a target, or null (none, or storage unavailable). */
function rememberedVote(key: string): Rating | null {
  try {
    const v = window.localStorage.getItem(key);
    return v === 'up' || v === 'down' ? v : null;
  } catch {
    return null;
  }
}

/** Remembers a sent vote in this browser; storage that refuses (private mode, full) is ignored. */
function rememberVote(key: string, rating: Rating): void {
  try {
    window.localStorage.setItem(key, rating);
  } catch {
    // The vote was sent; only the reminder after a reload is lost.
  }
}

async function postFeedback(body: FeedbackBody): Promise<void> {
  const res = await fetch('/api/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(data?.error?.message ?? `feedback failed (${res.status})`);
  }
}

interface ThumbsProps {
  targetType: 'article' | 'message';
  /** The article's id (votes follow it through a rename), or the assistant message's id. */
  targetId: string | number;
  /** For answers: the conversation (chat id) the message is in; message ids are unique only there. */
  conversationId?: string;
  /** `article`: the card under an article; `answer`: compact icons under an assistant answer. */
  variant: 'article' | 'answer';
}

/**
 * Thumbs up/down with an optional reason (lib/feedback/reasons.ts, the reasons of that thumb) and
 * comment. The vote is sent at once (the route upserts, so voting again or adding details updates
 * the same row); the thanks line shows right away. Switching thumbs clears the reason and comment
 * here and on the server (a changed vote stores no details of the other thumb). A sent vote is
 * remembered in this browser (localStorage) and shown pressed after a reload.
 */
export function Thumbs({ targetType, targetId, conversationId, variant }: ThumbsProps) {
  const id = useId();
  const [rating, setRating] = useState<Rating | null>(null);
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'remembered' | 'error'>('idle');
  const [showDetails, setShowDetails] = useState(false);
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [detailsState, setDetailsState] = useState<'idle' | 'sending' | 'sent' | 'error'>('idle');
  const formRef = useRef<HTMLFormElement>(null);
  const prefix = variant === 'article' ? 'feedback' : 'answer-feedback';
  const compact = variant === 'answer';

  const key = voteKey(targetType, targetId, conversationId);
  // After a reload, the vote this browser sent earlier (read after hydration: the page is the same for everyone).
  useEffect(() => {
    const earlier = rememberedVote(key);
    if (!earlier) return;
    setRating((r) => r ?? earlier);
    setState((s) => (s === 'idle' ? 'remembered' : s));
  }, [key]);

  // The form opens below the fold in the chat log; bring it into view.
  useEffect(() => {
    if (showDetails) formRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [showDetails]);

  const vote = async (r: Rating) => {
    if (state === 'sending') return;
    if (r !== rating) {
      setReason('');
      setComment('');
    }
    setRating(r);
    setState('sending');
    setShowDetails(r === 'down');
    setDetailsState('idle');
    try {
      await postFeedback({ targetType, targetId, conversationId, rating: r });
      rememberVote(key, r);
      setState('sent');
    } catch {
      setState('error');
    }
  };

  const sendDetails = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!rating || detailsState === 'sending') return;
    setDetailsState('sending');
    try {
      await postFeedback({
        targetType,
        targetId,
        conversationId,
        rating,
        reason: reason || undefined,
        comment: comment.trim() || undefined,
      });
      setDetailsState('sent');
      setShowDetails(false);
    } catch {
      setDetailsState('error');
    }
  };

  const btn = (r: Rating) => {
    const pressed = rating === r;
    const Icon = r === 'up' ? ThumbsUp : ThumbsDown;
    const label = r === 'up' ? (compact ? 'Helpful answer' : 'Yes') : compact ? 'Not helpful' : 'No';
    return (
      <button
        type="button"
        data-testid={`${prefix}-${r}`}
        aria-pressed={pressed}
        aria-label={compact ? label : undefined}
        title={compact ? label : undefined}
        disabled={state === 'sending'}
        onClick={() => vote(r)}
        className={
          compact
            ? `inline-flex size-8 items-center justify-center rounded-lg border transition disabled:opacity-60 ${
                pressed ? 'border-brand/40 bg-brand-soft text-brand-soft-fg' : 'border-transparent text-subtle hover:bg-surface-2 hover:text-fg'
              }`
            : `inline-flex h-10 items-center gap-2 rounded-xl border px-4 text-sm font-medium transition disabled:opacity-60 ${
                pressed ? 'border-brand bg-brand-soft text-brand-soft-fg' : 'border-line-strong bg-elevated text-fg hover:border-brand/50 hover:bg-surface'
              }`
        }
      >
        <Icon className={compact ? 'size-4' : 'size-4'} aria-hidden="true" fill={pressed ? 'currentColor' : 'none'} fillOpacity={0.2} />
        {!compact && label}
      </button>
    );
  };

  return (
    <div className={compact ? 'text-sm' : ''}>
      <div className={`flex flex-wrap items-center ${compact ? 'gap-1' : 'gap-3'}`}>
        {!compact && (
          <h2 id={`${id}-q`} className="mr-2 text-base font-semibold text-fg">
            Was this article helpful?
          </h2>
        )}
        {/* biome-ignore lint/a11y/useSemanticElements: a labelled pair of buttons, not form fields; a fieldset would also change its sizing */}
        <div role="group" aria-labelledby={compact ? undefined : `${id}-q`} aria-label={compact ? 'Rate this answer' : undefined} className="flex gap-1.5">
          {btn('up')}
          {btn('down')}
        </div>
        <p role="status" aria-live="polite" className={`text-sm ${compact ? 'ml-1' : ''}`}>
          {state === 'sending' && <Loader2 className="inline size-4 animate-spin text-subtle" aria-label="Sending" />}
          {state === 'sent' && (
            <span data-testid={`${prefix}-thanks`} className="inline-flex items-center gap-1.5 text-success">
              <Check className="size-4" aria-hidden="true" />
              {detailsState === 'sent' ? 'Thanks for the details!' : 'Thanks for your feedback!'}
            </span>
          )}
          {state === 'remembered' && rating && (
            <span data-testid={`${prefix}-remembered`} className="text-muted">
              {compact ? 'You rated this answer earlier.' : `You answered ${rating === 'up' ? 'Yes' : 'No'} earlier.`}
            </span>
          )}
          {state === 'error' && <span className="text-danger">Couldn’t send your feedback. Please try again.</span>}
        </p>
        {state === 'sent' && !showDetails && detailsState !== 'sent' && (
          <button type="button" onClick={() => setShowDetails(true)} className="text-sm font-medium text-brand underline-offset-4 hover:underline">
            {rating === 'down' ? 'Tell us what went wrong' : 'Add a comment'}
          </button>
        )}
      </div>

      {rating && showDetails && state !== 'error' && (
        <form ref={formRef} onSubmit={sendDetails} className={`mt-4 grid max-w-xl gap-3 ${compact ? 'mt-2 rounded-xl border border-line bg-surface p-3' : ''}`}>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-reason`} className="text-sm font-medium text-fg">
              {rating === 'down' ? 'What went wrong?' : 'What was good?'} <span className="font-normal text-subtle">(optional)</span>
            </label>
            <select
              id={`${id}-reason`}
              data-testid={`${prefix}-reason`}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              className="h-10 rounded-lg border border-line-strong bg-elevated px-3 text-sm text-fg focus:border-brand focus-visible:outline-2"
            >
              <option value="">Choose a reason…</option>
              {reasonsFor(rating).map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-1.5">
            <label htmlFor={`${id}-comment`} className="text-sm font-medium text-fg">
              {rating === 'down' ? 'How can we improve it?' : 'What helped?'} <span className="font-normal text-subtle">(optional)</span>
            </label>
            <textarea
              id={`${id}-comment`}
              data-testid={`${prefix}-comment`}
              rows={compact ? 2 : 3}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              placeholder="Don’t include personal information."
              className="rounded-lg border border-line-strong bg-elevated px-3 py-2 text-sm text-fg placeholder:text-subtle focus:border-brand"
            />
          </div>
          <div className="flex items-center gap-2">
            <button
              type="submit"
              data-testid={`${prefix}-submit`}
              disabled={detailsState === 'sending' || (!reason && !comment.trim())}
              className="inline-flex h-9 items-center gap-2 rounded-lg bg-brand px-4 text-sm font-medium text-brand-fg transition hover:bg-brand-strong disabled:cursor-not-allowed disabled:opacity-50"
            >
              {detailsState === 'sending' && <Loader2 className="size-4 animate-spin" aria-hidden="true" />}
              Send feedback
            </button>
            <button type="button" onClick={() => setShowDetails(false)} className="h-9 rounded-lg px-3 text-sm font-medium text-muted hover:bg-surface-2 hover:text-fg">
              Cancel
            </button>
            {detailsState === 'error' && (
              <span className="text-sm text-danger" role="alert">
                Couldn’t send. Try again.
              </span>
            )}
          </div>
        </form>
      )}
    </div>
  );
}

/** "Was this article helpful?" card for an article page; the vote is keyed by the article's id. */
export function ArticleFeedback({ articleId }: { articleId: number }) {
  return (
    <section aria-label="Article feedback" className="rounded-2xl border border-line bg-surface p-5 sm:p-6">
      <Thumbs targetType="article" targetId={articleId} variant="article" />
    </section>
  );
}
