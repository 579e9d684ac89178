/** Reciprocal rank fusion (lib/search/fusion.ts): pure, so tested on hand-made rankings. */
import { describe, expect, it } from 'vitest';
import { bestChunkPerArticle, reciprocalRankFusion, RRF_K, LEG_WEIGHTS } from '@/lib/search/fusion';

describe('best chunk per article', () => {
  it('ranks articles by their first chunk and keeps that chunk', () => {
    const m = bestChunkPerArticle([
      { chunkId: 11, articleId: 1, score: 9 },
      { chunkId: 21, articleId: 2, score: 8 },
      { chunkId: 12, articleId: 1, score: 7 },
      { chunkId: 31, articleId: 3, score: 6 },
    ]);
    expect([...m.entries()]).toEqual([
      [1, { rank: 1, chunkId: 11, score: 9 }],
      [2, { rank: 2, chunkId: 21, score: 8 }],
      [3, { rank: 3, chunkId: 31, score: 6 }],
    ]);
  });
});

describe('reciprocal rank fusion', () => {
  const rank = (ids: number[]) => bestChunkPerArticle(ids.map((id, i) => ({ chunkId: id * 10, articleId: id, score: 1 - i / 10 })));

  it('sums w / (k + rank) over the legs that found an article', () => {
    const fused = reciprocalRankFusion({ keyword: rank([1, 2]), semantic: rank([2, 3]) });
    const byId = new Map(fused.map((f) => [f.articleId, f]));
    expect(byId.get(1)?.score).toBeCloseTo(LEG_WEIGHTS.keyword / (RRF_K + 1), 12);
    expect(byId.get(2)?.score).toBeCloseTo(LEG_WEIGHTS.keyword / (RRF_K + 2) + LEG_WEIGHTS.semantic / (RRF_K + 1), 12);
    expect(byId.get(3)?.score).toBeCloseTo(LEG_WEIGHTS.semantic / (RRF_K + 2), 12);
    expect(byId.get(2)?.legs).toEqual({ keyword: 2, semantic: 1 });
    // Article 2, found by both legs, beats article 1, found first by one.
    expect(fused.map((f) => f.articleId)).toEqual([2, 1, 3]);
  });

  it('an article keeps the chunk of the first leg that found it (keyword, typo, semantic)', () => {
    const fused = reciprocalRankFusion({ semantic: bestChunkPerArticle([{ chunkId: 99, articleId: 5, score: 0.9 }]), keyword: bestChunkPerArticle([{ chunkId: 51, articleId: 5, score: 3 }]) });
    expect(fused[0].chunkId).toBe(51);
  });

  it('takes k and weights from the settings, cuts to the limit and breaks ties by article id', () => {
    const settings = { k: 0, weights: { keyword: 1, typo: 0, semantic: 1 } };
    const fused = reciprocalRankFusion({ keyword: rank([4, 7]), typo: rank([9]), semantic: rank([7, 4]) }, settings, 2);
    expect(fused).toHaveLength(2);
    // 4 and 7 both score 1/1 + 1/2: the lower id first; 9 has weight 0 and is cut by the limit.
    expect(fused.map((f) => f.articleId)).toEqual([4, 7]);
    expect(fused[0].score).toBeCloseTo(1.5, 12);
  });

  it('no legs, no results', () => {
    expect(reciprocalRankFusion({})).toEqual([]);
  });
});
