import { describe, expect, it } from 'vitest';
import { echoQuery } from '@/components/help/format';

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
