/**
 * Snippets for search results: a window of the best chunk around the first query-word match,
 * with highlight ranges (character offsets into the snippet) for every matching word. The chunk's
 * text is read as a reader sees it: inline HTML tags dropped, list items without their bullets.
 */
import { queryWords } from './query';
import { isCjkWord, stripInlineHtml } from './tokens';
import { STOP_WORDS, stem } from './words';

export interface Snippet {
  text: string;
  /** [start, end) character ranges in `text` to highlight. */
  highlights: [number, number][];
}

/**
 * The part of a query word a text word must start with to match: the word's stem (words.ts) cut
 * to what the word and its stem share ("refunds", "refunded" → "refun"), so it is always a prefix.
 */
function matchPrefix(word: string): string {
  const s = stem(word);
  let i = 0;
  while (i < s.length && i < word.length && s[i] === word[i]) i++;
  return word.slice(0, Math.max(i, Math.min(3, word.length)));
}

/** Grapheme clusters (what a reader sees as one character): a cut never splits one. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The start of the grapheme that contains UTF-16 offset `i` (`i` itself at a boundary or the end). */
function graphemeStart(text: string, i: number): number {
  if (i <= 0 || i >= text.length) return Math.max(0, Math.min(i, text.length));
  return graphemes.segment(text).containing(i)?.index ?? i;
}

/**
 * Cuts a snippet of about `maxChars` characters out of `content`.
 * @param content chunk text (plain text, newlines allowed).
 * @param query the user's query.
 * @param maxChars the window's length in UTF-16 units (default 220); the cut moves back to the
 *   nearest grapheme boundary, so an emoji, a surrogate pair (𠮷) or a combined character is never
 *   split and the snippet is always well-formed UTF-16.
 * @returns the snippet (with "…" where cut) and highlight ranges as [start, end) UTF-16 offsets into
 *   `text` (what `String.prototype.slice` takes); no match → the text's start.
 */
export function makeSnippet(content: string, query: string, maxChars = 220): Snippet {
  const flat = readableText(content);
  // Folded as the text is, so a query typed in 𝐛𝐨𝐥𝐝 or with accents finds the plain word too.
  const words = [...new Set(queryWords(query).map((w) => fold(w).text))];
  const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Latin-like words match at a word start and run to the word's end ("refun" → "refunds"); CJK
  // words have no spaces around them, so they match wherever they stand ("简单" in "安装简单").
  const prefixes = [...new Set(words.filter((w) => !isCjkWord(w) && w.length >= 3 && !STOP_WORDS.has(w)).map(matchPrefix))];
  const stems = prefixes.map(escapeRegExp);
  const cjk = words.filter(isCjkWord).map(escapeRegExp);
  const alternatives = [...(stems.length ? [`(?<![\\p{L}\\p{N}])(?:${stems.join('|')})[\\p{L}\\p{N}]*`] : []), ...(cjk.length ? [`(?:${cjk.join('|')})`] : [])];
  const re = alternatives.length ? new RegExp(alternatives.join('|'), 'giu') : null;
  let start = 0;
  if (re) {
    // The window that shows the most of the query's words ("invoice expired": the sentence with
    // both, not the first "invoice"), the earliest of those; each match opens a candidate window.
    const folded = fold(flat);
    const keyOf = (m: string) => prefixes.find((p) => m.startsWith(p)) ?? m;
    const matches = [...folded.text.matchAll(re)].filter((m) => m[0]).map((m) => ({ at: m.index, key: keyOf(m[0]) }));
    // Both window ends only move right as the match does: a sliding count of each word in it.
    let best: { at: number; words: number } | null = null;
    const inWindow = new Map<string, number>();
    let lo = 0;
    let hi = 0;
    for (const m of matches) {
      const from = m.at - Math.floor(maxChars / 3);
      for (; hi < matches.length && matches[hi].at < from + maxChars - 20; hi++) inWindow.set(matches[hi].key, (inWindow.get(matches[hi].key) ?? 0) + 1);
      for (; lo < hi && matches[lo].at < from; lo++) {
        const left = (inWindow.get(matches[lo].key) ?? 1) - 1;
        if (left === 0) inWindow.delete(matches[lo].key);
        else inWindow.set(matches[lo].key, left);
      }
      if (!best || inWindow.size > best.words) best = { at: m.at, words: inWindow.size };
    }
    if (best) start = Math.max(0, folded.from(best.at) - Math.floor(maxChars / 3));
    re.lastIndex = 0;
  }
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    start = space >= 0 && space - start < 20 ? space + 1 : start;
  }
  start = graphemeStart(flat, start);
  let end = Math.min(flat.length, start + maxChars);
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end);
    if (space > start + maxChars / 2) end = space;
  }
  end = graphemeStart(flat, end);
  const prefix = start > 0 ? '… ' : '';
  const suffix = end < flat.length ? ' …' : '';
  const text = prefix + flat.slice(start, end) + suffix;
  const highlights: [number, number][] = [];
  if (re) {
    // Matched on the folded text, mapped back to offsets in `text` (folding may change lengths: 𝐑 → r).
    const folded = fold(text);
    for (const m of folded.text.matchAll(re)) {
      if (!m[0]) continue;
      highlights.push([folded.from(m.index!), folded.to(m.index! + m[0].length - 1)]);
    }
  }
  return { text, highlights };
}

