'use client';

import { useActionState, useId } from 'react';
import type { CreateTokenResult } from '@/app/(admin)/admin/tokens/actions';

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

type Action = (prev: CreateTokenResult | null, formData: FormData) => Promise<CreateTokenResult>;

/** The new-token form; after a create it shows the token once, in a read-only field to copy. */
export function TokenCreateForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const error = state && !state.ok ? state.message : undefined;
  return (
    <form action={formAction} noValidate data-testid="token-form" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">New token</h2>
      <label htmlFor={`${id}-name`} className="mt-3 block text-sm font-medium text-slate-700 dark:text-slate-300">
        Name (what uses it)
      </label>
      <input
        id={`${id}-name`}
        name="name"
        maxLength={100}
        placeholder="Zapier sync"
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        defaultValue={state && !state.ok ? state.name : undefined}
        className={input}
      />
      {error ? (
        <p id={`${id}-err`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="mt-3 inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60"
      >
        {pending ? 'Creating…' : 'Create token'}
      </button>
      {state?.ok ? (
        <div role="status" className="mt-4 rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950">
          <p className="text-sm text-emerald-800 dark:text-emerald-300">{state.message}</p>
          <label htmlFor={`${id}-token`} className="mt-2 block text-xs font-medium text-slate-700 dark:text-slate-300">
            Token
          </label>
          <input id={`${id}-token`} readOnly value={state.token} data-testid="new-token" onFocus={(e) => e.currentTarget.select()} className={`${input} font-mono`} />
        </div>
      ) : null}
    </form>
  );
}
