/**
 * Citation markers are never rewritten inside code: fenced blocks, inline code spans, indexes glued
 * to a name (`items[0].amount`, as an extractive answer quotes an article's code line) and array
 * literals. Checked for the stored/rendered normalisation, the chips, the history sent to the
 * model, and the streaming renumberer with the code split across deltas at every position.
 */
import { describe, expect, it } from 'vitest';
import { answerHtml } from '@/components/assistant/answer';
import { createCitationRenumberer } from '@/lib/assistant/citation-stream';
import { normalizeCitations, stripCitationMarkers } from '@/lib/assistant/citations';
import { scanCode } from '@/lib/assistant/markdown-code';
import type { SourcePassage } from '@/lib/assistant/passages';

const src = (n: number): SourcePassage => ({
  n,
  slug: `a${n}`,
  title: `Article ${n}`,
  url: `/articles/a${n}`,
  headingPath: '',
  text: 'Some text that is long enough to quote here.',
  collection: 'polar-docs',
});
const sources = [src(1), src(2), src(3)];
const lookup = (n: number) => sources.find((s) => s.n === n);

/** Streams `text` through a fresh renumberer in the given pieces and returns the emitted text. */
function stream(pieces: string[]): { text: string; cited: number[] } {
  const r = createCitationRenumberer(lookup);
  const text = [...pieces.map((p) => r.push(p).text), r.flush().text].join('');
  return { text, cited: r.cited().map((s) => s.n) };
}

const ANSWER = [
  'Read the amount from items[0].amount [2].',
  '',
  '```json',
  '{"tiers": [10, 20], "first": [1]}',
  '```',
  '',
  'Then `rows[2]` holds the total [3] and `[1]` is literal.',
  '~~~',
  'grid[1][2] = [3]',
  '~~~',
  'Done [1].',
].join('\n');
// Renumbered in order of first citation: 2 → 1, 3 → 2, 1 → 3; code untouched.
const RENUMBERED = ANSWER.replace('.amount [2]', '.amount [1]').replace('total [3]', 'total [2]').replace('Done [1]', 'Done [3]');

describe('scanCode', () => {
  it('finds fences (closed or not) and inline spans of matching backtick runs', () => {
    const text = 'a `x[1]` b ``y ` z`` c\n```\ncode [1]\n```\nd `open [2]\n\n~~~\nrest [3]';
    const code = scanCode(text).ranges.map(([a, b]) => text.slice(a, b));
    expect(code).toEqual(['`x[1]`', '``y ` z``', '```\ncode [1]\n```\n', '~~~\nrest [3]']);
  });
});

describe('normalizeCitations skips code', () => {
  it('keeps brackets in fences, code spans, indexes and array literals', () => {
    const r = normalizeCitations(ANSWER, 3);
    expect(r.text).toBe(ANSWER);
    expect(r.cited).toEqual([2, 3, 1]);
    expect(r.dropped).toEqual([]);
  });
  it('an article line quoted as plain text keeps items[0] even with no source 0', () => {
    expect(normalizeCitations('Use items[0].amount and matrix[4][5] here [1].', 1).text).toBe('Use items[0].amount and matrix[4][5] here [1].');
    expect(normalizeCitations('Set "tiers": [10, 20] and x = [1, 2] [1].', 1).text).toBe('Set "tiers": [10, 20] and x = [1, 2] [1].');
  });
  it('markers outside code still work, also two in a row', () => {
    expect(normalizeCitations('Both [1][2] and [1, 2]. Bad [7]. `[7]`', 2).text).toBe('Both [1][2] and [1][2]. Bad. `[7]`');
  });
  it('strips markers for the model history but not code', () => {
    expect(stripCitationMarkers('Use `rows[2]` [1].\n```\n[2]\n```')).toBe('Use `rows[2]`.\n```\n[2]\n```');
  });
});

describe('answer chips skip code', () => {
  it('a fenced [10, 20] and an inline `rows[2]` stay text, the marker becomes a chip', () => {
    const html = answerHtml('Read `rows[2]` first [1].\n\n```json\n{"tiers": [10, 20]}\n```', [{ n: 1, title: 'Rows', href: '/articles/rows', slug: 'rows' }]);
    expect(html.match(/data-testid="assistant-citation"/g)).toHaveLength(1);
    expect(html).toContain('rows[2]');
    expect(html).toMatch(/\[(?:<[^>]+>)*10(?:<[^>]+>)*,(?:<[^>]+>|\s)*20(?:<[^>]+>)*\]/);
  });
});

describe('streaming renumberer skips code split across deltas', () => {
  it('whole answer in one delta', () => {
    expect(stream([ANSWER])).toEqual({ text: RENUMBERED, cited: [2, 3, 1] });
  });
  it('every split point into two deltas gives the same text', () => {
    for (let i = 1; i < ANSWER.length; i++) {
      expect(stream([ANSWER.slice(0, i), ANSWER.slice(i)]).text, `split at ${i}`).toBe(RENUMBERED);
    }
  });
  it('one character per delta', () => {
    expect(stream([...ANSWER])).toEqual({ text: RENUMBERED, cited: [2, 3, 1] });
  });
  it('random word-sized deltas', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 50; round++) {
      const pieces: string[] = [];
      for (let i = 0; i < ANSWER.length; ) {
        const n = 1 + Math.floor(rand() * 8);
        pieces.push(ANSWER.slice(i, i + n));
        i += n;
      }
      expect(stream(pieces).text).toBe(RENUMBERED);
    }
  });
  it('an open code span is held until it closes, then released verbatim', () => {
    const r = createCitationRenumberer(lookup);
    expect(r.push('See `rows[').text).toBe('See ');
    expect(r.push('2]').text).toBe('');
    expect(r.push('` now [3]').text).toBe('`rows[2]` now');
    expect(r.flush().text).toBe(' [1]');
  });
  it('an unmatched backtick is literal once its paragraph ends', () => {
    expect(stream(['It costs 5` [3', '].\n\nNext [1].']).text).toBe('It costs 5` [1].\n\nNext [2].');
  });
});
