import { ShieldAlert } from 'lucide-react';

/** One flagged sentence of an article body; `line` is 1-based. */
interface ReviewFlagItem {
  line: number;
  text: string;
}

const NEEDS_REVIEW_LABEL = 'Needs review: text addressed to the assistant';

/**
 * Badge for an article whose body has text addressed to an AI assistant (server or client).
 * @param count number of flagged sentences, > 0 (the caller hides the badge at 0).
 */
export function NeedsReviewBadge({ count }: { count: number }) {
  return (
    <span
      data-testid="admin-needs-review"
      title={`${count} ${count === 1 ? 'sentence' : 'sentences'} in this article speak to an AI assistant rather than to readers`}
      className="inline-flex max-w-full items-center gap-1 rounded-full bg-orange-50 px-2 py-0.5 text-xs font-medium text-orange-800 ring-1 ring-orange-600/25 ring-inset dark:bg-orange-400/10 dark:text-orange-200 dark:ring-orange-400/30"
    >
      <ShieldAlert className="size-3.5" aria-hidden="true" />
      {NEEDS_REVIEW_LABEL}
    </span>
  );
}

/**
 * The flagged sentences of an article, for the editor. Each line number is a button when
 * `onSelectLine` is given (client parents only), so the editor can jump to it.
 * @param flags in document order; nothing is rendered when empty.
 */
export function ReviewFlagList({ flags, onSelectLine }: { flags: ReviewFlagItem[]; onSelectLine?: (line: number) => void }) {
  if (flags.length === 0) return null;
  return (
    <section
      aria-labelledby="review-flags-title"
      data-testid="editor-review-flags"
      className="rounded-lg bg-orange-50 px-4 py-3 text-sm text-orange-900 ring-1 ring-orange-600/25 dark:bg-orange-400/10 dark:text-orange-100 dark:ring-orange-400/30"
    >
      <h2 id="review-flags-title" className="flex items-center gap-1.5 font-semibold">
        <ShieldAlert className="size-4" aria-hidden="true" />
        {NEEDS_REVIEW_LABEL}
      </h2>
      <p className="mt-1 text-orange-800 dark:text-orange-200">
        {flags.length === 1 ? 'This sentence speaks' : `These ${flags.length} sentences speak`} to an AI assistant, not to readers. Remove
        {flags.length === 1 ? ' it' : ' them'}, or rewrite {flags.length === 1 ? 'it' : 'them'} as help for readers.
      </p>
      <ul className="mt-2 space-y-1">
        {flags.map((f, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: flags of one body in line order; a line can have two
          <li key={`${f.line}-${i}`} data-testid="editor-review-flag" data-line={f.line} className="flex gap-2">
            {onSelectLine ? (
              <button
                type="button"
                onClick={() => onSelectLine(f.line)}
                className="shrink-0 font-mono text-xs font-semibold underline underline-offset-2 tabular-nums hover:text-orange-950 dark:hover:text-white"
                title="Select this line in the editor"
              >
                Line {f.line}
              </button>
            ) : (
              <span className="shrink-0 font-mono text-xs font-semibold tabular-nums">Line {f.line}</span>
            )}
            <q className="min-w-0 break-words">{f.text}</q>
          </li>
        ))}
      </ul>
    </section>
  );
}
