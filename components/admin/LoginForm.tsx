'use client';

import { useActionState } from 'react';

interface LoginState {
  error?: string;
  email?: string;
}

const input =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 ' +
  'focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 ' +
  'aria-invalid:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-500';

/** Email + password form for the sign-in server action; keeps the email on error. `next`: the admin page to open after (checked again by the action). */
export function LoginForm({ action, next = '/admin' }: { action: (prev: LoginState, fd: FormData) => Promise<LoginState>; next?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next} />
      {state.error ? (
        <div
          role="alert"
          data-testid="admin-login-error"
          className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/60 dark:bg-red-950/50 dark:text-red-200"
        >
          {state.error}
        </div>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor="admin-email" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Email
        </label>
        <input
          id="admin-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          // biome-ignore lint/a11y/noAutofocus: the sign-in page has one job; the email field is where it starts
          autoFocus
          defaultValue={state.email ?? ''}
          key={state.email ?? ''}
          aria-invalid={state.error ? true : undefined}
          data-testid="admin-login-email"
          className={input}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="admin-password" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Password
        </label>
        <input
          id="admin-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={state.error ? true : undefined}
          data-testid="admin-login-password"
          className={input}
        />
      </div>
      <button
        type="submit"
        disabled={pending}
        data-testid="admin-login-submit"
        className="flex w-full items-center justify-center rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm transition hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-70 dark:bg-indigo-500 dark:hover:bg-indigo-400"
      >
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
