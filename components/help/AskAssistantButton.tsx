'use client';

import { Sparkles } from 'lucide-react';
import { askAssistant } from '@/components/assistant/ask';

/** Opens the assistant with `question` in its input (not sent: the reader can edit it first). */
export function AskAssistantButton({
  question,
  children = 'Ask the assistant',
  variant = 'primary',
  testId,
}: {
  question?: string;
  children?: React.ReactNode;
  variant?: 'primary' | 'secondary';
  testId?: string;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      onClick={() => askAssistant(question)}
      className={
        variant === 'primary'
          ? 'inline-flex h-10 items-center gap-2 rounded-xl bg-brand px-4 text-sm font-semibold text-brand-fg shadow-soft transition hover:bg-brand-strong'
          : 'inline-flex h-10 items-center gap-2 rounded-xl border border-line-strong bg-elevated px-4 text-sm font-semibold text-fg transition hover:border-brand/50 hover:bg-surface'
      }
    >
      <Sparkles className="size-4" aria-hidden="true" />
      {children}
    </button>
  );
}
