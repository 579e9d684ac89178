import { describe, expect, it } from 'vitest';
import { preparingMessage } from '@/components/help/Preparing';

describe('the first-start page', () => {
  it.each([
    [{ phase: 'idle', done: 0, total: 0 }, 'Setting up the database…'],
    [{ phase: 'scheduled', done: 0, total: 0 }, 'Setting up the database…'],
    [{ phase: 'migrating', done: 0, total: 0 }, 'Setting up the database…'],
    [{ phase: 'indexing', done: 1200, total: 5000 }, 'Updating the search index (1,200 of 5,000)…'],
    [{ phase: 'seeding', done: 12, total: 34 }, 'Adding the sample articles (12 of 34)…'],
    [{ phase: 'embedding', done: 0, total: 0 }, 'Preparing search by meaning…'],
  ] as const)('%j → %s', (state, text) => {
    expect(preparingMessage({ ...state })).toBe(text);
  });
});
