/**
 * Snippets for search results: a window of the best chunk around the first query-word match,
 * with highlight ranges (character offsets into the snippet) for every matching word.
 */
import { queryWords } from './query';

export interface Snippet {
  text: string;
  /** [start, end) character ranges in `text` to highlight. */
  highlights: [number, number][];
}

function stemPrefix(word: string): string {
  // Crude stem: the first 5 characters ("refunds", "refunded" → "refun"); short words as they are.
  return word.length > 5 ? word.slice(0, 5) : word;
}

const STOP = new Set(['the', 'and', 'for', 'with', 'how', 'what', 'can', 'does', 'you', 'your', 'are', 'not', 'why', 'when', 'from', 'this', 'that', 'have', 'has', 'into', 'was', 'get']);

/**
 * Cuts a snippet of about `maxChars` characters out of `content`.
 * @param content chunk text (plain text, newlines allowed).
 * @param query the user's query.
 * @returns the snippet (with "…" where cut) and highlight ranges; no match → the text's start.
 */
export function makeSnippet(content: string, query: string, maxChars = 220): Snippet {
  const flat = content.replace(/\s+/g, ' ').trim();
  const stems = [...new Set(queryWords(query).filter((w) => w.length >= 3 && !STOP.has(w)).map(stemPrefix))];
  const re = stems.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(${stems.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\p{L}\\p{N}]*`, 'giu')
    : null;
  let start = 0;
  if (re) {
    const folded = fold(flat);
    const m = re.exec(folded);
    if (m) start = Math.max(0, m.index - Math.floor(maxChars / 3));
    re.lastIndex = 0;
  }
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space >= 0 && space - start < 20 ? space + 1 : start;
  }
  let end = Math.min(flat.length, start + maxChars);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start + maxChars / 2) end = space;
  }
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const text = prefix + flat.slice(start, end) + suffix;
  const highlights: [number, number][] = [];
  if (re) {
    const folded = fold(text);
    for (const m of folded.matchAll(re)) highlights.push([m.index!, m.index! + m[0].length]);
  }
  return { text, highlights };
}

/** Lower-cases and strips accents while keeping string length (one char per char). */
function fold(s: string): string {
  return Array.from(s, (ch) => {
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return base.length === 1 ? base.toLowerCase() : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  }).join('');
}
