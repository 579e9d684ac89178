'use client';

import { useActionState, useId } from 'react';
import type { PasswordResult } from '@/app/(admin)/admin/users/actions';
import { ROLE_INFO, STAFF_ROLES } from '@/lib/auth/roles';

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const label = 'block text-sm font-medium text-slate-700 dark:text-slate-300';
const button = 'inline-flex h-9 items-center rounded-lg px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60';

type Action = (prev: PasswordResult | null, formData: FormData) => Promise<PasswordResult>;

/** The answer of a form that may carry a password: the message, and the password once in a read-only field to copy. */
function PasswordAnswer({ state, id, testId }: { state: PasswordResult | null; id: string; testId: string }) {
  if (!state) return null;
  if (!state.ok) {
    return (
      <p id={`${id}-err`} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400" data-testid={`${testId}-error`}>
        {state.message}
      </p>
    );
  }
  return (
    <div role="status" className="mt-3 rounded-lg border border-emerald-300 bg-emerald-50 p-3 dark:border-emerald-800 dark:bg-emerald-950" data-testid={`${testId}-done`}>
      <p className="text-sm text-emerald-800 dark:text-emerald-300">{state.message}</p>
      {state.password ? (
        <>
          <label htmlFor={`${id}-secret`} className="mt-2 block text-xs font-medium text-slate-700 dark:text-slate-300">
            Password
          </label>
          <input id={`${id}-secret`} readOnly value={state.password} data-testid={`${testId}-password`} onFocus={(e) => e.currentTarget.select()} className={`${input} font-mono`} />
        </>
      ) : null}
    </div>
  );
}

/** New user: email, name, role, password (empty: generated and shown once). */
export function UserCreateForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const failed = state && !state.ok;
  const values = state && !state.ok ? state.values : undefined;
  return (
    <form action={formAction} noValidate data-testid="user-form" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">New user</h2>
      <div className="mt-3 grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-email`} className={label}>
            Email
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            required
            autoComplete="off"
            maxLength={254}
            defaultValue={values?.email}
            aria-invalid={!!failed}
            aria-describedby={failed ? `${id}-err` : undefined}
            className={input}
          />
        </div>
        <div>
          <label htmlFor={`${id}-name`} className={label}>
            Name <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </label>
          <input id={`${id}-name`} name="name" autoComplete="off" maxLength={100} defaultValue={values?.name} className={input} />
        </div>
        <div>
          <label htmlFor={`${id}-role`} className={label}>
            Role
          </label>
          <select id={`${id}-role`} name="role" defaultValue={values?.role || 'editor'} className={input}>
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_INFO[r].label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-password`} className={label}>
            Temporary password <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </label>
          <input id={`${id}-password`} name="password" type="password" autoComplete="new-password" maxLength={1024} aria-describedby={`${id}-pw-hint`} className={input} />
          <p id={`${id}-pw-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            At least 12 characters. Leave empty to generate one, shown once.
          </p>
        </div>
      </div>
      <button type="submit" disabled={pending} data-testid="user-form-submit" className={`mt-4 bg-indigo-600 text-white hover:bg-indigo-700 ${button}`}>
        {pending ? 'Creating…' : 'Create user'}
      </button>
      <PasswordAnswer state={state} id={id} testId="user-form" />
    </form>
  );
}

/** Reset one user's password: a new one typed in, or generated and shown once. */
export function PasswordResetForm({ action, userId, email }: { action: Action; userId: number; email: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  return (
    <form action={formAction} noValidate aria-label={`Reset the password of ${email}`} data-testid="user-reset">
      <input type="hidden" name="id" value={userId} />
      <label htmlFor={`${id}-password`} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
        New password <span className="font-normal text-slate-500 dark:text-slate-400">(empty: generate)</span>
      </label>
      <div className="mt-1 flex flex-wrap items-center gap-2">
        <input id={`${id}-password`} name="password" type="password" autoComplete="new-password" maxLength={1024} className={`${input} mt-0 w-56 max-w-full`} />
        <button type="submit" disabled={pending} className={`border border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800 ${button}`}>
          {pending ? 'Resetting…' : 'Reset password'}
        </button>
      </div>
      <PasswordAnswer state={state} id={id} testId="user-reset" />
    </form>
  );
}
