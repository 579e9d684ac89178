'use client';

import { TriangleAlert } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { EditorArticleDto } from '@/app/(admin)/admin/articles/schema';
import { diffText, diffWords } from '@/lib/content/diff';
import { DiffLines, DiffWords } from './DiffView';

const btn = 'inline-flex items-center justify-center rounded-lg px-3 py-1.5 text-sm font-semibold shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/**
 * Shown when a save was refused because someone else saved first: their version and yours, the
 * differences (their text → yours), and two ways on: load theirs into the editor, or keep yours
 * (now based on their version; the next Save replaces theirs knowingly). Yours is already stored
 * in the history as a `conflict` revision, so nothing is lost whichever is chosen.
 */
export function ConflictPanel({
  theirs,
  yours,
  yoursRevisionId,
  onTakeTheirs,
  onKeepMine,
}: {
  theirs: EditorArticleDto;
  yours: { title: string; summary: string; body: string };
  yoursRevisionId: number;
  onTakeTheirs: () => void;
  onKeepMine: () => void;
}) {
  const [view, setView] = useState<'changes' | 'side'>('changes');
  const bodyDiff = useMemo(() => diffText(theirs.body, yours.body), [theirs.body, yours.body]);
  const titleDiff = useMemo(() => diffWords(theirs.title, yours.title.trim()), [theirs.title, yours.title]);
  const summaryDiff = useMemo(() => diffWords(theirs.summary, yours.summary.trim()), [theirs.summary, yours.summary]);
  const when = new Date(theirs.savedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section aria-labelledby="conflict-title" data-testid="editor-conflict" className="mt-4 rounded-xl border-2 border-red-400 bg-white p-4 shadow-xs dark:border-red-400/60 dark:bg-slate-900">
      <div className="flex flex-wrap items-start gap-3">
        <TriangleAlert className="mt-0.5 size-5 shrink-0 text-red-700 dark:text-red-300" aria-hidden="true" />
        <div className="min-w-0 flex-1">
          <h2 id="conflict-title" className="font-semibold text-slate-900 dark:text-slate-100">
            Conflict: this article changed while you were editing
          </h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            <span data-testid="conflict-theirs-by">{theirs.savedBy ?? 'Someone'}</span> saved version {theirs.version} ({when}). Your save was not applied; your text is kept in the editor and in the
            history (revision #{yoursRevisionId}). Choose which version to continue from.
          </p>
        </div>
      </div>

      {/* biome-ignore lint/a11y/useSemanticElements: a labelled row of toggle buttons, not form fields; a fieldset would also change its sizing */}
      <div role="group" aria-label="How to show the two versions" className="mt-3 inline-flex rounded-lg border border-slate-300 p-0.5 text-sm dark:border-slate-700">
        {(['changes', 'side'] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            onClick={() => setView(v)}
            className={`rounded-md px-2.5 py-1 focus-visible:outline-2 focus-visible:outline-indigo-600 ${view === v ? 'bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900' : 'text-slate-700 dark:text-slate-300'}`}
          >
            {v === 'changes' ? 'Differences' : 'Side by side'}
          </button>
        ))}
      </div>

      {view === 'changes' ? (
        <div className="mt-3 space-y-3 text-sm">
          <p>
            <span className="font-medium">Title: </span>
            <DiffWords words={titleDiff} />
          </p>
          {theirs.summary || yours.summary ? (
            <p>
              <span className="font-medium">Summary: </span>
              <DiffWords words={summaryDiff} />
            </p>
          ) : null}
          <DiffLines diff={bodyDiff} labels={[`their version (v${theirs.version})`, 'your version']} testId="conflict-diff" />
        </div>
      ) : (
        <div className="mt-3 grid gap-3 md:grid-cols-2">
          {[
            { label: `Theirs — v${theirs.version}`, t: theirs, id: 'conflict-theirs' },
            { label: 'Yours — not saved over theirs', t: yours, id: 'conflict-yours' },
          ].map((side) => (
            <div key={side.id} data-testid={side.id} className="min-w-0 rounded-lg border border-slate-200 dark:border-slate-800">
              <h3 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold dark:border-slate-800">{side.label}</h3>
              <div className="px-3 py-2">
                <p className="font-medium">{side.t.title}</p>
                {side.t.summary ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{side.t.summary}</p> : null}
                <pre className="mt-2 max-h-80 overflow-auto font-mono text-[12.5px] leading-5 whitespace-pre-wrap">{side.t.body}</pre>
              </div>
            </div>
          ))}
        </div>
      )}

      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" onClick={onKeepMine} data-testid="conflict-keep-mine" className={`${btn} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400`}>
          Keep my version
        </button>
        <button
          type="button"
          onClick={onTakeTheirs}
          data-testid="conflict-take-theirs"
          className={`${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`}
        >
          Use their version
        </button>
      </div>
    </section>
  );
}
