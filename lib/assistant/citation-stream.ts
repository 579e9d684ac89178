/**
 * Sources mean citations. A model cites retrieved passages as `[n]` (n = the passage's number in
 * this turn). As the answer streams, each first-cited passage becomes the next `source-url` part
 * and its markers are renumbered to that part's position, so `[k]` always names the k-th listed
 * source and nothing retrieved but uncited is listed. Works for the local and hosted models alike.
 */
import type { SourcePassage } from './passages';

/** `[3]`, `[1, 2]`: the same marker syntax as citations.ts (not `[1](url)`, not `[^1]`). */
const MARKER = /(\s*)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\(|:)/g;
/**
 * What may still change at the end of a delta: a marker still growing (`[`, `[1`, `[1,`, `[12]`)
 * and the space before it, or trailing space that a marker in the next delta would take away.
 */
const PARTIAL_TAIL = /\s*(?:\[[\d,\s]{0,12}\]?)?$/;

export interface CitationStep {
  /** Text to emit now, markers renumbered (may be ''). */
  text: string;
  /** Passages cited for the first time in `text`, in display order (emit them before `text`). */
  newSources: SourcePassage[];
}

export interface CitationRenumberer {
  /** Feeds a text delta. */
  push(delta: string): CitationStep;
  /** Releases text held back at the end of a text part (a marker can't span parts). */
  flush(): CitationStep;
  /** Passages cited so far, in display order (display number = index + 1). */
  cited(): SourcePassage[];
}

/**
 * @param lookup returns the passage numbered `n` in this turn, or undefined (the marker is dropped).
 * @returns a stateful renumberer for one assistant message (shared by all its text parts).
 */
export function createCitationRenumberer(lookup: (n: number) => SourcePassage | undefined): CitationRenumberer {
  const display = new Map<number, number>();
  const order: SourcePassage[] = [];
  let held = '';

  const rewrite = (text: string): CitationStep => {
    const newSources: SourcePassage[] = [];
    const out = text.replace(MARKER, (_m, space: string, list: string) => {
      const nums: number[] = [];
      for (const raw of list.split(',')) {
        const n = Number(raw.trim());
        const source = lookup(n);
        if (!source) continue;
        let k = display.get(n);
        if (k === undefined) {
          // Two passages of one article are one source for the reader.
          const same = order.findIndex((s) => s.slug === source.slug);
          k = same >= 0 ? same + 1 : order.push(source);
          if (same < 0) newSources.push(source);
          display.set(n, k);
        }
        if (!nums.includes(k)) nums.push(k);
      }
      // A dropped marker takes its leading space with it (a kept newline stays).
      if (nums.length === 0) return space.replace(/[^\n]/g, '');
      return `${space}${nums.map((k) => `[${k}]`).join('')}`;
    });
    return { text: out, newSources };
  };

  return {
    push(delta) {
      const text = held + delta;
      const tail = PARTIAL_TAIL.exec(text);
      // A complete `[n]` at the very end may still become a link `[n](…)`; hold it one delta.
      held = tail ? tail[0] : '';
      return rewrite(tail && tail[0] ? text.slice(0, tail.index) : text);
    },
    flush() {
      const text = held;
      held = '';
      return rewrite(text);
    },
    cited: () => [...order],
  };
}
