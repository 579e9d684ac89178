/**
 * Citation markers in answers. Marker `[n]` refers to the n-th source retrieved in the same turn
 * (the n-th `source-url` part of the assistant message). Markers with no such source are dropped,
 * for the local model and hosted ones alike, before an answer is stored and again when it renders.
 */

import { inCode, scanCode } from './markdown-code';

/**
 * `[3]`, `[1, 2]`, `[1,2,3]` — not `[1](url)` (a Markdown link) and not `[^1]` (a footnote).
 * The optional leading whitespace is captured so a dropped marker leaves no double space.
 */
const MARKER = /(\s*)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\(|:)/g;

/**
 * Brackets that read as code even outside a code span: an index glued to a name (`items[0]`,
 * `rows[2]`, `grid[1][2]`, `f()[1]`) or an array literal after `=`, `{`, `[` or a JSON key
 * (`"tiers": [10, 20]`). `[1][2]` after a space stays two markers.
 */
function codeLikeBracket(text: string, bracket: number): boolean {
  let j = bracket;
  // Walk back over a chain of bracket groups on the same line: `grid[i][2]` → the `[` after `grid`.
  while (text[j - 1] === ']') {
    const open = text.lastIndexOf('[', j - 1);
    if (open < 0 || j - open > 40 || text.slice(open, j).includes('\n')) break;
    j = open;
  }
  if (/[\p{L}\p{N}_$)]/u.test(text[j - 1] ?? '')) return true;
  return /(?:[={[]|["']:)[ \t]*$/.test(text.slice(Math.max(0, bracket - 40), bracket));
}

/**
 * Rewrites the citation markers of `text[from, to)`, leaving code alone: markers inside fenced
 * blocks and inline code spans, indexes glued to a name and array literals (see codeLikeBracket)
 * come back verbatim.
 * @param text the whole Markdown text (offsets before `from` give context: open fences, the word
 *   before a bracket).
 * @param replace gets the marker's numbers (as written, 1-based) and its leading whitespace;
 *   returns the replacement for the whole match (whitespace included).
 * @param opts `from`/`to` (UTF-16 offsets, default the whole text) and `code` (ranges from
 *   {@link scanCode}, computed when absent).
 * @returns the rewritten `text.slice(from, to)`.
 */
export function replaceCitationMarkers(text: string, replace: (nums: number[], space: string) => string, opts: { from?: number; to?: number; code?: [number, number][] } = {}): string {
  const from = opts.from ?? 0;
  const to = opts.to ?? text.length;
  const code = opts.code ?? scanCode(text).ranges;
  // Matched on the prefix, so a marker can't reach past `to` (a streamed text may go on there).
  const head = text.slice(0, to);
  const re = new RegExp(MARKER.source, 'g');
  re.lastIndex = from;
  let out = '';
  let pos = from;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const bracket = m.index + m[1].length;
    if (inCode(code, bracket) || codeLikeBracket(text, bracket)) continue;
    const nums = m[2].split(',').map((x) => Number(x.trim()));
    out += head.slice(pos, m.index) + replace(nums, m[1]);
    pos = m.index + m[0].length;
  }
  return out + head.slice(pos);
}

/**
 * Removes every citation marker (and the space before it) outside code.
 * @param text Markdown text.
 * @returns the text without markers; code, `items[0]` and `[10, 20]` unchanged.
 */
export function stripCitationMarkers(text: string): string {
  return replaceCitationMarkers(text, (_nums, space) => space.replace(/[^\n]/g, ''));
}

export interface NormalizedCitations {
  /** The text with valid markers written one per bracket (`[1][2]`) and invalid ones removed. */
  text: string;
  /** Valid source numbers in order of first use (1-based). */
  cited: number[];
  /** Marker numbers that had no source and were removed. */
  dropped: number[];
}

/**
 * Keeps the citation markers that map to a source and drops the rest.
 * @param text Markdown answer text.
 * @param sourceCount how many sources were retrieved in this turn (markers 1..sourceCount are valid).
 * @returns `{ text, cited, dropped }`; `text` is unchanged when every marker is valid and in
 *   `[n]` form. Brackets in code (fenced blocks, inline code spans, `items[0]`, `"a": [1, 2]`)
 *   are no markers: they are kept as written and neither cited nor dropped.
 */
export function normalizeCitations(text: string, sourceCount: number): NormalizedCitations {
  const cited: number[] = [];
  const dropped: number[] = [];
  const out = replaceCitationMarkers(text, (nums, space) => {
    const valid = [...new Set(nums.filter((n) => Number.isInteger(n) && n >= 1 && n <= sourceCount))];
    for (const n of nums) if (!valid.includes(n)) dropped.push(n);
    for (const n of valid) if (!cited.includes(n)) cited.push(n);
    if (valid.length === 0) return space.includes('\n') ? space.replace(/[^\n]/g, '') : '';
    return `${space}${valid.map((n) => `[${n}]`).join('')}`;
  });
  return { text: out, cited, dropped };
}

/** Minimal shape of a UI message part, so server and client code can share these helpers. */
export interface PartLike {
  type: string;
  text?: string;
}

/**
 * Normalizes the citations of every text part of one assistant message against its own
 * `source-url` parts.
 * @param parts the message's UI parts (not mutated).
 * @returns new parts (text parts rewritten) and the numbers cited across all text parts.
 */
export function normalizeMessageCitations<P extends PartLike>(parts: P[]): { parts: P[]; cited: number[]; dropped: number[] } {
  const sourceCount = parts.filter((p) => p.type === 'source-url').length;
  const cited = new Set<number>();
  const dropped: number[] = [];
  const next = parts.map((p) => {
    if (p.type !== 'text' || typeof p.text !== 'string') return p;
    const r = normalizeCitations(p.text, sourceCount);
    for (const n of r.cited) cited.add(n);
    dropped.push(...r.dropped);
    return r.text === p.text ? p : { ...p, text: r.text };
  });
  return { parts: next, cited: [...cited].sort((a, b) => a - b), dropped };
}
