'use client';

import { Loader2, MessageCircleQuestion } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useEffect, useId, useRef } from 'react';
import { preloadAssistant, useAssistant } from './AssistantProvider';

/** The chat panel and its dependencies load on first open (preloaded on hover or focus of a launch button). */
const AssistantChat = dynamic(() => import('./AssistantChat').then((m) => m.AssistantChat), {
  ssr: false,
  loading: () => (
    <div role="status" className="flex h-full items-center justify-center gap-2 bg-elevated text-sm text-muted">
      <Loader2 className="size-4 animate-spin" aria-hidden="true" />
      Loading the assistant…
    </div>
  ),
});

const preload = () => void preloadAssistant().catch(() => {});

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The assistant as a modal side drawer (full-screen sheet on phones). A native modal <dialog>
 * makes the page inert and restores focus on close; Tab is also wrapped inside so focus never
 * leaves the panel. Not rendered on /assistant, where the chat is the page itself.
 */
export function AssistantDrawer() {
  const { open, setOpen, inline } = useAssistant();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const returnTo = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      returnTo.current = document.activeElement as HTMLElement | null;
      d.showModal();
      document.documentElement.style.overflow = 'hidden';
      // showModal() focuses the dialog's first button ("New conversation"); a user opens it to type.
      requestAnimationFrame(() => (d.querySelector('[data-testid="assistant-input"]') as HTMLElement | null)?.focus());
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);

  const onClose = () => {
    document.documentElement.style.overflow = '';
    setOpen(false);
    const el = returnTo.current;
    if (el?.isConnected) requestAnimationFrame(() => el.focus());
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const items = Array.from(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter((el) => el.offsetParent !== null || el === document.activeElement);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && (document.activeElement === first || !ref.current?.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  if (inline) return null;
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="resolve-dialog resolve-drawer"
      onClose={onClose}
      onKeyDown={onKeyDown}
      onClick={(e) => {
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      <div className="h-full border-line shadow-pop sm:border-l">{open && <AssistantChat mode="drawer" titleId={titleId} onClose={() => setOpen(false)} />}</div>
    </dialog>
  );
}

/**
 * Floating "Ask" button, bottom right on phone-width help pages, within the thumb's reach (hidden
 * on /assistant). From the `sm` breakpoint up the sticky header's labelled "Ask the assistant"
 * button is always in view, and a second button saying the same was one too many.
 */
export function AssistantLauncher() {
  const { open, ask, inline } = useAssistant();
  if (inline) return null;
  return (
    <button
      type="button"
      data-testid="assistant-fab"
      onClick={() => ask()}
      onPointerEnter={preload}
      onFocus={preload}
      aria-haspopup="dialog"
      aria-expanded={open}
      className={`fixed bottom-5 right-5 z-30 inline-flex h-12 items-center gap-2 rounded-full bg-brand pl-4 pr-5 text-sm font-semibold text-brand-fg shadow-pop transition hover:-translate-y-0.5 hover:bg-brand-strong sm:hidden ${
        open ? 'pointer-events-none opacity-0' : ''
      }`}
    >
      <MessageCircleQuestion className="size-5" aria-hidden="true" />
      Ask
      <span className="sr-only"> the assistant</span>
    </button>
  );
}

/** Header button: opens the drawer, or focuses the composer on /assistant. */
export function AssistantHeaderButton() {
  const { ask, inline, open } = useAssistant();
  return (
    <button
      type="button"
      data-testid="assistant-open"
      aria-haspopup={inline ? undefined : 'dialog'}
      aria-expanded={inline ? undefined : open}
      onPointerEnter={preload}
      onFocus={preload}
      onClick={() => {
        if (inline) (document.querySelector('[data-testid="assistant-input"]') as HTMLElement | null)?.focus();
        else ask();
      }}
      className="inline-flex h-9 items-center gap-2 rounded-lg bg-brand px-2.5 text-sm font-semibold text-brand-fg transition hover:bg-brand-strong sm:px-3.5"
    >
      <MessageCircleQuestion className="size-[18px]" aria-hidden="true" />
      <span className="sr-only sm:not-sr-only">Ask the assistant</span>
    </button>
  );
}
