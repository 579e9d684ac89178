import { describe, expect, it } from 'vitest';
import { decideAnswer, SECOND_SOURCE_RELATIVE, type AnswerabilityModel, type RetrievedCandidate } from '@/lib/assistant/answerability';
import type { TermStats } from '@/lib/search/term-stats';

// Every query word is known to the collection, so the unknown-words gate never refuses here.
const stats: TermStats = { df: () => 3, n: () => 100, collections: () => ['polar-docs', 'spree-user-docs'] };

function candidate(rank: number, collection = 'polar-docs'): RetrievedCandidate {
  return { rank, score: 1 / rank, legs: { keyword: rank }, title: `Article ${rank}`, headingPath: '', text: 'refund an order from the order page', collection };
}

/** A model on one feature (1/rank): probability sigmoid(w·(1/rank) + b), no standardization. */
function modelOnRank(w: number, b: number, threshold = 0.2): AnswerabilityModel {
  return { features: ['inv_rank'], mean: [0], std: [1], weights: [w, b], threshold, trainedOn: {} };
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('second source', () => {
  it('is quoted when its probability is within SECOND_SOURCE_RELATIVE of the lead', () => {
    // p(rank 1) = sigmoid(0.4) ≈ 0.599, p(rank 2) = sigmoid(0.2) ≈ 0.550: ratio 0.92.
    const model = modelOnRank(0.4, 0);
    expect(sigmoid(0.2) / sigmoid(0.4)).toBeGreaterThan(SECOND_SOURCE_RELATIVE);
    const d = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, model);
    expect(d.answer).toBe(true);
    expect(d.lead).toBe(0);
    expect(d.also).toEqual([1]);
  });

  it('is left out when the lead is clearly better', () => {
    // p(rank 1) = sigmoid(3) ≈ 0.953, p(rank 2) = sigmoid(0.5) ≈ 0.622: ratio 0.65.
    const model = modelOnRank(5, -2);
    expect(sigmoid(0.5) / sigmoid(3)).toBeLessThan(SECOND_SOURCE_RELATIVE);
    const d = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, model);
    expect(d.answer).toBe(true);
    expect(d.also).toEqual([]);
  });

  it('never comes from another product, and never when the lead is refused', () => {
    const model = modelOnRank(0.4, 0);
    expect(decideAnswer('refund an order', [candidate(1), candidate(2, 'spree-user-docs')], stats, model).also).toEqual([]);
    const refused = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, modelOnRank(0.4, 0, 0.9));
    expect(refused.answer).toBe(false);
    expect(refused.also).toEqual([]);
  });
});
