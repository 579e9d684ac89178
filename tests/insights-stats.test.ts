/**
 * Statistics of the insights page against published values: Wilson score intervals (Newcombe
 * 1998a, Table I, method 3), Newcombe's hybrid score interval for a difference (Newcombe 1998b,
 * Table II, method 10), the two-proportion sample size (R `power.prop.test` documentation:
 * p1 0.50, p2 0.75, power 0.90 → n = 76.7); greedy clustering, ranges and series.
 */
import { describe, expect, it } from 'vitest';
import { cosine, greedyClusters } from '@/lib/insights/cluster';
import { compareArms, MIN_DETECTABLE_DIFFERENCE } from '@/lib/insights/experiments';
import { insightsWindow, parseRangeParam } from '@/lib/insights/range';
import { overallRate, rateSeries } from '@/lib/insights/series';
import { newcombeDifference, normalQuantile, sampleSizeExact, sampleSizePerArm, wilsonInterval } from '@/lib/insights/stats';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('wilsonInterval', () => {
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i → [%f, %f] (Newcombe 1998, Table I)', (s, n, lo, hi) => {
    const w = wilsonInterval(s, n);
    expect(r4(w.lower)).toBe(lo);
    expect(r4(w.upper)).toBe(hi);
    expect(w.p).toBeCloseTo(s / n, 12);
  });

  it('has no proportion and the whole [0, 1] with no trials, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toEqual({ p: null, lower: 0, upper: 1, successes: 0, trials: 0 });
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });
});

describe('newcombeDifference', () => {
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])('%i/%i − %i/%i → [%f, %f] (Newcombe 1998, Table II, method 10)', (a, m, b, n, lo, hi) => {
    const d = newcombeDifference({ successes: a, trials: m }, { successes: b, trials: n });
    expect(r4(d.lower)).toBe(lo);
    expect(r4(d.upper)).toBe(hi);
    expect(d.diff).toBeCloseTo(a / m - b / n, 12);
  });

  it('has no difference when an arm is empty', () => {
    expect(newcombeDifference({ successes: 0, trials: 0 }, { successes: 3, trials: 5 })).toEqual({ diff: null, lower: -1, upper: 1 });
  });
});

describe('sample size', () => {
  it('matches power.prop.test (p1 .50, p2 .75, power .90 → 76.7; power .80 → 57.7)', () => {
    expect(sampleSizeExact(0.5, 0.75, 0.05, 0.9)).toBeCloseTo(76.7, 1);
    expect(sampleSizeExact(0.5, 0.75)).toBeCloseTo(57.67, 2);
    expect(sampleSizePerArm(0.5, 0.75)).toBe(58);
    expect(sampleSizePerArm(0.75, 0.5)).toBe(58);
  });

  it('is null without a difference and refuses nonsense', () => {
    expect(sampleSizePerArm(0.4, 0.4)).toBeNull();
    expect(() => sampleSizePerArm(1.2, 0.4)).toThrow(RangeError);
    expect(() => sampleSizePerArm(0.2, 0.4, { power: 1 })).toThrow(RangeError);
  });

  it('normal quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(() => normalQuantile(0)).toThrow(RangeError);
  });
});

describe('compareArms', () => {
  it('compares helpfulness and handoff rate, variant − control, with the sample size for the observed difference', () => {
    const c = compareArms([
      { arm: 'control', rated: 80, helpful: 48, conversations: 100, handedOff: 10 },
      { arm: 'variant', rated: 70, helpful: 56, conversations: 100, handedOff: 11 },
    ]);
    expect(c.helpfulness.difference.diff).toBeCloseTo(0.2, 12);
    expect(r4(c.helpfulness.difference.lower)).toBe(0.0524);
    expect(r4(c.helpfulness.difference.upper)).toBe(0.3339);
    // Observed 0.6 → 0.8: the formula at p1 0.6, p2 0.8.
    expect(c.helpfulness.neededPerArm).toBe(Math.ceil(sampleSizeExact(0.6, 0.8)));
    expect(c.helpfulness.neededPerArm).toBe(82); // [1.96·√(2·.7·.3) + 0.8416·√(.24 + .16)]² / .04 = 81.2
    // Handoffs differ by 1 point: the minimum detectable difference (5 points) is used.
    expect(c.handoffRate.detectable).toBe(MIN_DETECTABLE_DIFFERENCE);
    expect(c.handoffRate.neededPerArm).toBe(Math.ceil(sampleSizeExact(0.1, 0.15)));
    expect(c.handoffRate.control.p).toBe(0.1);
  });

  it('works with no data yet', () => {
    const c = compareArms([]);
    expect(c.helpfulness.control.p).toBeNull();
    expect(c.helpfulness.difference.diff).toBeNull();
    expect(c.helpfulness.neededPerArm).toBe(Math.ceil(sampleSizeExact(0.5, 0.55)));
  });
});

describe('greedyClusters', () => {
  it('groups by cosine to the group centre, keeps null vectors apart, largest group first', () => {
    const v = [[1, 0, 0], [0, 1, 0], [0.95, 0.05, 0], null, [0.9, 0, 0.1], [0, 0.9, 0.2], [0, 0, 1]];
    expect(greedyClusters(v, 0.9)).toEqual([[0, 2, 4], [1, 5], [3], [6]]);
    // A threshold above every similarity: all alone.
    expect(greedyClusters(v, 1.01)).toEqual([[0], [1], [2], [3], [4], [5], [6]]);
    expect(cosine([1, 0], [0, 0])).toBe(0);
  });
});

describe('range and series', () => {
  it('parses 7/30/90 and falls back to 30 for anything else', () => {
    expect(parseRangeParam({ range: '7' })).toBe(7);
    expect(parseRangeParam({ range: '90' })).toBe(90);
    expect(parseRangeParam({ range: ['90', '7'] })).toBe(90);
    for (const bad of [undefined, '', '8', '30 ', 'abc', '-7', '1e1', ['x']]) expect(parseRangeParam({ range: bad as never })).toBe(30);
  });

  it('windows: days per day up to 30, ISO weeks for 90', () => {
    const now = new Date('2026-03-04T10:00:00Z'); // a Wednesday
    const w7 = insightsWindow(7, now);
    expect(w7.since.toISOString()).toBe('2026-02-26T00:00:00.000Z');
    expect(w7.buckets).toEqual(['2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']);
    expect(w7.bucket).toBe('day');
    const w90 = insightsWindow(90, now);
    expect(w90.bucket).toBe('week');
    expect(w90.buckets[0]).toBe('2025-12-01'); // Monday of the week of 2025-12-05
    expect(w90.buckets.at(-1)).toBe('2026-03-02');
    expect(w90.buckets).toHaveLength(14);
  });

  it('fills empty buckets and sums rates', () => {
    const s = rateSeries(
      ['a', 'b', 'c'],
      [
        { bucket: 'b', hits: 1, total: 4 },
        { bucket: 'zz', hits: 9, total: 9 },
      ],
    );
    expect(s).toEqual([
      { bucket: 'a', hits: 0, total: 0, rate: null },
      { bucket: 'b', hits: 1, total: 4, rate: 0.25 },
      { bucket: 'c', hits: 0, total: 0, rate: null },
    ]);
    expect(overallRate(s)).toEqual({ hits: 1, total: 4, rate: 0.25 });
    expect(overallRate([])).toEqual({ hits: 0, total: 0, rate: null });
  });
});