/** A list item's bullet or number at the start of a line ("- ", "* ", "+ ", "• ", "1. ", "2) "). */
const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;

/**
 * A chunk's text as one line for a snippet: inline HTML tags dropped, list bullets removed, list
 * items separated by " · " and an item's indented description by " — " (a space after text that
 * ends a sentence), other lines joined by a space.
 * @param content chunk text (plain text from lib/content/chunk.ts, list items on their own lines).
 * @returns the text on one line, whitespace collapsed.
 */
function readableText(content: string): string {
  let out = '';
  let prevItem = false;
  for (const raw of stripInlineHtml(content).split('\n')) {
    const isItem = BULLET.test(raw);
    const line = raw.replace(BULLET, '').replace(/\s+/g, ' ').trim();
    if (!line) continue;
    // An indented line that is no item continues the item above ("- Refunds\n  How to refund…").
    const continues = !isItem && prevItem && /^\s/.test(raw);
    const open = !/[.!?:;,]$/.test(out);
    if (out) out += open && isItem && prevItem ? ' · ' : open && continues ? ' — ' : ' ';
    out += line;
    if (!continues) prevItem = isItem;
  }
  return out;
}

/** Text that folding leaves as plain lower-casing: every unit maps to itself. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, control characters included
const ASCII = /^[\u0000-\u007f]*$/;

/** Where each folded UTF-16 unit came from. */
interface Folded {
  text: string;
  /** [start, end) UTF-16 offsets in the original of the code point folded unit `i` came from. */
  from: (i: number) => number;
  to: (i: number) => number;
}

/**
 * Lower-cases and strips accents and compatibility forms (𝐑 → r, ﬁ → fi, é → e), one code point at
 * a time, remembering where each folded UTF-16 unit came from. ASCII text (most chunks) is only
 * lower-cased, with no per-character work: the search profile showed the per-character fold of
 * every hit's chunk as the largest single cost of a search request (about a fifth of its CPU).
 * @returns `text`, the folded string; `from(i)` / `to(i)`, the [start, end) UTF-16 offsets in `s`
 *   of the code point that folded unit `i` came from.
 */
function fold(s: string): Folded {
  if (ASCII.test(s)) return { text: s.toLowerCase(), from: (i) => i, to: (i) => i + 1 };
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  let i = 0;
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    const out = code < 0x80 ? ch.toLowerCase() : (ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '') || ch).toLowerCase();
    for (let k = 0; k < out.length; k++) {
      from.push(i);
      to.push(i + ch.length);
    }
    text += out;
    i += ch.length;
  }
  return { text, from: (k) => from[k], to: (k) => to[k] };
}
