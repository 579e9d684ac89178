'use client';

import Link from 'next/link';
import { useActionState, useEffect, useId, useRef, useState, useTransition } from 'react';
import { X } from 'lucide-react';
import type { PickableArticle, ReviewResult } from '@/app/(admin)/admin/feedback/schema';
import { keepFieldsOnSubmit } from './ActionForm';
import { WriteForm } from '@/components/admin/ViewOnly';

type FormAction = (prev: ReviewResult | null, formData: FormData) => Promise<ReviewResult>;

interface ReviewActionsProps {
  conversationId: string;
  messageId: string;
  feedbackId: number | null;
  /** Articles the answer cited, offered as a starting point for gold. */
  suggested: PickableArticle[];
  datasets: { id: number; name: string; caseCount: number }[];
  actions: { add: FormAction; dismiss: FormAction; gap: FormAction; search: (q: string) => Promise<PickableArticle[]> };
}

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const label = 'block text-sm font-medium text-slate-700 dark:text-slate-300';
const button = 'inline-flex h-9 items-center rounded-lg px-4 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 disabled:opacity-60';
const card = 'rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/** The form's message: green when done (with a link to what was made), red otherwise. */
function Status({ state, testId }: { state: ReviewResult | null; testId: string }) {
  return (
    <p role="status" data-testid={testId} className={`text-sm ${state && !state.ok ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}>
      {state?.message}
      {state?.ok && state.href ? (
        <>
          {' '}
          <Link href={state.href} className="font-medium underline underline-offset-2">
            Open
          </Link>
        </>
      ) : null}
    </p>
  );
}

/**
 * The review actions of one answer: add it to a dataset (gold articles picked by title search, a
 * reference answer, an existing or new dataset), dismiss it with a reason, or mark it as a
 * content gap (creates a draft article).
 */
export function ReviewActions({ conversationId, messageId, feedbackId, suggested, datasets, actions }: ReviewActionsProps) {
  const id = useId();
  const [addState, addAction, adding] = useActionState(actions.add, null);
  const [dismissState, dismissAction, dismissing] = useActionState(actions.dismiss, null);
  const [gapState, gapAction, gapping] = useActionState(actions.gap, null);
  const [gold, setGold] = useState<PickableArticle[]>([]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<PickableArticle[]>(suggested);
  const [searching, startSearch] = useTransition();
  const [datasetId, setDatasetId] = useState(datasets.length ? String(datasets[0].id) : 'new');
  const latest = useRef('');

  useEffect(() => {
    const q = query.trim();
    latest.current = q;
    if (!q) {
      setResults(suggested);
      return;
    }
    const t = setTimeout(() => {
      startSearch(async () => {
        const found = await actions.search(q);
        if (latest.current === q) setResults(found);
      });
    }, 200);
    return () => clearTimeout(t);
  }, [query, suggested, actions]);

  const err = (s: ReviewResult | null, f: string) => (s && !s.ok ? s.fieldErrors?.[f] : undefined);
  const hidden = (
    <>
      <input type="hidden" name="conversationId" value={conversationId} />
      <input type="hidden" name="messageId" value={messageId} />
    </>
  );
  const picked = new Set(gold.map((g) => g.id));

  return (
    <div className="grid gap-4">
      <WriteForm action={addAction} onSubmit={keepFieldsOnSubmit(addAction)} className={card} data-testid="review-add-form">
        {hidden}
        <input type="hidden" name="feedbackId" value={feedbackId ?? ''} />
        {gold.map((g) => (
          <input key={g.id} type="hidden" name="gold" value={g.id} />
        ))}
        <h2 className="font-semibold">Add to a dataset</h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The case’s turns are the user’s messages up to this answer. With gold articles it is answerable (multiturn with earlier turns); without, unanswerable.
        </p>
        <fieldset className="mt-3">
          <legend className={label}>Gold articles</legend>
          <ul className="mt-1 flex flex-wrap gap-2" data-testid="review-gold-selected" aria-live="polite">
            {gold.length === 0 ? <li className="text-sm text-slate-500 dark:text-slate-400">None: the case will be unanswerable.</li> : null}
            {gold.map((g) => (
              <li key={g.id} className="inline-flex items-center gap-1 rounded-full bg-indigo-50 py-1 pr-1 pl-3 text-sm text-indigo-900 dark:bg-indigo-950 dark:text-indigo-100">
                {g.title}
                <button
                  type="button"
                  onClick={() => setGold(gold.filter((x) => x.id !== g.id))}
                  className="rounded-full p-1 hover:bg-indigo-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:hover:bg-indigo-900"
                  aria-label={`Remove ${g.title}`}
                >
                  <X className="size-3.5" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
          <label htmlFor={`${id}-q`} className={`${label} mt-3`}>
            Find articles by title
          </label>
          <input
            id={`${id}-q`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={suggested.length ? 'Cited articles are listed; type to search' : 'e.g. refund'}
            maxLength={100}
            autoComplete="off"
            data-testid="review-gold-search"
            className={input}
          />
          <ul
            className="mt-2 max-h-56 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 dark:divide-slate-800 dark:border-slate-700"
            data-testid="review-gold-results"
            aria-busy={searching}
          >
            {results.length === 0 ? (
              <li className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">
                {query.trim() ? (searching ? 'Searching…' : 'No published article matches.') : 'Type to search published articles.'}
              </li>
            ) : null}
            {results.map((a) => (
              <li key={a.id} className="flex items-center gap-2 px-3 py-1.5 text-sm">
                <span className="min-w-0 flex-1">
                  <span className="font-medium">{a.title}</span> <span className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{a.goldId}</span>
                </span>
                <button
                  type="button"
                  disabled={picked.has(a.id)}
                  onClick={() => setGold([...gold, a])}
                  data-testid="review-gold-pick"
                  aria-label={`Add ${a.title} as gold`}
                  className="shrink-0 rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-500 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
                >
                  {picked.has(a.id) ? 'Added' : 'Add'}
                </button>
              </li>
            ))}
          </ul>
          {err(addState, 'gold') ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{err(addState, 'gold')}</p> : null}
        </fieldset>
        <div className="mt-3">
          <label htmlFor={`${id}-ref`} className={label}>
            Reference answer <span className="font-normal text-slate-500 dark:text-slate-400">(key facts; optional)</span>
          </label>
          <textarea id={`${id}-ref`} name="reference" rows={3} maxLength={2000} data-testid="review-reference" aria-invalid={!!err(addState, 'reference')} className={input} />
          {err(addState, 'reference') ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{err(addState, 'reference')}</p> : null}
        </div>
        <div className="mt-3 grid gap-3 sm:grid-cols-2">
          <div>
            <label htmlFor={`${id}-ds`} className={label}>
              Dataset
            </label>
            <select
              id={`${id}-ds`}
              name="datasetId"
              value={datasetId}
              onChange={(e) => setDatasetId(e.target.value)}
              data-testid="review-dataset"
              aria-invalid={!!err(addState, 'datasetId')}
              className={input}
            >
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.caseCount} {d.caseCount === 1 ? 'case' : 'cases'})
                </option>
              ))}
              <option value="new">New dataset…</option>
            </select>
            {err(addState, 'datasetId') ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{err(addState, 'datasetId')}</p> : null}
          </div>
          {datasetId === 'new' ? (
            <div>
              <label htmlFor={`${id}-new`} className={label}>
                New dataset name
              </label>
              <input id={`${id}-new`} name="newDataset" maxLength={60} placeholder="reviewed-answers" data-testid="review-new-dataset" aria-invalid={!!err(addState, 'newDataset')} className={input} />
              {err(addState, 'newDataset') ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{err(addState, 'newDataset')}</p> : null}
            </div>
          ) : (
            <input type="hidden" name="newDataset" value="" />
          )}
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="submit" disabled={adding} data-testid="review-add" className={`${button} bg-indigo-600 text-white hover:bg-indigo-700`}>
            {adding ? 'Adding…' : 'Add case'}
          </button>
          <Status state={addState} testId="review-add-status" />
        </div>
      </WriteForm>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
        <WriteForm action={dismissAction} onSubmit={keepFieldsOnSubmit(dismissAction)} className={card} data-testid="review-dismiss-form">
          {hidden}
          <h2 className="font-semibold">Dismiss</h2>
          <label htmlFor={`${id}-reason`} className={`${label} mt-2`}>
            Reason
          </label>
          <input
            id={`${id}-reason`}
            name="reason"
            required
            maxLength={500}
            placeholder="e.g. the answer was right; user wanted something else"
            aria-invalid={!!err(dismissState, 'reason')}
            className={input}
          />
          {err(dismissState, 'reason') ? <p className="mt-1 text-xs text-red-700 dark:text-red-400">{err(dismissState, 'reason')}</p> : null}
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <button
              type="submit"
              disabled={dismissing}
              className={`${button} border border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800`}
            >
              {dismissing ? 'Dismissing…' : 'Dismiss'}
            </button>
            <Status state={dismissState} testId="review-dismiss-status" />
          </div>
        </WriteForm>
        <WriteForm action={gapAction} onSubmit={keepFieldsOnSubmit(gapAction)} className={card} data-testid="review-gap-form">
          {hidden}
          <h2 className="font-semibold">Content gap</h2>
          <label htmlFor={`${id}-note`} className={`${label} mt-2`}>
            Note for the writer <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
          </label>
          <input id={`${id}-note`} name="note" maxLength={500} placeholder="What the article should cover" className={input} />
          <div className="mt-3 flex flex-wrap items-center gap-3">
            <button type="submit" disabled={gapping} className={`${button} border border-amber-400 text-amber-900 hover:bg-amber-50 dark:border-amber-600 dark:text-amber-200 dark:hover:bg-amber-950`}>
              {gapping ? 'Creating…' : 'Create draft article'}
            </button>
            <Status state={gapState} testId="review-gap-status" />
          </div>
        </WriteForm>
      </div>
    </div>
  );
}
