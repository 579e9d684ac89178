import { describe, expect, it } from 'vitest';
import { parseDataset } from '@/lib/evals/dataset';
import { hitAt, ndcgAt, percentile, recallAt, reciprocalRankAt } from '@/lib/evals/metrics';

const gold = new Set(['a', 'c']);

describe('retrieval metrics', () => {
  it('hit@k', () => {
    expect(hitAt(['x', 'a'], gold, 1)).toBe(0);
    expect(hitAt(['x', 'a'], gold, 2)).toBe(1);
  });
  it('recall@k', () => {
    expect(recallAt(['a', 'x', 'c'], gold, 2)).toBe(0.5);
    expect(recallAt(['a', 'x', 'c'], gold, 3)).toBe(1);
    expect(recallAt(['a'], new Set(), 3)).toBe(0);
  });
  it('MRR@k', () => {
    expect(reciprocalRankAt(['x', 'y', 'c'], gold, 10)).toBeCloseTo(1 / 3);
    expect(reciprocalRankAt(['x', 'y', 'c'], gold, 2)).toBe(0);
  });
  it('nDCG@k with binary gains', () => {
    expect(ndcgAt(['a', 'c'], gold, 10)).toBe(1);
    // DCG = 1/log2(3) ; IDCG = 1 + 1/log2(3)
    expect(ndcgAt(['x', 'a'], gold, 10)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)));
    expect(ndcgAt(['a', 'a'], new Set(['a']), 10)).toBe(1);
  });
  it('nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('dataset parser', () => {
  it('parses JSONL and rejects bad lines with their number', () => {
    const ok = parseDataset('{"id":"1","turns":["refund"],"gold":["x"],"kind":"answerable"}\n\n');
    expect(ok).toHaveLength(1);
    expect(() => parseDataset('{"id":"1","turns":[],"gold":[],"kind":"answerable"}')).toThrow(/line 1/);
    expect(() => parseDataset('{"id":"1","turns":["a"],"gold":[],"kind":"weird"}')).toThrow(/line 1/);
    expect(() => parseDataset('nope')).toThrow(/line 1: not JSON/);
    const dup = '{"id":"1","turns":["a"],"gold":[],"kind":"unanswerable"}\n{"id":"1","turns":["a"],"gold":[],"kind":"unanswerable"}';
    expect(() => parseDataset(dup)).toThrow(/line 2: duplicate/);
  });
});
