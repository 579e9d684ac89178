'use client';

import { AlertTriangle, RotateCcw } from 'lucide-react';
import { useEffect } from 'react';

/** Errors inside the help center keep the header, footer and assistant around them. */
export default function HelpError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div role="alert" className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <span className="mb-6 inline-flex size-14 items-center justify-center rounded-2xl bg-danger/10 text-danger">
        <AlertTriangle className="size-7" aria-hidden="true" />
      </span>
      <h1 className="text-3xl font-semibold tracking-tight text-fg">Something went wrong</h1>
      <p className="mt-3 text-muted">We couldn’t load this page. It’s probably temporary — please try again.</p>
      {error.digest && <p className="mt-2 text-xs text-subtle">Reference: {error.digest}</p>}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <button type="button" onClick={reset} className="inline-flex h-10 items-center gap-2 rounded-xl bg-brand px-4 text-sm font-semibold text-brand-fg transition hover:bg-brand-strong">
          <RotateCcw className="size-4" aria-hidden="true" /> Try again
        </button>
        <a href="/" className="inline-flex h-10 items-center rounded-xl border border-line-strong px-4 text-sm font-semibold text-fg hover:bg-surface">
          Help center home
        </a>
      </div>
    </div>
  );
}
