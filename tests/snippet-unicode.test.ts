/**
 * Snippets cut on grapheme boundaries (never half a surrogate pair or emoji) and highlight ranges
 * that stay on the matched words when the text holds characters that fold to another length
 * (mathematical bold letters, ligatures).
 */
import { describe, expect, it } from 'vitest';
import { makeSnippet } from '@/lib/search/snippet';

/** True when `s` has no lone surrogate (what a browser shows as �). */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
const marked = (s: { text: string; highlights: [number, number][] }) => s.highlights.map(([a, b]) => s.text.slice(a, b));

describe('snippets cut on characters, not UTF-16 units', () => {
  it('x + 200 emoji: the snippet ends on a whole emoji', () => {
    const body = `x${'😀'.repeat(200)}`;
    for (const max of [219, 220, 221, 100, 33]) {
      const s = makeSnippet(body, 'refund', max);
      expect(wellFormed(s.text)).toBe(true);
      expect(s.text.endsWith(' …')).toBe(true);
      expect(s.text.slice(0, -2)).toMatch(/^x(?:😀)+$/u);
    }
  });

  it('a match after emoji: the window starts on a whole emoji too', () => {
    const body = `${'😀'.repeat(150)}refund ${'😀'.repeat(150)}`;
    for (const max of [100, 101, 220]) {
      const s = makeSnippet(body, 'refund', max);
      expect(wellFormed(s.text)).toBe(true);
      expect(marked(s)).toEqual(['refund']);
    }
  });

  it('Japanese text with 𠮷 (a surrogate pair) is never split', () => {
    const body = '𠮷野家の返金について。'.repeat(40);
    for (let max = 20; max < 40; max++) expect(wellFormed(makeSnippet(body, '返金', max).text)).toBe(true);
    const s = makeSnippet(body, '返金', 31);
    expect(marked(s).every((m) => m === '返金')).toBe(true);
  });

  it('a family emoji (a ZWJ sequence) is kept whole', () => {
    const family = '👨‍👩‍👧‍👦';
    const body = `a${family.repeat(60)}`;
    for (let max = 10; max < 30; max++) {
      const s = makeSnippet(body, 'x', max);
      expect(s.text.slice(0, -2)).toMatch(new RegExp(`^a(?:${family})*$`, 'u'));
    }
  });
});

describe('highlight ranges after folding', () => {
  it('mathematical bold letters before the match do not shift it', () => {
    const s = makeSnippet('𝐑𝐞𝐚𝐝 𝐭𝐡𝐢𝐬 before you refund a payment. Refunds take 5 days.', 'refund');
    expect(marked(s)).toEqual(['refund', 'Refunds']);
  });

  it('the bold word itself matches a plain query, and the range covers its surrogate pairs', () => {
    const s = makeSnippet('Please 𝐑𝐞𝐚𝐝 𝐭𝐡𝐢𝐬 first, then read the refund policy.', 'read refund');
    expect(marked(s)).toEqual(['𝐑𝐞𝐚𝐝', 'read', 'refund']);
  });

  it('a ligature (ﬁ → fi) and accents keep later ranges right', () => {
    const s = makeSnippet('The ﬁrst café: refund the order, then refund the fee.', 'refund');
    expect(marked(s)).toEqual(['refund', 'refund']);
  });

  it('a cut window with bold letters and emoji still highlights the right words', () => {
    const body = `${'𝐀𝐁𝐂 😀 '.repeat(50)}the refund arrives in 5 days ${'𝐗𝐘𝐙 '.repeat(50)}`;
    const s = makeSnippet(body, 'refund days', 120);
    expect(wellFormed(s.text)).toBe(true);
    expect(marked(s)).toEqual(['refund', 'days']);
  });
});
