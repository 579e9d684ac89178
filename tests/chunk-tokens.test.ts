/**
 * Token counting (lib/content/chunk.ts `countTokens`): exact for text with ordinary words, and
 * bounded for runs without whitespace, which made BPE quadratic (a 262,144-character run blocked a
 * save for minutes and then overflowed the stack). The save of such a body is checked end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'gpt-tokenizer';
import { eq } from 'drizzle-orm';
import { articleChunks } from '@/db/schema';
import { countTokens } from '@/lib/content/chunk';
import { saveArticle } from '@/lib/content/save';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('countTokens', () => {
  it('is the exact cl100k count for ordinary text, code and short runs', () => {
    for (const text of ['Refunds reach the customer in 5–10 business days. '.repeat(300), 'items[0].amount = rows[2]; // 😀 𠮷', 'x'.repeat(1000)]) {
      expect(countTokens(text)).toBe(encode(text).length);
    }
  });

  it('counts a long run without whitespace in slices: within one token per 1,000 characters of the exact count', () => {
    const run = 'ab'.repeat(2500);
    const exact = encode(run).length;
    const counted = countTokens(`before ${run} after`);
    expect(counted).toBeGreaterThanOrEqual(exact);
    expect(counted).toBeLessThanOrEqual(exact + 2 + 5);
    expect(countTokens('é'.repeat(262_144))).toBeGreaterThan(0);
  });

  it('a body of one 262,144-character word saves, chunked and counted', async () => {
    const saved = await saveArticle(t.db, { title: 'One long word', body: 'é'.repeat(262_144), status: 'published' });
    const chunks = await t.db.select({ tokens: articleChunks.tokenCount }).from(articleChunks).where(eq(articleChunks.articleId, saved.id));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.reduce((a, c) => a + c.tokens, 0)).toBeGreaterThan(1000);
  }, 120_000);
});
