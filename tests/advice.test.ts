import { describe, expect, it } from 'vitest';
import { asksForInvestmentAdvice } from '@/lib/assistant/advice';

describe('asksForInvestmentAdvice', () => {
  it('reads a price prediction or a trading decision as a request for investment advice', () => {
    for (const q of [
      'is bitcoin gonna go up this year? hold or sell',
      'is now a good time to buy bitcoin',
      'do you think bitcoin will go up',
      'will BTC crash?',
      "what's your price prediction for next year",
      'should i buy more btc',
      'is crypto a good investment',
      'thinking of investing in bitcoin, smart?',
    ])
      expect(asksForInvestmentAdvice(q), q).toBe(true);
  });
  it('leaves questions about running a business on bitcoin and about prices the merchant sets alone', () => {
    for (const q of [
      'what happens if bitcoin goes down before the invoice is paid?',
      'what happens if the btc price drops before the invoice is paid',
      'will the price go up for existing subscribers',
      'can I hold payouts until the end of the month',
      'how do I accept bitcoin in my shop',
      'can i convert the bitcoin i receive into euros',
    ])
      expect(asksForInvestmentAdvice(q), q).toBe(false);
  });
});
