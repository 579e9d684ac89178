/**
 * Citation markers in answers. Marker `[n]` refers to the n-th source retrieved in the same turn
 * (the n-th `source-url` part of the assistant message). Markers with no such source are dropped,
 * for the local model and hosted ones alike, before an answer is stored and again when it renders.
 */

/**
 * `[3]`, `[1, 2]`, `[1,2,3]` — not `[1](url)` (a Markdown link) and not `[^1]` (a footnote).
 * The optional leading whitespace is captured so a dropped marker leaves no double space.
 */
const MARKER = /(\s*)\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\](?!\(|:)/g;

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
 *   `[n]` form.
 */
export function normalizeCitations(text: string, sourceCount: number): NormalizedCitations {
  const cited: number[] = [];
  const dropped: number[] = [];
  const out = text.replace(MARKER, (_m, space: string, list: string) => {
    const nums = list.split(',').map((s) => Number(s.trim()));
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
    r.cited.forEach((n) => cited.add(n));
    dropped.push(...r.dropped);
    return r.text === p.text ? p : { ...p, text: r.text };
  });
  return { parts: next, cited: [...cited].sort((a, b) => a - b), dropped };
}
