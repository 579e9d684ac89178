'use client';

import { useActionState, useEffect, useId, useRef } from 'react';
import type { HandoffActionResult } from '@/app/(admin)/admin/handoffs/schema';
import type { HandoffWorkflow } from '@/db/schema';
import { WriteForm } from '@/components/admin/ViewOnly';

type Action = (prev: HandoffActionResult | null, formData: FormData) => Promise<HandoffActionResult>;

const primary =
  'inline-flex h-9 items-center rounded-lg bg-indigo-600 px-3.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:bg-indigo-500 dark:hover:bg-indigo-400';
const secondary =
  'inline-flex h-9 items-center rounded-lg border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';
const input =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

function Status({ state, testId }: { state: HandoffActionResult | null; testId: string }) {
  return (
    <p role="status" data-testid={testId} className={`min-h-5 text-sm ${state && !state.ok ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}>
      {state?.message}
    </p>
  );
}

const STEPS: Record<HandoffWorkflow, { to: HandoffWorkflow; label: string; primary: boolean }[]> = {
  new: [
    { to: 'in_progress', label: 'Start working on it', primary: true },
    { to: 'resolved', label: 'Mark resolved', primary: false },
  ],
  in_progress: [
    { to: 'resolved', label: 'Mark resolved', primary: true },
    { to: 'new', label: 'Back to new', primary: false },
  ],
  resolved: [{ to: 'in_progress', label: 'Reopen', primary: false }],
};

/**
 * The workflow buttons for the current status (new → in progress → resolved, and back); each
 * sends the status the page showed, so a change made meanwhile by someone else is refused.
 */
export function HandoffStatusControl({ id, status, action }: { id: number; status: HandoffWorkflow; action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <div>
      <WriteForm action={formAction} className="flex flex-wrap gap-2">
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="from" value={status} />
        {STEPS[status].map((s) => (
          <button key={s.to} type="submit" name="to" value={s.to} disabled={pending} data-testid={`handoff-to-${s.to}`} className={s.primary ? primary : secondary}>
            {s.label}
          </button>
        ))}
      </WriteForm>
      <div className="mt-2">
        <Status state={state} testId="handoff-status-message" />
      </div>
    </div>
  );
}

/** The assignee picker: any admin, "me", or nobody; saved with its own button. */
export function HandoffAssignControl({ id, assigneeId, meId, admins, action }: { id: number; assigneeId: number | null; meId: number; admins: { id: number; email: string }[]; action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const fid = useId();
  return (
    <WriteForm action={formAction}>
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`${fid}-assignee`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        Assignee
      </label>
      <div className="mt-1 flex flex-wrap gap-2">
        <select
          id={`${fid}-assignee`}
          name="assignee"
          key={assigneeId ?? 'none'}
          defaultValue={assigneeId === null ? '' : String(assigneeId)}
          data-testid="handoff-assignee-select"
          className={`${input} min-w-0 flex-1 sm:w-auto`}
        >
          <option value="">Nobody</option>
          {admins.map((a) => (
            <option key={a.id} value={String(a.id)}>
              {a.email}
              {a.id === meId ? ' (you)' : ''}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending} className={secondary} data-testid="handoff-assign">
          Assign
        </button>
        {assigneeId !== meId ? (
          <button type="submit" name="assignee" value="me" disabled={pending} className={secondary} data-testid="handoff-assign-me">
            Assign to me
          </button>
        ) : null}
      </div>
      <div className="mt-1">
        <Status state={state} testId="handoff-assign-message" />
      </div>
    </WriteForm>
  );
}

/** The internal note form: a textarea with an inline error; cleared after a note is added. */
export function HandoffNoteForm({ id, maxChars, action }: { id: number; maxChars: number; action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  const fid = useId();
  const err = state && !state.ok ? (state.fieldErrors?.body ?? null) : null;
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <WriteForm ref={form} action={formAction} data-testid="handoff-note-form">
      <input type="hidden" name="id" value={id} />
      <label htmlFor={`${fid}-body`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        Add an internal note
      </label>
      <textarea
        id={`${fid}-body`}
        name="body"
        rows={3}
        maxLength={maxChars}
        aria-invalid={!!err}
        aria-describedby={err ? `${fid}-err` : `${fid}-hint`}
        data-testid="handoff-note-body"
        className={`${input} mt-1`}
      />
      {err ? (
        <p id={`${fid}-err`} className="mt-1 text-xs text-red-700 dark:text-red-400">
          {err}
        </p>
      ) : (
        <p id={`${fid}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          Only admins see notes; the customer never does.
        </p>
      )}
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={secondary} data-testid="handoff-note-add">
          {pending ? 'Adding…' : 'Add note'}
        </button>
        {state && (state.ok || !err) ? <Status state={state} testId="handoff-note-message" /> : null}
      </div>
    </WriteForm>
  );
}

/** "Release to assistant": the assistant answers in the conversation again. */
export function HandoffReleaseControl({ id, action }: { id: number; action: Action }) {
  const [state, formAction, pending] = useActionState(action, null);
  return (
    <WriteForm action={formAction}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" disabled={pending} className={secondary} data-testid="handoff-release">
        Release to assistant
      </button>
      <div className="mt-1">
        <Status state={state} testId="handoff-release-message" />
      </div>
    </WriteForm>
  );
}
