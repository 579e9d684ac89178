'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { startTransition, useActionState, useEffect } from 'react';
import { WriteForm } from '@/components/admin/ViewOnly';

/** What an admin form action answers: a message, and where to go next (a link, or a page to open). */
export type FormResult = { ok: true; message: string; href?: string; redirect?: boolean } | { ok: false; message: string };

interface ActionFormProps {
  action: (prev: FormResult | null, formData: FormData) => Promise<FormResult>;
  submitLabel: string;
  pendingLabel: string;
  children?: React.ReactNode;
  /** `primary` (filled), `secondary` (outlined) or `danger` (red outline). */
  variant?: 'primary' | 'secondary' | 'danger';
  className?: string;
  testId?: string;
  /** Accessible name of the form. */
  label?: string;
}

const VARIANTS = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700',
  secondary: 'border border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800',
  danger: 'border border-red-300 text-red-800 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950',
};

/**
 * An `onSubmit` that sends the form to `formAction` without React's reset of the fields after a
 * form action, so what the user typed stays when the action answers with an error.
 */
export function keepFieldsOnSubmit(formAction: (fd: FormData) => void): (e: React.FormEvent<HTMLFormElement>) => void {
  return (e) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    startTransition(() => formAction(fd));
  };
}

/**
 * A server-action form with a submit button that says when it is working and a live status line
 * for the action's message (red when it failed). The fields are its children. With
 * `{ ok: true, redirect: true, href }` the page opens `href`.
 */
export function ActionForm({ action, submitLabel, pendingLabel, children, variant = 'primary', className, testId, label }: ActionFormProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const router = useRouter();
  useEffect(() => {
    if (state?.ok && state.redirect && state.href) router.push(state.href);
  }, [state, router]);
  return (
    <WriteForm action={formAction} onSubmit={keepFieldsOnSubmit(formAction)} className={className} data-testid={testId} aria-label={label}>
      {children}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          data-testid={testId ? `${testId}-submit` : undefined}
          className={`inline-flex h-9 items-center rounded-lg px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60 ${VARIANTS[variant]}`}
        >
          {pending ? pendingLabel : submitLabel}
        </button>
        <p
          role="status"
          data-testid={testId ? `${testId}-status` : undefined}
          className={`text-sm break-words whitespace-pre-wrap ${state && !state.ok ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}
        >
          {state?.message}
          {state?.ok && state.href && !state.redirect ? (
            <>
              {' '}
              <Link href={state.href} className="font-medium underline underline-offset-2">
                Open
              </Link>
            </>
          ) : null}
        </p>
      </div>
    </WriteForm>
  );
}

/** Refreshes the page's server data every `everyMs` (default 2 s) while `active`, e.g. while a run is going. */
export function AutoRefresh({ active, everyMs = 2000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(t);
  }, [active, everyMs, router]);
  return null;
}
