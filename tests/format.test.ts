import { describe, expect, it } from 'vitest';
import { cutAtWord, echoQuery, searchedPart } from '@/components/help/format';

describe('echoQuery (a query repeated back on the search page)', () => {
  it('keeps a query that fits and cuts a long one after its last whole word', () => {
    expect(echoQuery('refund a payment')).toBe('refund a payment');
    expect(echoQuery('refund '.repeat(20).trim())).toBe(`${'refund '.repeat(11).trim()}…`);
    expect([...echoQuery('refund '.repeat(20))].length).toBeLessThanOrEqual(81);
  });
  it('cuts a long word at the bound, and never inside an emoji', () => {
    expect(echoQuery('a'.repeat(200))).toBe(`${'a'.repeat(80)}…`);
    expect(echoQuery('😀'.repeat(100), 10)).toBe(`${'😀'.repeat(10)}…`);
  });
});

describe('searchedPart (what a search box searches as you type)', () => {
  it('is the trimmed text, and a pasted text longer than 500 characters its first ones after a whole word', () => {
    expect(searchedPart('  refund a payment ')).toBe('refund a payment');
    expect(searchedPart('refund '.repeat(3000))).toBe('refund '.repeat(71).trimEnd());
    expect(searchedPart('   ')).toBe('');
  });
});

describe('cutAtWord (the searched part of a long /search query)', () => {
  it('keeps a text that fits, cuts after a whole word, keeps a head that ends at a space whole', () => {
    expect(cutAtWord('refund a payment', 500)).toBe('refund a payment');
    // 'refund ' × 80 + 'payout': the 500th character is inside "refund", so the cut is after the 71st.
    expect(cutAtWord(`${'refund '.repeat(80)}payout`, 500)).toBe('refund '.repeat(71).trimEnd());
    expect(cutAtWord('abc def', 3)).toBe('abc');
    expect(cutAtWord('x'.repeat(600), 500)).toBe('x'.repeat(500));
  });
});
