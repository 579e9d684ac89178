// biome-ignore-all lint/suspicious/noArrayIndexKey: a diff is rendered whole from two fixed texts and never reordered; equal lines or words would share a content key
import type { DiffWord, TextDiff } from '@/lib/content/diff';

/**
 * Accessible diff rendering: colour is never the only signal. Each line carries a visible
 * "+" / "−" marker and a screen-reader label ("added", "removed"); changed words are <ins>
 * (underlined) and <del> (struck through). Works in server and client components.
 */

const wordClass = {
  added: 'rounded-sm bg-emerald-200 text-emerald-950 underline decoration-2 underline-offset-2 dark:bg-emerald-400/30 dark:text-emerald-50',
  removed: 'rounded-sm bg-red-200 text-red-950 line-through decoration-2 dark:bg-red-400/30 dark:text-red-50',
} as const;

/** Word runs: unchanged text, <ins> for added, <del> for removed. */
export function DiffWords({ words }: { words: DiffWord[] }) {
  return (
    <>
      {words.map((w, i) =>
        w.type === 'added' ? (
          <ins key={i} className={wordClass.added}>
            <span className="sr-only">[added: </span>
            {w.text}
            <span className="sr-only">]</span>
          </ins>
        ) : w.type === 'removed' ? (
          <del key={i} className={wordClass.removed}>
            <span className="sr-only">[removed: </span>
            {w.text}
            <span className="sr-only">]</span>
          </del>
        ) : (
          <span key={i}>{w.text}</span>
        ),
      )}
    </>
  );
}

const lineClass = {
  same: 'text-slate-700 dark:text-slate-300',
  added: 'bg-emerald-50 text-emerald-950 dark:bg-emerald-500/10 dark:text-emerald-100',
  removed: 'bg-red-50 text-red-950 dark:bg-red-500/10 dark:text-red-100',
} as const;

const marker = { same: ' ', added: '+', removed: '−' } as const;
const srLabel = { same: '', added: 'added: ', removed: 'removed: ' } as const;

/**
 * A line diff as a table-like list: old and new line numbers, a +/− marker, the text.
 * @param diff from lib/content/diff.ts `diffText`.
 * @param labels names of the two sides, for the summary line (e.g. "v3" and "v5").
 */
export function DiffLines({ diff, labels, testId }: { diff: TextDiff; labels: [string, string]; testId?: string }) {
  const empty = diff.added === 0 && diff.removed === 0;
  return (
    <div data-testid={testId}>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">
        From {labels[0]} to {labels[1]}:{' '}
        {empty ? (
          'no change in the body.'
        ) : (
          <>
            <span className="font-semibold text-emerald-800 dark:text-emerald-300">+{diff.added} added</span>,{' '}
            <span className="font-semibold text-red-800 dark:text-red-300">−{diff.removed} removed</span> lines
          </>
        )}
      </p>
      {empty ? null : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white font-mono text-[12.5px] leading-5 dark:border-slate-800 dark:bg-slate-900">
          <ol aria-label={`Changes from ${labels[0]} to ${labels[1]}`}>
            {diff.blocks.map((b, bi) =>
              b.kind === 'fold' ? (
                <li key={bi} className="border-y border-dashed border-slate-200 bg-slate-50 px-3 py-1 text-slate-500 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-400">
                  ⋯ {b.count} unchanged lines
                </li>
              ) : (
                b.lines.map((l, li) => (
                  <li key={`${bi}-${li}`} data-diff={l.type} className={`flex ${lineClass[l.type]}`}>
                    <span className="w-7 shrink-0 pr-1 text-right text-slate-500 select-none sm:w-10 dark:text-slate-400" aria-hidden="true">
                      {l.oldNo ?? ''}
                    </span>
                    <span className="w-7 shrink-0 pr-1 text-right text-slate-500 select-none sm:w-10 dark:text-slate-400" aria-hidden="true">
                      {l.newNo ?? ''}
                    </span>
                    <span className="w-5 shrink-0 text-center font-bold select-none" aria-hidden="true">
                      {marker[l.type]}
                    </span>
                    <span className="min-w-0 flex-1 pr-3 whitespace-pre-wrap [overflow-wrap:anywhere]">
                      {srLabel[l.type] ? <span className="sr-only">{srLabel[l.type]}</span> : null}
                      {l.words ? <DiffWords words={l.words} /> : l.text || '\u00a0'}
                    </span>
                  </li>
                ))
              ),
            )}
          </ol>
        </div>
      )}
    </div>
  );
}
