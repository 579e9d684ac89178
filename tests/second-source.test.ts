import { describe, expect, it } from 'vitest';
import { decideAnswer, headingIsSynonymSaid, isReleaseNote, leavingPageUnasked, SECOND_SOURCE_RELATIVE, type AnswerabilityModel, type RetrievedCandidate } from '@/lib/assistant/answerability';
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
    const d = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, { model });
    expect(d.answer).toBe(true);
    expect(d.lead).toBe(0);
    expect(d.also).toEqual([1]);
  });

  it('is left out when the lead is clearly better', () => {
    // p(rank 1) = sigmoid(3) ≈ 0.953, p(rank 2) = sigmoid(0.5) ≈ 0.622: ratio 0.65.
    const model = modelOnRank(5, -2);
    expect(sigmoid(0.5) / sigmoid(3)).toBeLessThan(SECOND_SOURCE_RELATIVE);
    const d = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, { model });
    expect(d.answer).toBe(true);
    expect(d.also).toEqual([]);
  });

  it('never comes from another product, and never when the lead is refused', () => {
    const model = modelOnRank(0.4, 0);
    expect(decideAnswer('refund an order', [candidate(1), candidate(2, 'spree-user-docs')], stats, { model }).also).toEqual([]);
    const refused = decideAnswer('refund an order', [candidate(1), candidate(2)], stats, { model: modelOnRank(0.4, 0, 0.9) });
    expect(refused.answer).toBe(false);
    expect(refused.also).toEqual([]);
  });
});

describe('a section named by what the user said in other words', () => {
  const q = 'i dont want shoppers to be forced to make an account to buy';
  const paypal: RetrievedCandidate = { ...candidate(1, 'spree-user-docs'), title: 'Connect PayPal payments', headingPath: '' };
  const guest: RetrievedCandidate = { ...candidate(2, 'spree-user-docs'), title: 'Checkout', headingPath: 'Checkout › Guest Checkout' };

  it("is a heading of just the articles' words for a synonym phrase", () => {
    expect(headingIsSynonymSaid(q, 'Checkout › Guest Checkout')).toBe(true);
    expect(headingIsSynonymSaid(q, 'Guest Checkout Settings')).toBe(false);
    // One word is a section many articles have: Orders' "Refunds" led "can i just give back part of
    // it" over the Refunds article (dev-061).
    expect(headingIsSynonymSaid('how do i give a customer their bitcoin back', 'Orders › Refunds')).toBe(false);
    // A related entry's words are what the articles on it cover, not the thing said.
    expect(headingIsSynonymSaid('a customer was double charged', 'Refund Duplicate')).toBe(false);
    expect(headingIsSynonymSaid('can i check out without a real card', 'Sandbox Test')).toBe(true);
    expect(headingIsSynonymSaid(q, '')).toBe(false);
  });

  it("is a one-word heading whose path is one entry's words", () => {
    const va = 'hiring a VA to deal with orders and refunds. dont want them seeing payouts or my bank details. which role do i give them';
    expect(headingIsSynonymSaid(va, 'Roles › Permissions')).toBe(true);
    // One word alone, or a parent of other words, names nothing the user said.
    expect(headingIsSynonymSaid(va, 'Permissions')).toBe(false);
    expect(headingIsSynonymSaid(va, 'Settings › Permissions')).toBe(false);
    // Without the entry said (no person brought in), the path names nothing.
    expect(headingIsSynonymSaid('which permissions does an api token need', 'Roles › Permissions')).toBe(false);
  });

  it("leads, alone, while the model finds it at least half as likely; answering stays the most probable passage's call", () => {
    // p(rank 1) = sigmoid(0.4) ≈ 0.60, p(rank 2) = sigmoid(0.2) ≈ 0.55: led by PayPal before, Guest Checkout beside it.
    const d = decideAnswer(q, [paypal, guest], stats, { model: modelOnRank(0.4, 0) });
    expect(d).toMatchObject({ answer: true, lead: 1, also: [] });
    expect(d.probability).toBeCloseTo(sigmoid(0.4), 6);
    // Far less likely (≈ 0.12 against 0.50), it leads over a passage whose title and headings do not name it…
    const far = decideAnswer(q, [paypal, guest], stats, { model: modelOnRank(4, -4) });
    expect(sigmoid(-2) / sigmoid(0)).toBeLessThan(0.5);
    expect(far).toMatchObject({ answer: true, lead: 1, also: [] });
    // …but not under FAQ_ASKED_MIN (0.05): p(rank 2) = sigmoid(-3) ≈ 0.047.
    expect(decideAnswer(q, [paypal, guest], stats, { model: modelOnRank(4, -5) }).lead).toBe(0);
    // Nor over a passage whose title names it: Issue Store Credits (p ≈ 0.50) keeps the lead from
    // Customer Profiles' "Store Credits" (≈ 0.12).
    const sorry = "put $20 on a customer's account as a sorry for the late package";
    const issue: RetrievedCandidate = { ...candidate(1, 'spree-user-docs'), title: 'Issue Store Credits', headingPath: '' };
    const profiles: RetrievedCandidate = { ...candidate(2, 'spree-user-docs'), title: 'Customer Profiles', headingPath: 'Store Credits' };
    expect(headingIsSynonymSaid(sorry, profiles.headingPath)).toBe(true);
    expect(decideAnswer(sorry, [issue, profiles], stats, { model: modelOnRank(4, -4) }).lead).toBe(0);
  });

  it('answers when the model finds no passage likely enough, as an FAQ entry asked in more words does', () => {
    // Most probable 0.60 < the threshold 0.7; Guest Checkout 0.55 is over FAQ_ASKED_MIN.
    expect(decideAnswer(q, [paypal, guest], stats, { model: modelOnRank(0.4, 0, 0.7) })).toMatchObject({ answer: true, lead: 1 });
    // Without a section so named, refused.
    expect(decideAnswer(q, [paypal, { ...guest, headingPath: 'Checkout › Settings' }], stats, { model: modelOnRank(0.4, 0, 0.7) }).answer).toBe(false);
  });
});

