import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedIfEmpty } from '@/lib/content/sample';
import { saveArticle, setArticleStatus } from '@/lib/content/save';
import { queryWords } from '@/lib/search/query';
import { analyzeQuery } from '@/lib/search/analyze';
import { searchArticles } from '@/lib/search/hybrid';
import { keywordLeg } from '@/lib/search/legs/keyword';
import { rows } from '@/db/client';
import { sql } from 'drizzle-orm';
import { makeSnippet } from '@/lib/search/snippet';
import { expandQuery, expandQueryParts } from '@/lib/search/synonyms';
import { createTestDatabase, type TestDb } from './helpers/db';

/** The words the keyword leg analyzes, joined for readable expectations. */
const parse = (text: string) => queryWords(text).join(' | ');

describe('query parser', () => {
  it.each([
    ["what's the refund?", 'what | s | the | refund'],
    ['error:timeout', 'error | timeout'],
    ["a & b ! c ( ) < > | : * ' -", 'a | b | c'],
    ['-1', '1'],
    ['refund or cancel', 'refund | or | cancel'],
    ['re-import', 're | import'],
    ['café', 'cafe'],
    ['\u0000abc\u0000', 'abc'],
    ['it’s ‘quoted’ `tick` ´acute´ ʼmodifierʼ "double" „low“', 'it | s | quoted | tick | acute | modifier | double | low'],
    ['a:b::c', 'a | b | c'],
    ['x & y | z ! (w) <v> w:* a*', 'x | y | z | w | v | w | a'],
    ['-1 -5 --2', '1 | 5 | 2'],
    ['cats OR dogs or birds', 'cats | or | dogs | or | birds'],
    ['e-mail two-factor', 'e | mail | two | factor'],
    ['naïve Zürich façade', 'naive | zurich | facade'],
  ])('%j → %j', (input, expected) => {
    expect(parse(input)).toBe(expected);
  });
  it('leaves no word when there is none, and caps long queries at 250 words', () => {
    expect(queryWords('  !!! ::: ')).toEqual([]);
    expect(queryWords('')).toEqual([]);
    expect(queryWords('word '.repeat(300))).toHaveLength(250);
    expect(queryWords('re\u200bfund soft\u00adware')).toEqual(['refund', 'software']);
  });
  it('highlights query words in snippets', () => {
    const s = makeSnippet('You can refund a payment within 180 days. Refunds take 5–10 days.', 'refunds');
    expect(s.highlights.map(([a, b]) => s.text.slice(a, b))).toEqual(['refund', 'Refunds']);
  });
});

