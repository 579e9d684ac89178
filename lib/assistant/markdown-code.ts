/**
 * Where the code is in a Markdown answer: fenced blocks and inline code spans. Citation markers
 * are rewritten only outside them (`rows[2]` or `{"tiers": [10, 20]}` quoted in code keep their
 * brackets). Follows CommonMark closely enough for answers: fences of 3+ backticks or tildes
 * (an unclosed fence runs to the end), code spans between backtick runs of equal length within one
 * paragraph (an unmatched run is literal text). Indented code blocks are not detected: answers
 * indent list continuations, not code.
 */

export interface CodeScan {
  /** Sorted, non-overlapping [start, end) UTF-16 ranges: fenced blocks (fence lines included) and inline spans (backticks included). */
  ranges: [number, number][];
  /**
   * For text that is still streaming: offsets below this are classified for good; from here on,
   * more text may change what is code (an unmatched backtick run in the last paragraph may still be
   * closed, a last line may still become a fence). `text.length` when nothing is pending.
   */
  settledUpTo: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
/** An unfinished last line that may still turn out to be a fence (or a line opening with code). */
const MAYBE_FENCE = /^ {0,3}(?:[`~][^\n]*)?$/;

/** Code spans of one paragraph, text[from, to). */
function inlineSpans(text: string, from: number, to: number, atEnd: boolean): { spans: [number, number][]; unsettled: number | null } {
  const runs: { start: number; len: number }[] = [];
  const re = /`+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) runs.push({ start: m.index, len: Math.min(m[0].length, to - m.index) });
  const spans: [number, number][] = [];
  let unsettled: number | null = null;
  const touchesEnd = (r: { start: number; len: number }) => atEnd && r.start + r.len >= text.length;
  for (let i = 0; i < runs.length; i++) {
    let j = i + 1;
    while (j < runs.length && runs[j].len !== runs[i].len) j++;
    if (j >= runs.length) {
      // Unmatched so far: literal now, but a later run may still close it.
      if (atEnd && unsettled === null) unsettled = runs[i].start;
      continue;
    }
    // A closing run at the very end may still grow ("`" → "``") and stop matching.
    if (touchesEnd(runs[j]) && unsettled === null) unsettled = runs[i].start;
    spans.push([runs[i].start, runs[j].start + runs[j].len]);
    i = j;
  }
  const last = runs[runs.length - 1];
  if (last && touchesEnd(last) && unsettled === null) unsettled = last.start;
  return { spans, unsettled };
}

/**
 * Finds the code in Markdown text.
 * @param text Markdown (an answer, whole or as streamed so far).
 * @param streaming true while more text may follow: the last line counts as unfinished and
 *   `settledUpTo` says how far the result is final; false (default) for a complete text.
 * @returns `{ ranges, settledUpTo }` (see {@link CodeScan}); never throws.
 */
export function scanCode(text: string, streaming = false): CodeScan {
  const ranges: [number, number][] = [];
  let settled = text.length;
  let fence: { ch: string; len: number; start: number } | null = null;
  let para: number | null = null;
  const closeParagraph = (end: number, atEnd: boolean) => {
    if (para === null) return;
    const r = inlineSpans(text, para, end, streaming && atEnd);
    ranges.push(...r.spans);
    if (r.unsettled !== null) settled = Math.min(settled, r.unsettled);
    para = null;
  };
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const next = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, lineEnd);
    if (fence) {
      const close = FENCE_CLOSE.exec(line);
      if (close && close[1][0] === fence.ch && close[1].length >= fence.len) {
        ranges.push([fence.start, next]);
        fence = null;
      }
      pos = next;
      continue;
    }
    if (streaming && nl < 0 && MAYBE_FENCE.test(line)) {
      // Unfinished: hold it (and whatever its paragraph may still pair) until the line is complete.
      closeParagraph(pos, true);
      settled = Math.min(settled, pos);
      break;
    }
    const open = FENCE_OPEN.exec(line);
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      closeParagraph(pos, false);
      fence = { ch: open[1][0], len: open[1].length, start: pos };
    } else if (line.trim() === '') {
      closeParagraph(pos, false);
    } else if (para === null) {
      para = pos;
    }
    pos = next;
  }
  if (fence) ranges.push([fence.start, text.length]);
  closeParagraph(text.length, true);
  ranges.sort((a, b) => a[0] - b[0]);
  return { ranges, settledUpTo: settled };
}

/**
 * @param ranges sorted ranges from {@link scanCode}.
 * @param i a UTF-16 offset.
 * @returns whether offset `i` lies in code.
 */
export function inCode(ranges: [number, number][], i: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][1] <= i) lo = mid + 1;
    else if (ranges[mid][0] > i) hi = mid - 1;
    else return true;
  }
  return false;
}
