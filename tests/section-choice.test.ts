/**
 * Which section of a retrieved article the answer quotes (sectionScore in the search tool): the
 * section whose own heading holds the question's words beats a subsection that only inherits them,
 * and a word every section of the product uses weighs little when idf weights are given.
 */
import { describe, expect, it } from 'vitest';
import { sectionScore, withoutProductNames } from '@/lib/assistant/tools/search-help-center';

const issuing = { headingPath: 'Issuing a refund', content: '1. Go to the order details page.\n2. Scroll down to the "Refunds" section.\n3. Click "Refund order".' };
const reason = { headingPath: 'Issuing a refund › Reason', content: 'Select the reason for the refund — helpful for future reference.' };
const amount = { headingPath: 'Issuing a refund › Amount', content: 'Polar automatically calculates the corresponding tax to refund.' };

describe('section choice', () => {
  it('a heading of the section itself counts more than the same words in a parent heading', () => {
    expect(sectionScore('How do I issue a refund?', issuing)).toBeGreaterThan(sectionScore('How do I issue a refund?', reason) + 0.05);
  });

  it('with idf weights, a product name found in a subsection’s text does not outweigh the section named by the question', () => {
    const q = 'How do I issue a refund in Polar?';
    // Unweighted, "polar" in the Amount text lifts it over the steps.
    expect(sectionScore(q, amount)).toBeGreaterThan(sectionScore(q, issuing));
    const idf = (w: string) => (w === 'polar' ? 0.05 : 2);
    expect(sectionScore(q, issuing, idf)).toBeGreaterThan(sectionScore(q, amount, idf) + 0.05);
  });

  it('a closing "All set!" or "Next steps" section scores 0.4 of its overlap', () => {
    const allSet = { headingPath: 'All set!', content: 'You are now fully set up. Webhooks will be relayed.' };
    const same = { headingPath: 'Webhooks relay', content: 'You are now fully set up. Webhooks will be relayed.' };
    expect(sectionScore('set up webhooks', allSet)).toBeCloseTo(0.4 * sectionScore('set up webhooks', { ...allSet, headingPath: 'Set all' }), 6);
    expect(sectionScore('set up webhooks', same)).toBeGreaterThan(sectionScore('set up webhooks', allSet));
    expect(sectionScore('the and of', issuing)).toBe(0);
  });
});

describe('product names in a question searched within a named product', () => {
  const products = [
    { slug: 'btcpay-docs', title: 'BTCPay Server' },
    { slug: 'spree-user-docs', title: 'Spree Commerce' },
    { slug: 'polar-docs', title: 'Polar' },
  ];
  it('are dropped, whole names first; nothing is left of a question that was only a name', () => {
    expect(withoutProductNames('refund order spree what about in BTCPay?', products)).toBe('refund order what about in ?');
    expect(withoutProductNames('How do I set up BTCPay Server on a VPS', products)).toBe('How do I set up on a VPS');
    expect(withoutProductNames('what about in BTCPay?', products)).toBe('');
    // Part of a longer word is not a name.
    expect(withoutProductNames('polarity of the spreeder', products)).toBe('polarity of the spreeder');
  });
});
