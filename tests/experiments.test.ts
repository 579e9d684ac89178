/**
 * Experiment assignment is sticky (same visitor → same arm on every call) and balanced (10,000
 * synthetic visitors: each arm within ±2 points of its share at 50%, ±1.5 at 10%); the variant
 * knobs are validated and resolved over production's values.
 */
import { describe, expect, it } from 'vitest';
import { assignArm, assignmentBucket } from '@/lib/experiments/assign';
import { describeVariant, parseStoredVariantConfig, PRODUCTION_CONFIG, resolveTurnConfig, variantConfigSchema } from '@/lib/experiments/config';
import { LEG_WEIGHTS, RRF_K } from '@/lib/search/fusion';
import { SEARCH_TOOL_LIMIT } from '@/lib/assistant/tools/search-help-center';
import { experimentFormSchema } from '@/app/(admin)/admin/experiments/schema';

const visitors = Array.from({ length: 10_000 }, (_, i) => `visitor-${i.toString(36)}-${(i * 7919) % 10007}`);

describe('assignment', () => {
  it('is sticky: the same visitor gets the same arm every time', () => {
    for (const v of visitors.slice(0, 500)) {
      const first = assignArm({ experimentId: 7, visitorId: v, trafficShare: 0.5 });
      for (let k = 0; k < 3; k++) expect(assignArm({ experimentId: 7, visitorId: v, trafficShare: 0.5 })).toBe(first);
    }
    expect(assignmentBucket(7, 'abc')).toBe(assignmentBucket(7, 'abc'));
  });

  it.each([
    [0.5, 0.02],
    [0.1, 0.015],
  ])('is balanced at share %f (10,000 visitors, within ±%f)', (share, tolerance) => {
    for (const experimentId of [1, 2, 3]) {
      const inVariant = visitors.filter((v) => assignArm({ experimentId, visitorId: v, trafficShare: share }) === 'variant').length;
      expect(Math.abs(inVariant / visitors.length - share)).toBeLessThanOrEqual(tolerance);
      const inControl = visitors.length - inVariant;
      expect(Math.abs(inControl / visitors.length - (1 - share))).toBeLessThanOrEqual(tolerance);
    }
  });

  it('reshuffles per experiment, and a visitor in the 10% variant is also in the 50% one (buckets nest)', () => {
    const a = visitors.map((v) => assignArm({ experimentId: 1, visitorId: v, trafficShare: 0.5 }));
    const b = visitors.map((v) => assignArm({ experimentId: 2, visitorId: v, trafficShare: 0.5 }));
    const same = a.filter((x, i) => x === b[i]).length / visitors.length;
    expect(Math.abs(same - 0.5)).toBeLessThan(0.03);
    for (const v of visitors.slice(0, 2000)) {
      if (assignArm({ experimentId: 4, visitorId: v, trafficShare: 0.1 }) === 'variant') expect(assignArm({ experimentId: 4, visitorId: v, trafficShare: 0.5 })).toBe('variant');
    }
    expect(visitors.every((v) => assignArm({ experimentId: 9, visitorId: v, trafficShare: 0 }) === 'control')).toBe(true);
    expect(visitors.every((v) => assignArm({ experimentId: 9, visitorId: v, trafficShare: 1 }) === 'variant')).toBe(true);
    for (const v of visitors.slice(0, 100)) {
      const x = assignmentBucket(9, v);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});

describe('variant config', () => {
  it('production values are the ones the search uses', () => {
    expect(PRODUCTION_CONFIG.rrfK).toBe(RRF_K);
    expect(PRODUCTION_CONFIG.weights).toEqual(LEG_WEIGHTS);
    expect(PRODUCTION_CONFIG.searchLimit).toBe(SEARCH_TOOL_LIMIT);
  });

  it('resolves overrides over production and refuses unknown or out-of-range knobs', () => {
    expect(resolveTurnConfig(null)).toEqual({ rrfK: 5, weights: { keyword: 1, typo: 1, semantic: 0.4 }, searchLimit: 4 });
    expect(resolveTurnConfig({ rrfK: 20, weights: { semantic: 0.8 } })).toEqual({ rrfK: 20, weights: { keyword: 1, typo: 1, semantic: 0.8 }, searchLimit: 4 });
    expect(variantConfigSchema.safeParse({ rrfK: 0 }).success).toBe(false);
    expect(variantConfigSchema.safeParse({ rrfK: 2.5 }).success).toBe(false);
    expect(variantConfigSchema.safeParse({ weights: { semantic: 3 } }).success).toBe(false);
    expect(variantConfigSchema.safeParse({ model: 'gpt' }).success).toBe(false);
    expect(parseStoredVariantConfig({ searchLimit: 99 })).toBeNull();
    expect(parseStoredVariantConfig({ searchLimit: 6 })).toEqual({ searchLimit: 6 });
    expect(describeVariant({ rrfK: 10, weights: { semantic: 0.8 } })).toBe('RRF k 10 · semantic weight 0.8');
    expect(describeVariant(null)).toBe('production');
  });

  it('the admin form turns text fields into a config, blank = production, with errors per field', () => {
    const ok = experimentFormSchema.safeParse({ name: ' Semantic up ', description: '', share: '20', rrfK: '', keyword: '', typo: '', semantic: '0.8', searchLimit: '6' });
    expect(ok.success && ok.data).toEqual({ name: 'Semantic up', description: '', trafficShare: 0.2, config: { weights: { semantic: 0.8 }, searchLimit: 6 } });
    const nothing = experimentFormSchema.safeParse({ name: 'x', share: '50', rrfK: '', keyword: '', typo: '', semantic: '', searchLimit: '' });
    expect(nothing.success).toBe(false);
    expect(nothing.error?.issues[0].message).toMatch(/at least one setting/);
    const bad = experimentFormSchema.safeParse({ name: '', share: '100', rrfK: 'abc', semantic: '5' });
    const paths = bad.error?.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(['name', 'share', 'rrfK', 'semantic']));
  });
});
