'use client';

import { useActionState, useId } from 'react';
import type { ExperimentFormResult } from '@/app/(admin)/admin/experiments/schema';
import { PRODUCTION_CONFIG } from '@/lib/experiments/config';
import { WriteForm } from '@/components/admin/ViewOnly';

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

type Action = (prev: ExperimentFormResult | null, formData: FormData) => Promise<ExperimentFormResult>;

/** The new-experiment form: name, description, traffic share and the variant's knobs (blank = production). */
export function ExperimentForm({ action }: { action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  // After a refused submit React resets the form to the default values: make those what was typed.
  const typed = (f: string) => (state && !state.ok ? state.values?.[f] : undefined);
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement>, hint?: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        aria-invalid={!!err(name)}
        aria-describedby={err(name) ? `${id}-${name}-err` : hint ? `${id}-${name}-hint` : undefined}
        className={input}
        {...props}
        defaultValue={typed(name) ?? props.defaultValue}
      />
      {err(name) ? (
        <p id={`${id}-${name}-err`} className="mt-1 text-xs text-red-700 dark:text-red-400">
          {err(name)}
        </p>
      ) : hint ? (
        <p id={`${id}-${name}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
  const p = PRODUCTION_CONFIG;
  return (
    <WriteForm action={formAction} data-testid="experiment-form" noValidate className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 className="font-semibold">New experiment</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        The variant changes the assistant&apos;s retrieval for a share of visitors (each visitor always gets the same arm). Leave a setting blank to keep production&apos;s value.
      </p>
      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        {field('name', 'Name', { required: true, maxLength: 80 })}
        {field('share', 'Visitors in the variant (%)', { inputMode: 'numeric', defaultValue: '50', required: true }, 'A whole number from 1 to 99; the rest see production.')}
        <div className="sm:col-span-2">{field('description', 'Description', { maxLength: 300 }, 'Optional: what you expect to change.')}</div>
        {field('rrfK', 'RRF k', { inputMode: 'numeric', placeholder: String(p.rrfK) }, `Whole number 1–100; production ${p.rrfK}.`)}
        {field('searchLimit', 'Passages per search', { inputMode: 'numeric', placeholder: String(p.searchLimit) }, `Whole number 2–8; production ${p.searchLimit}.`)}
        {field('keyword', 'Keyword weight', { inputMode: 'decimal', placeholder: String(p.weights.keyword) }, `0–2; production ${p.weights.keyword}.`)}
        {field('typo', 'Typo weight', { inputMode: 'decimal', placeholder: String(p.weights.typo) }, `0–2; production ${p.weights.typo}.`)}
        {field('semantic', 'Semantic weight', { inputMode: 'decimal', placeholder: String(p.weights.semantic) }, `0–2; production ${p.weights.semantic}.`)}
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">
          {pending ? 'Saving…' : 'Create experiment'}
        </button>
        <p role="status" data-testid="experiment-form-status" className={`text-sm ${state && !state.ok ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}>
          {state?.message}
        </p>
      </div>
    </WriteForm>
  );
}

/** Start or stop button of one experiment, with the refusal (another one running…) shown next to it. */
export function ExperimentStateButton({ action, id, op, name }: { action: Action; id: number; op: 'start' | 'stop'; name: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <WriteForm action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="op" value={op} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`${op === 'start' ? 'Start' : 'Stop'} ${name}`}
        data-testid={`experiment-${op}`}
        className={
          op === 'start'
            ? 'inline-flex h-8 items-center rounded-lg bg-indigo-600 px-3 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60'
            : 'inline-flex h-8 items-center rounded-lg border border-slate-300 px-3 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800'
        }
      >
        {op === 'start' ? 'Start' : 'Stop'}
      </button>
      {state ? (
        <span role="status" className={`text-xs ${state.ok ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}>
          {state.message}
        </span>
      ) : null}
    </WriteForm>
  );
}
