/**
 * Text → search words, the same way for what is indexed and what is asked, so both sides meet:
 * - CJK runs (Han, kana, Hangul) have no spaces between words: they are cut into words with
 *   `Intl.Segmenter` (ICU's dictionary word breaker, built into Node): "安装简单" → 安装 简单.
 * - Compound tokens joined by `.`, `-` or `_` between letters/digits are searchable whole and by
 *   their parts: "Next.js" → next js nextjs, "ERR-4012" → err 4012 err4012, "INV-2024-0042" →
 *   inv 2024 0042 inv20240042. Postgres' own parser would keep "next.js" as one host name and read
 *   "-4012" as a negative number, which no query word ever matches.
 * - Inline HTML tags are not words ("<br>", `<img src=…>`).
 * Pure functions: no database, no server-only imports.
 */

/** A run of CJK characters (Han ideographs, Hiragana, Katakana with its prolonged sound mark, Hangul). */
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+/gu;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

let segmenter: Intl.Segmenter | undefined;

/**
 * Puts spaces between the words of CJK runs; other text is returned unchanged.
 * @param text any text.
 * @returns the text with each CJK run replaced by its words separated by single spaces (and
 *   spaces around the run), e.g. "安装简单，没有复杂的配置" → " 安装 简单 ， 没有 复杂 的 配置 ".
 */
export function segmentCjk(text: string): string {
  if (!CJK_CHAR.test(text)) return text;
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const seg = segmenter;
  return text.replace(CJK_RUN, (run) => {
    const words = [...seg.segment(run)].filter((s) => s.isWordLike).map((s) => s.segment);
    return ` ${words.join(' ')} `;
  });
}

/** True when the word is (or starts with) a CJK character: such words are whole words even when one character long. */
export function isCjkWord(word: string): boolean {
  return CJK_CHAR.test(word.charAt(0));
}

/** HTML element names whose tags are markup, never words, when written inline in an article. */
const HTML_TAGS =
  'a|abbr|audio|b|big|blockquote|br|button|caption|center|cite|code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|input|ins|kbd|label|li|mark|nav|noscript|object|ol|p|picture|pre|q|s|samp|section|small|source|span|strike|strong|sub|summary|sup|svg|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var|video|wbr';
const TAG = new RegExp(
  // A known element's opening or closing tag (any attributes), any tag with attributes
  // (`<x-card title="…">`), a self-closing tag, or a comment; not `a < b` or a generic `Array<string>`.
  `<!--[\\s\\S]*?-->|</?(?:${HTML_TAGS})(?:\\s[^<>]*)?/?>|<[A-Za-z][\\w:-]*\\s+[\\w:-]+\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s>]+)[^<>]*>|<[A-Za-z][\\w:-]*\\s*/>|</[A-Za-z][\\w:-]*\\s*>`,
  'gi',
);

/** Tags that format text within a word's flow: dropped without a space ("<b>Re</b>fund" → "Refund"). */
const PHRASING = /^<\/?(?:a|abbr|b|big|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strike|strong|sub|sup|tt|u|var)\b/i;

/**
 * Removes inline HTML tags and comments, keeping the text between them.
 * @param text plain text or Markdown that may hold raw HTML.
 * @returns the text without tags: a formatting tag (b, span, a…) leaves nothing, any other tag or
 *   comment a space (so "a<br>b" stays two words).
 */
export function stripInlineHtml(text: string): string {
  return text.replace(TAG, (tag) => (PHRASING.test(tag) ? '' : ' '));
}

/** Letters, combining marks and digits: what a word is made of. */
const WORD = '[\\p{L}\\p{M}\\p{N}]+';
/** A compound: words joined by single `.`, `-` or `_` with no space ("next.js", "ERR-4012", "api_key"). */
const COMPOUND = new RegExp(`${WORD}(?:[._-]${WORD})+`, 'gu');
/** Parts a compound may have to be joined; longer ones are paths or host names, not names. */
const MAX_JOINED_PARTS = 4;
/** Longest joined form kept (as queryWords caps a word). */
const MAX_JOINED_CHARS = 64;

/**
 * Joined forms of the compound tokens of `text`: "Next.js" → nextjs, "ERR-4012" → err4012,
 * "INV-2024-0042" → inv20240042, "two-factor" → twofactor. Numbers alone ("1.5", "2024-01-15") and
 * compounds of more than four parts (URLs, paths) are not joined; their parts are words anyway.
 * @param text any text (case kept; callers fold it as they fold other words).
 * @returns the joined forms in order of appearance, duplicates kept.
 */
export function compoundWords(text: string): string[] {
  const out: string[] = [];
  for (const m of segmentCjk(text).matchAll(COMPOUND)) {
    const parts = m[0].split(/[._-]/);
    if (parts.length > MAX_JOINED_PARTS || parts.every((p) => /^\p{N}+$/u.test(p))) continue;
    const joined = parts.join('');
    if (joined.length <= MAX_JOINED_CHARS) out.push(joined);
  }
  return out;
}

/**
 * The text the index analyzes for a title, heading path or chunk: inline HTML removed, CJK cut
 * into words, every word separated by a space and each compound's joined form added after its
 * parts, so Postgres' parser sees plain words only (no host names, file paths or signed numbers).
 * Case and accents are kept: the index's `unaccent` and english configuration fold them, as for a query.
 * @param text plain text (a chunk's content, a title, a heading path).
 * @returns space-separated words, e.g. "Use Next.js (ERR-4012)" → "Use Next js Nextjs ERR 4012 ERR4012".
 */
export function indexText(text: string): string {
  const clean = segmentCjk(
    stripInlineHtml(text)
      // As queryWords reads them: modifier-letter apostrophes split words, zero-width characters do not.
      .replace(/[\u02b9\u02bb\u02bc\u02bd]/g, ' ')
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
      .normalize('NFC'),
  );
  const out: string[] = [];
  for (const m of clean.matchAll(new RegExp(`${WORD}(?:[._-]${WORD})*`, 'gu'))) {
    const parts = m[0].split(/[._-]/);
    out.push(...parts);
    if (parts.length > 1) out.push(...compoundWords(m[0]));
  }
  return out.join(' ');
}