describe('a release note', () => {
  const note: RetrievedCandidate = { ...candidate(1), title: 'Product Updates', headingPath: 'Product Updates › Pause and resume subscriptions' };
  const guide: RetrievedCandidate = { ...candidate(2), title: 'Managing subscriptions', headingPath: 'Managing subscriptions › Pause and resume' };
  const other: RetrievedCandidate = { ...candidate(3), title: 'Products', headingPath: 'Products › FAQ' };

  it('is a page titled as release notes', () => {
    for (const t of ['Product Updates', 'Changelog', 'Release Notes', "What's New", ' changelog ']) expect(isReleaseNote(t), t).toBe(true);
    for (const t of ['Managing subscriptions', 'Update BTCPay Server', 'Product Updates for Spree 5', 'Updating Stock Levels']) expect(isReleaseNote(t), t).toBe(false);
  });

  it('gives way to a guide that answers: neither lead nor second source', () => {
    // p = sigmoid(0.4/rank): 0.599, 0.550, 0.533, all over the threshold 0.2.
    const model = modelOnRank(0.4, 0);
    const d = decideAnswer('pause a subscription', [note, guide, other], stats, { model });
    expect(d.answer).toBe(true);
    expect(d.lead).toBe(1);
    expect(d.also).not.toContain(0);
    // Second to a guide, it does not join it either.
    const e = decideAnswer('pause a subscription', [guide, note], stats, { model });
    expect(e.lead).toBe(0);
    expect(e.also).toEqual([]);
  });

  it('still answers when nothing else clears the threshold', () => {
    // p(rank 1) = sigmoid(3 − 2) ≈ 0.73; p(rank 2) = sigmoid(1.5 − 2) ≈ 0.38 under the threshold 0.5.
    const model = modelOnRank(3, -2, 0.5);
    const d = decideAnswer('pause a subscription', [note, { ...guide, rank: 2 }], stats, { model });
    expect(d.answer).toBe(true);
    expect(d.lead).toBe(0);
  });
});

describe('a page on leaving the product', () => {
  const q = 'I clicked withdraw on my polar balance yesterday, how many days before the money shows up in my bank account?';
  const away: RetrievedCandidate = { ...candidate(1), title: 'Migrate Away from Polar', headingPath: 'Withdrawing your remaining balance' };
  const payouts: RetrievedCandidate = { ...candidate(2), title: 'Payouts', headingPath: 'Payout Delay' };

  it('is one titled so, asked about without a word of leaving', () => {
    expect(leavingPageUnasked(away.title, q)).toBe(true);
    expect(leavingPageUnasked(away.title, 'thinking of leaving for stripe billing. do my subscribers have to re-enter their cards?')).toBe(false);
    expect(leavingPageUnasked(away.title, 'moving to my own stripe account, what happens to my balance')).toBe(false);
    expect(leavingPageUnasked('Migrate from Shopify', q)).toBe(false);
    expect(leavingPageUnasked(payouts.title, q)).toBe(false);
  });

  it('gives way to a passage that clears the threshold, and answers alone otherwise', () => {
    // p = sigmoid(0.4/rank): 0.60 and 0.55, both over 0.2.
    expect(decideAnswer(q, [away, payouts], stats, { model: modelOnRank(0.4, 0) }).lead).toBe(1);
    expect(decideAnswer('how do i move my customers to another provider?', [away, payouts], stats, { model: modelOnRank(0.4, 0) }).lead).toBe(0);
    // Nothing else over the threshold (0.55 < 0.58): it still answers.
    expect(decideAnswer(q, [away, payouts], stats, { model: modelOnRank(0.4, 0, 0.58) })).toMatchObject({ answer: true, lead: 0 });
  });
});
