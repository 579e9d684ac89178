/**
 * Sources mean citations. A model cites retrieved passages as `[n]` (n = the passage's number in
 * this turn). As the answer streams, each first-cited passage becomes the next `source-url` part
 * and its markers are renumbered to that part's position, so `[k]` always names the k-th listed
 * source and nothing retrieved but uncited is listed. Works for the local and hosted models alike.
 * Markers are the same syntax as citations.ts, and code is skipped the same way: a fence or a code
 * span split across deltas is held back until it is known to be code or not (markdown-code.ts).
 */
import { replaceCitationMarkers } from './citations';
import { scanCode } from './markdown-code';
import type { SourcePassage } from './passages';
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
  /** Feeds a text delta; returns the text that is final so far (may hold back an open code span or a growing marker). */
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
  // The current text part as received, and how much of it has been emitted.
  let raw = '';
  let done = 0;

  const rewrite = (to: number, code: [number, number][]): CitationStep => {
    const newSources: SourcePassage[] = [];
    const out = replaceCitationMarkers(
      raw,
      (list, space) => {
        const nums: number[] = [];
        for (const n of list) {
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
      },
      { from: done, to, code },
    );
    done = to;
    return { text: out, newSources };
  };

  return {
    push(delta) {
      raw += delta;
      const scan = scanCode(raw, true);
      const tail = PARTIAL_TAIL.exec(raw.slice(done));
      // A complete `[n]` at the very end may still become a link `[n](…)`; hold it one delta.
      const markerSafe = tail ? done + tail.index : raw.length;
      return rewrite(Math.max(done, Math.min(markerSafe, scan.settledUpTo)), scan.ranges);
    },
    flush() {
      const step = rewrite(raw.length, scanCode(raw).ranges);
      raw = '';
      done = 0;
      return step;
    },
    cited: () => [...order],
  };
}
