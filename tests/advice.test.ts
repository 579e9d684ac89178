import { describe, expect, it } from 'vitest';
import { asksForInvestmentAdvice, asksForTaxOrLegalAdvice } from '@/lib/assistant/advice';

/** Expects `check` to give `want` for every message, naming the one that does not. */
function expectEach(check: (message: string) => boolean, messages: string[], want: boolean) {
  for (const q of messages) expect(check(q), q).toBe(want);
}

describe('asksForInvestmentAdvice', () => {
  it('reads a price prediction or a trading decision as a request for investment advice', () => {
    expectEach(
      asksForInvestmentAdvice,
      [
        'is bitcoin gonna go up this year? hold or sell',
        'is now a good time to buy bitcoin',
        'do you think bitcoin will go up',
        'will BTC crash?',
        "what's your price prediction for next year",
        'should i buy more btc',
        'is crypto a good investment',
        'thinking of investing in bitcoin, smart?',
      ],
      true,
    );
  });
  it('leaves questions about running a business on bitcoin and about prices the merchant sets alone', () => {
    expectEach(
      asksForInvestmentAdvice,
      [
        'what happens if bitcoin goes down before the invoice is paid?',
        'what happens if the btc price drops before the invoice is paid',
        'will the price go up for existing subscribers',
        'can I hold payouts until the end of the month',
        'how do I accept bitcoin in my shop',
        'can i convert the bitcoin i receive into euros',
      ],
      false,
    );
  });
});

describe('asksForTaxOrLegalAdvice', () => {
  it('reads what the user owes, sets aside, must do by law or how to book a sale as a request for tax or legal advice', () => {
    expectEach(
      asksForTaxOrLegalAdvice,
      [
        'made about 40k this year as a sole trader. how much should i put aside for income tax?',
        'am i legally required to collect sales tax on orders shipping to other states?',
        'if i sell the btc next year do i owe capital gains on that? how should i book it?',
        'should I keep the btc I receive or sell it for dollars, which is better for taxes?',
        'how much tax do i owe on my sales',
        'is the subscription tax deductible',
      ],
      true,
    );
  });
  it('leaves questions about what the product does about tax alone', () => {
    expectEach(
      asksForTaxOrLegalAdvice,
      [
        'Does Polar take care of sales tax for me?',
        'does it automatically add sales tax or VAT to invoices based on where the buyer lives?',
        'how do I set up tax rates for the EU',
        'can i show prices with tax included',
        'how do i book a demo',
        'where do I download the invoice for my records',
      ],
      false,
    );
  });
});