describe('hybrid search on the sample content', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedIfEmpty(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['How do I refund a payment?', 'refund-a-payment'],
    ['charged twice', 'customer-charged-twice'],
    ['refnud', 'refund-a-payment'],
    ['payout late', 'payout-delayed-or-failed'],
    ['lost my 2fa phone', 'two-factor-authentication'],
  ])('%j finds %s in the top 3', async (query, slug) => {
    const res = await searchArticles(t.db, { query, limit: 3 });
    expect(res.results.map((r) => r.slug)).toContain(slug);
  });

  it('never lists everything for stop words and symbols, and never throws on user text', async () => {
    expect((await searchArticles(t.db, { query: 'the and of' })).results).toEqual([]);
    expect((await searchArticles(t.db, { query: 'the and of' })).keywordEmpty).toBe(true);
    for (const q of ["' : & ! ( ) < > -", 'foo:*', '-1', 'a'.repeat(500), '\u0000', "O'Reilly's “quotes” ‘x’"]) {
      const res = await searchArticles(t.db, { query: q });
      expect(Array.isArray(res.results)).toBe(true);
    }
  });

  it('finds a saved edit at once and hides unpublished articles', async () => {
    const created = await saveArticle(t.db, {
      title: 'Zephyrine wallet pairing',
      body: '## Pair the wallet\nOpen the zephyrine app and scan the code.',
      status: 'published',
    });
    expect((await searchArticles(t.db, { query: 'zephyrine' })).results[0]?.slug).toBe(created.slug);
    const renamed = await saveArticle(t.db, { id: created.id, title: 'Quasarphone wallet pairing', body: 'Scan the code.', expectedVersion: 1 });
    expect((await searchArticles(t.db, { query: 'quasarphone' })).results[0]?.slug).toBe(created.slug);
    expect((await searchArticles(t.db, { query: 'zephyrine' })).results.map((r) => r.slug)).not.toContain(created.slug);
    await setArticleStatus(t.db, { id: created.id, status: 'draft', expectedVersion: renamed.version });
    expect((await searchArticles(t.db, { query: 'quasarphone' })).results).toEqual([]);
  });

  it('finds an accented word without the accent and with it (unaccent on both sides)', async () => {
    for (const q of ['cafe card reader', 'café card reader', 'CAFÉ']) {
      const res = await searchArticles(t.db, { query: q, limit: 3 });
      expect(
        res.results.map((r) => r.slug),
        q,
      ).toContain('accepted-payment-methods');
    }
  });

  it('offers "did you mean" for a mistyped word and not for a correct one', async () => {
    expect((await searchArticles(t.db, { query: 'payuot schedule' })).didYouMean).toBe('payout schedule');
    expect((await searchArticles(t.db, { query: 'payout schedule' })).didYouMean).toBeNull();
    // Of two corrections one edit away, the one that keeps the first letter: "alow" is "allow",
    // not "low"; "seing" is "seeing", not the more frequent "being".
    expect((await searchArticles(t.db, { query: 'alow refunds' })).didYouMean).toBe('allow refunds');
    expect((await searchArticles(t.db, { query: 'seing my payouts' })).didYouMean).toBe('seeing my payouts');
    // A word that starts differently from every indexed word is left as typed: one letter more in
    // front reads as a name ("Pinterest" was corrected to "interest"), not as a typo of "refund".
    expect((await searchArticles(t.db, { query: 'prefund requests' })).didYouMean).toBeNull();
  });

  it('matches the last word as a prefix while typing', async () => {
    const res = await searchArticles(t.db, { query: 'two-factor authenti', prefix: true, limit: 3 });
    expect(res.results.map((r) => r.slug)).toContain('two-factor-authentication');
  });

  it("keeps one posting per chunk lexeme in step with every write, the impact being that lexeme's ts_rank", async () => {
    // The edits above (create, rename, unpublish) inserted and deleted chunks.
    const [counts] = await rows<{ postings: number; lexemes: number }>(
      t.db,
      sql`select (select count(*)::int from chunk_terms) as postings, (select coalesce(sum(length(search)), 0)::int from article_chunks) as lexemes`,
    );
    expect(counts.postings).toBeGreaterThan(1000);
    expect(counts.postings).toBe(counts.lexemes);
    const [wrong] = await rows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from chunk_terms p join article_chunks c on c.id = p.chunk_id
          where abs(p.impact - ts_rank(c.search, to_tsquery('simple', p.lexeme), 1)) > 1e-6 and p.lexeme ~ '^[a-z0-9]+$'`,
    );
    expect(wrong.n).toBe(0);
  });

  it.each(['refund a payment', 'payout bank account', 'card', 'dispute evidence deadline', 'api key webhook signature'])('ranks %j exactly like scoring every matching chunk', async (query) => {
    const analysis = await analyzeQuery(t.db, { query });
    const legHits = (await keywordLeg(t.db, { query, analysis, depth: 20 })) ?? [];
    const match = analysis.terms.map((term) => `to_tsquery('simple', '${term.lexeme}')`).join(' || ');
    const score = analysis.terms.map((term) => `${term.idf} * ts_rank(c.search, to_tsquery('simple', '${term.lexeme}'), 1)`).join(' + ');
    const reference = await rows<{ id: number; score: number }>(
      t.db,
      sql.raw(`select c.id, ${score} as score from article_chunks c join articles a on a.id = c.article_id
                 where a.status = 'published' and c.search @@ (${match}) order by score desc, c.id limit 20`),
    );
    expect(legHits.length).toBe(reference.length);
    expect(legHits.length).toBeGreaterThan(0);
    legHits.forEach((h, i) => {
      expect(h.score).toBeCloseTo(Number(reference[i].score), 4);
    });
    // Same chunks in the same order, up to ties in score.
    expect(new Set(legHits.slice(0, 10).map((h) => h.chunkId))).toEqual(new Set(reference.slice(0, 10).map((r) => Number(r.id))));
  });

  it("weighs a synonym the user said in other words as the articles' word, and a related topic's word at half", async () => {
    const full = (a: Awaited<ReturnType<typeof analyzeQuery>>, lexeme: string) => {
      const term = a.terms.find((x) => x.lexeme === lexeme);
      if (!term) throw new Error(`no term ${lexeme}`);
      return { weight: term.idf, idf: Math.log(1 + (a.n - term.df + 0.5) / (term.df + 0.5)) };
    };
    // "give … back" is a refund said another way: it weighs what "refund" typed would.
    const said = full(await analyzeQuery(t.db, { query: 'how do i give a customer their money back' }), 'refund');
    expect(said.weight).toBeCloseTo(said.idf, 6);
    const typed = await analyzeQuery(t.db, { query: 'how do i refund a customer' });
    expect(typed.terms.find((x) => x.lexeme === 'refund')?.idf).toBeCloseTo(said.weight, 6);
    // "charged twice" is a case the refund articles cover, not the word: half.
    const related = full(await analyzeQuery(t.db, { query: 'i was charged twice' }), 'refund');
    expect(related.weight).toBeCloseTo(related.idf / 2, 6);
  });

  it.each([
    ['subscripti', 'subscription-billing'],
    ['refundi', 'refund-a-payment'],
    ['payo', 'payout-schedule'],
    ['chargeba', 'disputes-and-chargebacks'],
  ])('while typing, completes %j (past where the stemmer cuts) to %s without "did you mean"', async (query, slug) => {
    const res = await searchArticles(t.db, { query, prefix: true, limit: 3 });
    expect(res.results.map((r) => r.slug)).toContain(slug);
    expect(res.didYouMean).toBeNull();
  });

  it('weighs completions of a typed word that is itself indexed at most half of it, and completes nothing after punctuation', async () => {
    const typing = await analyzeQuery(t.db, { query: 'refund pay', prefix: true });
    const prefixTerms = typing.terms.filter((term) => term.group === ' prefix');
    const own = prefixTerms.find((term) => term.lexeme === 'pay');
    const longer = prefixTerms.filter((term) => term.lexeme !== 'pay');
    expect(own?.idf).toBeGreaterThan(0);
    expect(longer.map((term) => term.lexeme)).toEqual(expect.arrayContaining(['payment', 'payout']));
    for (const term of longer) expect(term.idf).toBeLessThanOrEqual(0.5 * own!.idf + 1e-9);
    // Not indexed as typed ("payo"): its completions stand in for it at their own weight.
    const partial = await analyzeQuery(t.db, { query: 'refund payo', prefix: true });
    expect(partial.terms.find((term) => term.lexeme === 'payout')!.idf).toBeGreaterThan(0.5 * own!.idf);
    const asked = await analyzeQuery(t.db, { query: 'can i refund a pay?', prefix: true });
    expect(asked.completions).toEqual([]);
    expect(asked.terms.map((term) => term.lexeme)).toEqual(expect.arrayContaining(['refund', 'pay']));
  });

  it.each(['foo', 'qwerty', 'banana'])('lists nothing for %j, which no article is about (semantic leg alone must be sure)', async (query) => {
    const res = await searchArticles(t.db, { query });
    expect(res.results).toEqual([]);
    expect(res.keywordEmpty).toBe(false);
  });

  it('still finds a paraphrase through the semantic leg', async () => {
    const res = await searchArticles(t.db, { query: 'give my money back', limit: 3 });
    expect(res.results[0]?.legs.semantic).toBeDefined();
    expect(res.results.map((r) => r.slug)).toContain('refund-a-payment');
  });

  it.each(['refund a customer', 'dispute a payment', 'payout bank account'])('ranks %j while typing like the finished query (completions of the last word count once)', async (query) => {
    const typing = await searchArticles(t.db, { query, prefix: true, limit: 3 });
    const done = await searchArticles(t.db, { query, limit: 3 });
    expect(typing.results.map((r) => r.slug)[0]).toBe(done.results.map((r) => r.slug)[0]);
  });

  it.each([
    ['custmer', 'customer'],
    ['paymnet', 'payment'],
  ])('while typing, still corrects a mistyped last word: %j → %j', async (query, fixed) => {
    expect((await searchArticles(t.db, { query, prefix: true })).didYouMean).toBe(fixed);
  });

  it('while typing, "did you mean" shows the word still being typed completed, not cut off', async () => {
    // "cancle" is a typo; "subscr" is the start of a word the articles use.
    const res = await searchArticles(t.db, { query: 'how do i cancle my subscr', prefix: true });
    expect(res.didYouMean).toBe('how do i cancel my subscription');
    // A finished last word stays as typed, and without prefix nothing is completed.
    expect((await searchArticles(t.db, { query: 'cancle my subscription', prefix: true })).didYouMean).toBe('cancel my subscription');
    expect((await searchArticles(t.db, { query: 'how do i cancle my subscr' })).didYouMean).toBe('how do i cancel my subscr');
  });

  it('while typing, a last word of one letter is not searched yet', async () => {
    expect((await searchArticles(t.db, { query: 'how to r', prefix: true })).keywordEmpty).toBe(true);
    expect((await searchArticles(t.db, { query: 'r', prefix: true })).results).toEqual([]);
  });

  it('highlights the corrected word of a typo', async () => {
    const res = await searchArticles(t.db, { query: 'refnud', limit: 3 });
    expect(res.didYouMean).toBe('refund');
    const top = res.results[0];
    expect(top.highlights.length).toBeGreaterThan(0);
    expect(top.highlights.map(([a, b]) => top.snippet.slice(a, b).toLowerCase())).toContain('refund');
  });

  it('takes the snippet from a chunk whose text has the query word, not one that only shares the title', async () => {
    for (const query of ['payout', 'dispute', 'refund']) {
      const res = await searchArticles(t.db, { query, limit: 5 });
      for (const r of res.results) expect(r.highlights.length, `${query} → ${r.slug}#${r.anchor}`).toBeGreaterThan(0);
    }
  });

  it('keeps the telling words of a long question (common words go first)', async () => {
    const question =
      'i have been trying for days to understand what is going on with my account and the dashboard keeps showing me an error ' +
      'and nobody answers my emails so how do i get a refund for the payment';
    const res = await searchArticles(t.db, { query: question, limit: 5 });
    expect(res.results.map((r) => r.slug)).toContain('refund-a-payment');
  });

  it("reads users' phrasings as the articles' words ('promo code' → discount, 'cert' → certificate, 'duplicated' → clone), not where they mean something else ('turn off', 'ran out of')", () => {
    expect(expandQuery('turn off notifications')).not.toContain('discount');
    expect(expandQuery('where do i enter a promo code')).toContain('discount');
    expect(expandQuery('give new signups 50% off')).toContain('discount');
    expect(expandQuery('cut off after 3 failed payments')).not.toContain('discount');
    // What a product charges is its fees ("How much does Polar charge per sale?", name left out); how long something takes is not.
    expect(expandQuery('how much does charge per sale')).toContain('fees');
    expect(expandQuery('how much do you guys charge per transaction')).toContain('fees');
    expect(expandQuery('how much will it take to get my payout')).not.toContain('fees');
    // An API's 429 and how many requests are allowed are its rate limits; how many orders a customer placed is not.
    expect(expandQuery('our nightly sync dies with 429 errors')).toEqual(expect.arrayContaining(['rate', 'limits']));
    expect(expandQuery('how many requests are we actually allowed')).toEqual(expect.arrayContaining(['rate', 'limits']));
    expect(expandQuery('how many api calls can we make per minute')).toContain('limits');
    expect(expandQuery('how many orders did she place last month')).not.toContain('limits');
    expect(expandQuery('is the $429 plan worth it')).not.toContain('limits');
    // The platform's cut is its fees; cutting a subscriber off is not.
    expect(expandQuery('what cut do you take')).toContain('fees');
    expect(expandQuery('how do i actually cut him off')).not.toContain('fees');
    // Where a seller is based asks about supported countries; a price based on usage does not.
    expect(expandQuery('im based in nigeria, can i get paid')).toEqual(expect.arrayContaining(['supported', 'countries', 'payout']));
    expect(expandQuery('usage based pricing, billed based on seats')).not.toContain('countries');
    expect(expandQuery('is the fee based in the same currency')).not.toContain('countries');
    expect(expandQuery('can they keep access for a few days before getting cut off')).not.toContain('fees');
    // Changing something is updating it (the verb, with its object), not coins.
    expect(expandQuery('How do I change the stock quantity of a product?')).toContain('update');
    expect(expandQuery('add a round up option so people can donate their change')).not.toContain('update');
    expect(expandQuery('spare change for charity')).not.toContain('update');
    // Something sold out is out of stock, and selling it anyway a backorder.
    expect(expandQuery("can people still order stuff that's sold out?")).toEqual(['stock', 'backorder']);
    // Abbreviations read as the articles' words; a certificate "runs out" (expires), credits run out of supply.
    expect(expandQuery('add my cofounder to our polar org')).toContain('organization');
    expect(expandQuery('the ssl cert expired')).toContain('certificate');
    expect(expandQuery('paid into my US bank acct')).toContain('account');
    expect(expandQuery('looks like the https cert ran out')).toContain('expiration');
    expect(expandQuery('customer ran out of credits')).not.toContain('expiration');
    // A buyer's own amount, something switched off and back on, a copy, a file brought in (not an export).
    expect(expandQuery('people type in whatever amount they want to tip')).toContain('custom');
    expect(expandQuery('my webhook endpoint got switched off')).toContain('disable');
    expect(expandQuery('how do i turn it back on')).toContain('enable');
    expect(expandQuery('duplicated a product and the copy says 0 in stock')).toContain('clone');
    expect(expandQuery('can i upload my products from a spreadsheet')).toEqual(['import']);
    expect(expandQuery('i put all our products in with a csv last week')).toEqual(['import']);
    expect(expandQuery('i have like 800 products in a spreadsheet. is there a way to upload them all at once')).toEqual(['import']);
    expect(expandQuery('I want people to be able to try my app free for 2 weeks')).toContain('trial');
    expect(expandQuery('customers try to get free shipping')).not.toContain('trial');
    expect(expandQuery("a subscriber's card got declined at renewal")).toEqual(['failed', 'payment']);
    expect(expandQuery('my account review was declined')).toEqual([]);
    // A fresh trial's phrasings: a paused thing that starts again, a field made mandatory, a gift card
    // sent as a sorry, a wrong address with a word between, shops that buy from the store, an email
    // whenever someone pays, payments a wallet does not show, a timer made longer.
    expect(expandQuery('and when it starts again are they charged right away?')).toEqual(['resume']);
    expect(expandQuery('can i make it mandatory?')).toEqual(['required']);
    expect(expandQuery('I want to send her a $25 gift card to say sorry')).toEqual(expect.arrayContaining(['issue']));
    expect(expandQuery('how do i redeem a gift card')).not.toContain('issue');
    expect(expandQuery('customer put the wrong shipping address on his order')).toEqual(expect.arrayContaining(['edit']));
    expect(expandQuery('a few gift shops buy from us in bulk. I want those shops to see lower prices than regular customers')).toEqual(expect.arrayContaining(['wholesale', 'customer', 'group']));
    expect(expandQuery('how do i get an email whenever someone pays')).toEqual(expect.arrayContaining(['rules', 'settled']));
    expect(expandQuery('email me when an invoice gets paid')).not.toContain('rules');
    expect(expandQuery('how do i get an email with my password')).not.toContain('rules');
    expect(expandQuery('my electrum wallet doesnt show all the payments btcpay says i received')).toEqual(expect.arrayContaining(['missing', 'gap', 'limit']));
    expect(expandQuery('can i make the invoice timer longer')).toEqual(['customizable', 'configurable', 'adjustable']);
    expect(expandQuery('can i make the logo bigger')).toEqual([]);
    expect(expandQuery("we've got 2 warehouses (LA and new jersey). how do i move 40 hoodies from LA over to the NJ one")).toEqual(expect.arrayContaining(['stock', 'transfer']));
    expect(expandQuery('my accountant wants a spreadsheet')).toEqual(expect.arrayContaining(['report', 'export']));
    expect(expandQuery('how do i make people create an account before they can buy')).toEqual(['guest', 'checkout']);
    expect(expandQuery('Is there a test mode?')).toContain('sandbox');
    expect(expandQuery('run through checkout without putting in my real card')).toContain('sandbox');
    expect(expandQuery('both want to sign off before anything leaves the wallet')).toContain('multisig');
    expect(expandQuery('take bitcoin at the counter')).toContain('pos');
    expect(expandQuery('dont want my page showing up on google')).toEqual(['search', 'engine', 'indexing']);
    expect(expandQuery('can customers pay with monero')).toContain('altcoin');
    expect(expandQuery('need buyers to tick a box agreeing to my terms')).toContain('custom');
    expect(expandQuery("removed someone from a customer's team plan")).toContain('seats');
    // "one use per person" is a usage limit, not a seat.
    expect(expandQuery('one use per person')).not.toContain('seats');
    expect(expandQuery('if i raise my price will my subscribers pay more')).toContain('change');
    expect(expandQuery('i want an email to my inbox every time somebody buys')).toContain('notifications');
    expect(expandQuery('after they pay i want them sent back to my website')).toContain('redirect');
    // …a redirect said another way; the success URL is what the articles on it cover.
    expect(expandQueryParts('after they pay i want them sent back to my website')).toEqual({ same: ['redirect'], related: ['success', 'url'] });
    // A phone app is a mobile app; a phone number is not.
    expect(expandQueryParts('is there a phone app?').same).toEqual(['mobile']);
    // A country named where the question asks whether the product works there; not "New Jersey", a
    // state, nor a country whose buyers or laws are asked about.
    expect(expandQueryParts('kenya, stripe doesnt work there').related).toEqual(['supported', 'countries']);
    expect(expandQueryParts('can sellers in pakistan use polar').related).toEqual(['supported', 'countries']);
    expect(expandQueryParts("we're in côte d'ivoire, can we get payouts?").related).toEqual(['supported', 'countries']);
    for (const q of ['we sell from our new jersey warehouse', 'my uk customers should see prices with vat already included', 'is it legal to accept bitcoin for my business in nigeria']) {
      expect(expandQueryParts(q).related).not.toContain('countries');
    }
    // A receiving server that was down, or events sent again, is a delivery retry; a site that is down is not.
    expect(expandQueryParts('my webhook server was down for a few hours').same).toEqual(['delivery', 'retries']);
    expect(expandQueryParts('will polar resend the webhooks?').same).toEqual(['delivery', 'retries']);
    expect(expandQueryParts('the site is down').same).toEqual([]);
    // Several sizes or colours are variants; one size swapped for another is an exchange.
    expect(expandQueryParts('how do i sell a tshirt in different sizes and colours').same).toContain('variants');
    expect(expandQueryParts('a customer wants to swap her shirt for a different size').same).not.toContain('variants');
    // A page in the seller's own logo or colours is branded; a brand new store is not.
    expect(expandQueryParts('can i put my own logo and colours on that page').same).toEqual(expect.arrayContaining(['branded', 'customize', 'look', 'feel']));
    expect(expandQueryParts('i just opened a brand new store').same).toEqual([]);
    // What a person the seller brings in may not see is a role's permissions; what a customer or an
    // accountant wants to see is not.
    expect(expandQueryParts('want my assistant to handle orders but NOT see payouts').same).toEqual(expect.arrayContaining(['permissions', 'roles']));
    expect(expandQueryParts('how do i let my cofounder see payouts').same).toEqual(expect.arrayContaining(['permissions', 'roles']));
    expect(expandQueryParts("my customer can't see the download").same).toEqual([]);
    expect(expandQueryParts('my accountant wants to see every payment').same).toEqual([]);
    // …and only a whole word names the person: "java" holds no VA, "outlet" no "let".
    expect(expandQueryParts('my java app cant access the api').same).toEqual([]);
    expect(expandQueryParts('the outlet staff see nothing').same).toEqual([]);
    // A hired assistant is a team member, as "my assistant" is.
    expect(expandQueryParts('hiring a part time assistant').same).toEqual(['users', 'members']);
    // The buyer's bitcoin back is a refund; sent back to the seller's website is a redirect.
    expect(expandQueryParts('customer returned the item and wants their bitcoin back').same).toEqual(['refund']);
    expect(expandQueryParts('send the payment back to my website').same).not.toContain('refund');
    // An ebook is a digital product.
    expect(expandQueryParts('i sell ebooks').same).toEqual(['digital']);
    // A code each person may use once has a per-customer limit.
    expect(expandQueryParts('can i make a discount code that each person can only use once').same).toEqual(['promotion', 'per', 'customer', 'limit']);
    expect(expandQuery('what is your phone number')).not.toContain('mobile');
    // No charge for delivery is free shipping; the charge itself is shipping only.
    expect(expandQueryParts('no delivery charge if they spend over $75').same).toEqual(['shipping', 'free']);
    expect(expandQuery('how much is the delivery charge')).toEqual(['shipping']);
    // A storefront's gateways are its payment methods.
    expect(expandQuery('which payment gateways does spree support')).toEqual(['methods']);
    // A cofounder or an assistant added is a team member, as staff are.
    expect(expandQueryParts('how do i add my cofounder to the dashboard').same).toEqual(['users', 'members']);
    expect(expandQueryParts('i want to give my co-founder access').same).toEqual(['users', 'members']);
    // A stall at a market takes payments in person: a point of sale.
    expect(expandQuery('i sell at a market stall')).toEqual(['point', 'of', 'sale', 'pos']);
    // Bitcoin turned into euros is a fiat conversion; prices shown in euros are not.
    expect(expandQueryParts('can i turn the bitcoin i receive into euros automatically?').same).toEqual(expect.arrayContaining(['fiat', 'conversion']));
    expect(expandQuery('can i change my prices to euros')).not.toContain('fiat');
    // Software hooked up is an integration (a related word: "hook up mailchimp" is no Klaviyo).
    expect(expandQueryParts('can i hook btcpay up to my woocommerce shop?')).toEqual({ same: [], related: ['integration'] });
    // The time zone, as settings write it.
    expect(expandQueryParts('how do i set the time zone').same).toEqual(['timezone']);
    // A subscription stopped for a while is paused; a payout held for review is not.
    expect(expandQueryParts('can my subscribers take a break for a couple months instead of cancelling').same).toEqual(['pause']);
    expect(expandQueryParts('can a customer put their subscription on hold?').same).toEqual(['pause']);
    expect(expandQuery('i need to freeze my membership for the summer')).toContain('pause');
    expect(expandQuery('my payouts are on hold')).not.toContain('pause');
    expect(expandQuery('i have been waiting for a while')).not.toContain('pause');
    // A checkout tried without charging a card is the sandbox.
    expect(expandQueryParts('how can i test the checkout without actually charging my card').same).toEqual(['sandbox']);
    expect(expandQuery('can i pay without a card')).not.toContain('sandbox');
    // Software told of a purchase gets a webhook; a person is sent a notification.
    expect(expandQueryParts('my app needs to know when someone buys').same).toEqual(['webhook', 'webhooks']);
    expect(expandQuery('email me when someone buys')).not.toContain('webhook');
    // Goods moved from one stock location to another are a stock transfer; a store moved off a platform is not.
    expect(expandQueryParts('move like 20 hoodies from the warehouse to our shop location').same).toEqual(['stock', 'transfer']);
    expect(expandQuery('i want to move my store from shopify')).not.toContain('transfer');
    // …to or from a second one just opened, named before the move.
    const texas = 'we just opened a second warehouse in Texas and need to move 40 of our hoodies there from the main one. how do i record that?';
    expect(expandQueryParts(texas).same).toEqual(expect.arrayContaining(['stock', 'transfer']));
    expect(expandQuery('we opened a new location and moved to a bigger office')).not.toContain('transfer');
    // An HTTPS certificate that ran out is renewed; an invoice that expired is not a certificate.
    expect(expandQueryParts('looks like the https cert ran out').same).toEqual(expect.arrayContaining(['renew', 'ssl', 'certificate']));
    expect(expandQuery('my invoice expired before they paid')).not.toContain('renew');
    expect(expandQuery('we ran out of credits')).not.toContain('certificate');
    // Shipping an order from a warehouse is no stock transfer.
    expect(expandQuery('can i ship orders from our second warehouse')).not.toContain('transfer');
    // A sync still going after days takes long (the FAQ's "takes forever to synchronize"); a payout days late does not sync.
    expect(expandQueryParts('server has been syncing for 4 days now is that normal').same).toEqual(expect.arrayContaining(['takes', 'forever', 'synchronize']));
    expect(expandQueryParts('node sync is so slow').same).toEqual(expect.arrayContaining(['forever']));
    expect(expandQuery('my payout has been pending for 4 days')).not.toContain('forever');
    expect(expandQuery('how do i sync my products')).not.toContain('forever');
    // Checking that webhooks are not faked is validating them; a fake card is the sandbox's.
    expect(expandQueryParts('how do i check webhooks are actually from you and not someone faking them').same).toEqual(['validate']);
    expect(expandQuery('can i pay with a fake card')).not.toContain('validate');
    // Free shipping above an order total is a storefront promotion; free shipping alone is not.
    expect(expandQueryParts('free shipping for orders over $50').same).toEqual(expect.arrayContaining(['promotion']));
    expect(expandQuery('do you offer free shipping')).not.toContain('promotion');
    // Raising money toward a goal is crowdfunding, the same thing in other words; raising a price is not.
    expect(expandQueryParts('want to raise money for our community garden with a goal bar').same).toEqual(['crowdfunding', 'crowdfund']);
    expect(expandQuery('can i raise my prices')).not.toContain('crowdfunding');
    // An amount towards a buyer's next order, kept on their account, is store credit.
    expect(expandQueryParts('i want to give the customer $15 towards her next order. not a public coupon, just on her account').same).toEqual(expect.arrayContaining(['store', 'credit']));
    expect(expandQueryParts('want to give a loyal customer $20 to spend next time. not a coupon, just money sitting on their account').same).toEqual(expect.arrayContaining(['store', 'credit']));
    expect(expandQuery('can customers see past orders on their account')).not.toContain('credit');
    expect(expandQuery('can customers see past orders on their account page')).not.toContain('credit');
    // Money going back to the buyer is a refund.
    expect(expandQueryParts('does the money go back to their card on its own?').same).toEqual(['refund']);
    expect(expandQuery('can i go back to the money page')).not.toContain('refund');
    // What the platform takes of each sale is its fee; how long something takes is not.
    expect(expandQueryParts('what % does polar take on each sale?').same).toEqual(['fees']);
    expect(expandQueryParts('how much does stripe keep from every payment').same).toEqual(['fees']);
    expect(expandQuery('how long does a payout take')).not.toContain('fees');
    expect(expandQuery('what steps does it take to set up an order')).not.toContain('fees');
    // Starting a return for a buyer is creating a return authorization; a return address or policy is not.
    expect(expandQueryParts('a customer wants to send an item back, how do i start a return for them?').same).toEqual(expect.arrayContaining(['create', 'authorization']));
    expect(expandQueryParts('can i open a return request from the order page').same).toEqual(expect.arrayContaining(['authorization']));
    expect(expandQuery('where do i set the return address')).not.toContain('authorization');
    expect(expandQuery('can i make a return policy page')).not.toContain('authorization');
    // A plan moved to another billing interval is prorated.
    expect(expandQuery('a customer wants to switch from monthly to yearly')).toEqual(['proration', 'prorated']);
    expect(expandQuery('can customers pay monthly or yearly')).not.toContain('proration');
    expect(expandQuery('want to pay my 5 freelancers every month')).toContain('payouts');
    expect(expandQuery('my wallet balance didnt change')).toContain('gap');
    expect(expandQuery('stripe isnt available in my country')).toEqual(['supported', 'countries']);
    expect(expandQuery('where do i see a list of my customers')).toEqual(['customer', 'management']);
    // "send it back to them" is money going back (a refund), not goods coming back.
    expect(expandQuery('customer sent back one of the shirts')).toContain('return');
    expect(expandQuery('how do i send it back to them')).not.toContain('return');
    // Storefronts call a discount a promotion.
    expect(expandQuery('how do I create a discount code')).toContain('promotion');
    expect(expandQuery('create a new promotion')).not.toContain('promotion');
  });

  it("reads software and storefront phrasings in the articles' words", () => {
    expect(expandQuery('how do i upgrade to the newest version')).toContain('update');
    expect(expandQuery('server has been syncing for 4 days')).toContain('synchronization');
    expect(expandQuery('can checkout be in german')).toContain('localization');
    expect(expandQuery('keep ordering when we have 0 left, we restock weekly')).toContain('backorder');
    expect(expandQuery('how do I add a new product?')).toContain('create');
    expect(expandQuery('list my items on the store')).toContain('create');
    expect(expandQuery('add a line item to the order')).not.toContain('create');
    // Word boundaries: "insync" is no sync; a word the query has is not added again.
    expect(expandQuery('insync payments')).not.toContain('synchronization');
    expect(expandQuery('upgrade or update the server')).not.toContain('update');
  });

  it('reads a refund with its object in between, usage limits and mid-cycle plan changes', () => {
    expect(expandQuery('give a customer their bitcoin back')).toContain('refund');
    expect(expandQuery('how do i pay them back for just that one')).toContain('refund');
    expect(expandQuery('how do i send it back to them?')).toContain('refund');
    // A checkout page sending the buyer back to a website is no refund.
    expect(expandQuery('can it send them back to my website automatically?')).not.toContain('refund');
    expect(expandQuery('go back to the dashboard')).not.toContain('refund');
    expect(expandQuery('how do i stop someone using it more than once')).toEqual(expect.arrayContaining(['usage', 'limit']));
    expect(expandQuery('if someone switches up halfway through the month what do they get billed')).toContain('proration');
    expect(expandQuery('how long is half a month')).not.toContain('proration');
  });

  it('scopes to a collection', async () => {
    const res = await searchArticles(t.db, { query: 'refund', collection: 'no-such-collection' });
    expect(res.results).toEqual([]);
    const scoped = await searchArticles(t.db, { query: 'refund', collection: 'resolve' });
    expect(scoped.results.length).toBeGreaterThan(0);
  });
});
