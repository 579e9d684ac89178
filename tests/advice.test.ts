import { describe, expect, it } from 'vitest';
import { asksForInvestmentAdvice, asksForTaxOrLegalAdvice } from '@/lib/assistant/advice';

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

describe('asksForTaxOrLegalAdvice', () => {
  it('reads what the user owes, sets aside, must do by law or how to book a sale as a request for tax or legal advice', () => {
    for (const q of [
      'made about 40k this year as a sole trader. how much should i put aside for income tax?',
      'am i legally required to collect sales tax on orders shipping to other states?',
      'if i sell the btc next year do i owe capital gains on that? how should i book it?',
      'should I keep the btc I receive or sell it for dollars, which is better for taxes?',
      'how much tax do i owe on my sales',
      'is the subscription tax deductible',
    ])
      expect(asksForTaxOrLegalAdvice(q), q).toBe(true);
  });
  it('leaves questions about what the product does about tax alone', () => {
    for (const q of [
      'Does Polar take care of sales tax for me?',
      'does it automatically add sales tax or VAT to invoices based on where the buyer lives?',
      'how do I set up tax rates for the EU',
      'can i show prices with tax included',
      'how do i book a demo',
      'where do I download the invoice for my records',
    ])
      expect(asksForTaxOrLegalAdvice(q), q).toBe(false);
  });
});
