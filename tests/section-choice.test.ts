/**
 * Which section of a retrieved article the answer quotes (sectionScore in the search tool): the
 * section whose own heading holds the question's words beats a subsection that only inherits them,
 * and a word every section of the product uses weighs little when idf weights are given; a
 * section that ends a procedure ("Completing the Refund") is quoted from the procedure's first step.
 */
import { describe, expect, it } from 'vitest';
import { composeAnswer } from '@/lib/assistant/compose';
import { definesAskedThing, openingPlace, parentFirstStep, procedureBefore, sectionChildren, sectionHead, sectionScore, withoutProductNames } from '@/lib/assistant/tools/search-help-center';
import { headingIsSynonymSaid } from '@/lib/assistant/answerability';
import { synonymReading } from '@/lib/assistant/synonym-reading';

const issuing = { headingPath: 'Issuing a refund', content: '1. Go to the order details page.\n2. Scroll down to the "Refunds" section.\n3. Click "Refund order".' };
const reason = { headingPath: 'Issuing a refund › Reason', content: 'Select the reason for the refund — helpful for future reference.' };
const amount = { headingPath: 'Issuing a refund › Amount', content: 'Polar automatically calculates the corresponding tax to refund.' };

describe('section choice', () => {
  it('a heading of the section itself counts more than the same words in a parent heading', () => {
    expect(sectionScore('How do I issue a refund?', issuing)).toBeGreaterThan(sectionScore('How do I issue a refund?', reason) + 0.05);
  });

  it('with idf weights, a product name found in a subsection’s text does not outweigh the section named by the question', () => {
    // (Not asked as "how do I…", which would also favour the steps: see "procedures for how-questions".)
    const q = 'issue a refund in Polar';
    // Unweighted, "polar" in the Amount text lifts it over the steps.
    expect(sectionScore(q, amount)).toBeGreaterThan(sectionScore(q, issuing));
    const idf = (w: string) => (w === 'polar' ? 0.05 : 2);
    expect(sectionScore(q, issuing, idf)).toBeGreaterThan(sectionScore(q, amount, idf) + 0.05);
  });

  it('a section on deleting something weighs 0.6 unless the question asks to delete', () => {
    const issue = { headingPath: 'How to Issue Store Credits', content: '1. Open the customer profile.\n2. Click Add Store Credit.' };
    const del = { headingPath: 'Delete Store Credits', content: "Deleting store credit will permanently remove the assigned balance from the customer's account." };
    const q = 'can i put some credit on a customers account as a sorry for a late delivery';
    // Without the weight the deletion section, which says "account", would score higher.
    expect(sectionScore(q, del) / 0.6).toBeGreaterThan(sectionScore(q, issue));
    expect(sectionScore(q, del)).toBeLessThan(sectionScore(q, issue));
    // Asked to delete, in any words, it is not weighed down.
    const rid = 'how do i get rid of a store credit';
    expect(sectionScore(rid, del)).toBeCloseTo(sectionScore(rid, { ...del, headingPath: 'Store Credits' }), 6);
    expect(sectionScore(q, { ...del, headingPath: 'Store Credits' })).toBeGreaterThan(sectionScore(q, del));
  });
  it('a question that asks how long weighs a section that states a duration twice', () => {
    const manual = { headingPath: 'Manual Withdrawal', content: 'Withdrawals are initiated manually rather than on an automatic schedule.' };
    const faq = { headingPath: 'Frequently Asked Questions › How long do payouts take?', content: 'Payouts typically take 4-7 business days.' };
    const q = 'how long before i can actually withdraw the money';
    // Its heading holds "withdraw": without the weight it would stay quoted (a section replaces the
    // search's own only when it scores 0.05 more).
    expect(sectionScore(q, { ...faq, content: 'Payouts typically take a while.' })).toBeLessThan(sectionScore(q, manual) + 0.05);
    expect(sectionScore(q, faq)).toBeGreaterThan(sectionScore(q, manual) + 0.05);
    // Other questions, and sections that state no duration, are not weighed.
    const how = 'how do i withdraw the money';
    expect(sectionScore(how, faq)).toBeCloseTo(sectionScore(how, { ...faq, content: 'Payouts typically take a while.' }), 6);
    for (const t of ['The timer is set to 15 minutes by default.', 'A 7-day settlement delay applies.', 'Processed 24 hours after initiation.', 'Lightning payments settle instantly.']) {
      expect(sectionScore('when will it arrive', { headingPath: 'Arrival', content: t })).toBeCloseTo(2 * sectionScore('when will it arrive', { headingPath: 'Arrival', content: 'It arrives.' }), 6);
    }
  });
  it("a question that asks when, and a section that states a duration, are read with the user's synonyms", () => {
    const manual = { headingPath: 'Manual Withdrawal', content: 'Withdrawals are initiated manually rather than on an automatic schedule.' };
    const delay = { headingPath: 'Payout Delay', content: 'Transactions are subject to a 7-day settlement delay before the funds become available for payout.' };
    const q = 'when can i withdraw my money?';
    // "withdraw my money" is a payout (lib/search/synonyms.ts): read so, the delay holds the question.
    expect(sectionScore(q, delay)).toBeGreaterThan(sectionScore(q, manual) + 0.05);
    // Without a duration stated, the payout section holds none of its words.
    expect(sectionScore(q, { ...delay, content: 'Transactions are subject to a settlement delay before the funds become available for payout.' })).toBe(0);
    // …nor for a question that does not ask when.
    expect(sectionScore('how do i withdraw my money?', delay)).toBe(0);
  });
  it('a question that asks where weighs a section that names a place in the app 1.5 times', () => {
    const store = { headingPath: 'Store Emails', content: 'Emails for store events. Users can setup store SMTP details in:\n\nStore Settings > General Settings > Services > Email > Setup' };
    const setup = { headingPath: 'Store Emails › SMTP Email Setup', content: 'Enter your details, or use the Quick fill settings dropdown. Send yourself a test email.' };
    const q = 'where do i put my smtp details';
    // Its heading holds "smtp": without the weight it would be quoted.
    expect(sectionScore(q, store) / 1.5).toBeLessThan(sectionScore(q, setup));
    expect(sectionScore(q, store)).toBeGreaterThan(sectionScore(q, setup) + 0.05);
    // Not for a question that asks how, nor a section that names no place.
    const noPlace = { ...store, content: store.content.replaceAll(' > ', ', ') };
    expect(sectionScore('how do i set up smtp', store)).toBeCloseTo(sectionScore('how do i set up smtp', noPlace), 6);
    expect(sectionScore(q, store)).toBeCloseTo(1.5 * sectionScore(q, noPlace), 6);
    for (const t of ['Navigate to the Emails tab of the Settings menu.', 'Go to Settings → Members.', 'It is found under Payments.']) {
      expect(sectionScore('where is the smtp setting', { headingPath: 'SMTP setting', content: t })).toBeCloseTo(
        1.5 * sectionScore('where is the smtp setting', { headingPath: 'SMTP setting', content: 'It is there.' }),
        6,
      );
    }
  });
  it('a closing "All set!" or "Next steps" section scores 0.4 of its overlap', () => {
    const allSet = { headingPath: 'All set!', content: 'You are now fully set up. Webhooks will be relayed.' };
    const same = { headingPath: 'Webhooks relay', content: 'You are now fully set up. Webhooks will be relayed.' };
    expect(sectionScore('set up webhooks', allSet)).toBeCloseTo(0.4 * sectionScore('set up webhooks', { ...allSet, headingPath: 'Set all' }), 6);
    expect(sectionScore('set up webhooks', same)).toBeGreaterThan(sectionScore('set up webhooks', allSet));
    expect(sectionScore('the and of', issuing)).toBe(0);
  });
});

describe('a compound the question spells apart', () => {
  // "server" is in most of BTCPay's chunks: it weighs little next to "back" and "up".
  const idf = (w: string) => (w === 'server' ? 0.2 : 1);
  const backup = { headingPath: 'How can I backup my BTCPay Server?', content: "It's possible to create backups of your BTCPay Server instance and its data." };
  const webhook = { headingPath: 'How to create a webhook ?', content: 'Your server gets a call back from BTCPay Server, and you can set it up in the store settings.' };

  it("counts in a section's own heading that writes it as one word", () => {
    expect(sectionScore('how do i back up my server?', backup, idf)).toBeGreaterThan(sectionScore('how do i back up my server?', webhook, idf) + 0.05);
  });

  it("not in the section's text or a heading above it", () => {
    const setupText = { headingPath: 'Create your account', content: 'Complete the setup with your email address.' };
    const setupAbove = { headingPath: 'Setup merchant stores › Preparation of devices', content: 'Charge the devices.' };
    const q = 'can i set up a bitcoin atm in my shop';
    expect(sectionScore(q, setupText)).toBe(0);
    expect(sectionScore(q, setupAbove)).toBe(0);
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
    // A name's possessive goes with it (the search read "do i get 's fee back").
    expect(withoutProductNames("ok and do i get polar's fee back when i refund it?", products)).toBe('ok and do i get fee back when i refund it?');
    expect(withoutProductNames('is BTCPay Server’s fee per sale?', products)).toBe('is fee per sale?');
    expect(withoutProductNames("what's the fee", products)).toBe("what's the fee");
  });
});

describe('a section that ends a procedure', () => {
  const refunding = [
    { chunkId: 1, headingPath: '', anchor: '', content: 'Refunding orders is a key part of running a store.' },
    {
      chunkId: 2,
      headingPath: 'How to Refund an Order',
      anchor: 'how-to-refund-an-order',
      content:
        'To refund an order, navigate to the Orders tab in the admin dashboard.\nClick on the order you would like to refund to open its detail page.\nScroll to the Payments section, click the three-dot menu next to the payment and select Refund.\nThis will open a simple refund form.',
    },
    {
      chunkId: 3,
      headingPath: 'Completing the Refund',
      anchor: 'completing-the-refund',
      content:
        'On the refund page, you will be able to:\n- Set the refund amount (full or partial)\n- Choose a refund reason from the dropdown\nOnce complete, click Create to process the refund.\nSome providers (like offline payments) may require you to issue the refund manually outside of the store.',
    },
    { chunkId: 4, headingPath: 'Refund Reasons', anchor: 'refund-reasons', content: 'Reasons are managed in Settings.' },
  ];

  it('brings the sibling "How to…" section that shares the question word, and nothing else', () => {
    expect(procedureBefore('How do I issue a refund?', refunding[2], refunding)).toEqual({ headingPath: 'How to Refund an Order', anchor: 'how-to-refund-an-order', content: refunding[1].content });
    // The procedure itself, a section after something else, or one sharing no question word: none.
    expect(procedureBefore('How do I issue a refund?', refunding[1], refunding)).toBeNull();
    expect(procedureBefore('How do I issue a refund?', refunding[3], refunding)).toBeNull();
    expect(procedureBefore('where do I pick a reason?', refunding[2], refunding)).toBeNull();
  });

  it('an FAQ entry after a "How to…" entry is its own answer', () => {
    const faq = [
      { chunkId: 1, headingPath: 'Stores FAQ', anchor: 'stores-faq', content: 'Questions about stores.' },
      { chunkId: 2, headingPath: 'Stores FAQ › How to redirect store invoices after payment?', anchor: 'redirect', content: 'Enable Redirect to the store after payment.' },
      { chunkId: 3, headingPath: 'Stores FAQ › Can I delete invoices from BTCPay?', anchor: 'delete', content: "Invoices in BTCPay Server can't be deleted, but can be archived." },
    ];
    expect(procedureBefore('can i delete a bunch of old test invoices', faq[2], faq)).toBeNull();
    expect(
      procedureBefore('can i delete a bunch of old test invoices', { ...faq[2], headingPath: 'Stores FAQ › Deleting invoices' }, [
        faq[0],
        faq[1],
        { ...faq[2], headingPath: 'Stores FAQ › Deleting invoices' },
      ]),
    ).not.toBeNull();
  });

  it('the answer starts at the first step, not at "On the refund page…"', () => {
    const steps = procedureBefore('How do I issue a refund?', refunding[2], refunding)!;
    const text = `${steps.content}\n${refunding[2].content}`;
    const a = composeAnswer(
      'How do I issue a refund?',
      [{ n: 1, slug: 'refunding-orders', title: 'Refunding Orders', url: '/articles/refunding-orders#how-to-refund-an-order', headingPath: steps.headingPath, text, collection: 'shop' }],
      {
        answer: true,
        lead: 1,
      },
    );
    expect(a.text.startsWith('To refund an order, navigate to the Orders tab in the admin dashboard. [1]')).toBe(true);
    expect(a.text).toContain('issue the refund manually');
  });

  it('a quote from late in a long procedure starts at its first step when the steps fit, and not when they do not', () => {
    const filler = (k: number) => Array.from({ length: k }, (_, i) => `Each order in the list shows its state with a colour, and state number ${i + 1} is explained in the states article.`);
    const passage = (k: number) =>
      [
        'To refund an order, navigate to the Orders tab in the admin dashboard.',
        'Click on the order you would like to refund to open its detail page.',
        ...filler(k),
        'Some providers may require you to issue the refund manually outside of the store.',
      ].join('\n');
    const ask = (text: string) =>
      composeAnswer('How do I issue a refund?', [{ n: 1, slug: 'r', title: 'Refunding Orders', url: '/articles/r', headingPath: 'Refunds', text, collection: 'shop' }], { answer: true, lead: 1 }).text;
    const fits = ask(passage(6));
    expect(passage(6).length).toBeGreaterThan(700);
    expect(fits.startsWith('To refund an order, navigate to the Orders tab')).toBe(true);
    expect(fits).toContain('issue the refund manually');
    const tooLong = ask(passage(12));
    expect(tooLong).not.toContain('navigate to the Orders tab');
    expect(tooLong).toContain('issue the refund manually');
  });
});

describe('a section split over several chunks', () => {
  const path = 'Forgot BTCPay admin password?';
  const chunks = [
    { chunkId: 10, headingPath: 'Intro', content: 'Server settings questions.', position: 0 },
    { chunkId: 11, headingPath: path, content: 'First, register a new user.\nRun the following command:\n./btcpay-admin.sh reset-server-policy', position: 1 },
    { chunkId: 12, headingPath: path, content: './btcpay-admin.sh set-user-admin newadmin@example.com', position: 2 },
    { chunkId: 13, headingPath: path, content: "After applying the changes, you'll notice the new admin is not added to any stores.", position: 3 },
  ];
  it('a chunk after the first gets the section’s earlier chunks, in order; the first chunk or a one-chunk section none', () => {
    expect(sectionHead({ chunkId: 13, headingPath: path }, chunks)).toBe(`${chunks[1].content}\n${chunks[2].content}`);
    expect(sectionHead({ chunkId: 11, headingPath: path }, chunks)).toBeNull();
    expect(sectionHead({ chunkId: 10, headingPath: 'Intro' }, chunks)).toBeNull();
  });
  it('none when the earlier chunks are longer than 1,600 characters', () => {
    const long = chunks.map((c) => (c.chunkId === 11 ? { ...c, content: 'x '.repeat(900) } : c));
    expect(sectionHead({ chunkId: 13, headingPath: path }, long)).toBeNull();
  });
  it('a list continued from a long first chunk gets the section’s opening line and the line that leads into the list, not the asides between', () => {
    const countries = (from: number, n: number) => Array.from({ length: n }, (_, k) => `- Country number ${from + k} of the list`).join('\n');
    const lead = 'Polar uses Stripe Connect Express to issue payouts to residents or businesses in any of the countries below.';
    const into = 'Stripe Connect Express country coverage is much broader, and includes everywhere listed below.';
    const listed = [
      { chunkId: 20, headingPath: 'Payouts', content: `${lead}\nNote\nFAQ: Stripe isn't available in my country. Can I still use Polar?\n${into}\n${countries(1, 60)}`, position: 0 },
      { chunkId: 21, headingPath: 'Payouts', content: countries(61, 40), position: 1 },
      { chunkId: 22, headingPath: 'Payouts', content: 'Payouts arrive within two business days.', position: 2 },
    ];
    expect(listed[0].content.length).toBeGreaterThan(1_600);
    expect(sectionHead({ chunkId: 21, headingPath: 'Payouts' }, listed)).toBe(`${lead}\n${into}`);
    // A chunk that does not continue a list gets nothing from so long a start.
    expect(sectionHead({ chunkId: 22, headingPath: 'Payouts' }, listed)).toBeNull();
  });
});

describe('a section that only introduces its subsections', () => {
  // polar-docs api-reference introduction: the limits stand under "Production" and "Sandbox".
  const limits = [
    { chunkId: 1, headingPath: 'Authentication', content: 'Use an access token.' },
    {
      chunkId: 2,
      headingPath: 'Rate Limits',
      content: 'Polar API has rate limits to ensure fair usage and maintain performance. Limits differ between the **Sandbox** and **Production** environments.',
    },
    { chunkId: 3, headingPath: 'Rate Limits › Production', content: '- **500 requests per minute** per organization/customer or OAuth2 Client.' },
    { chunkId: 4, headingPath: 'Rate Limits › Sandbox', content: '- **100 requests per minute** per organization/customer or OAuth2 Client.' },
    { chunkId: 5, headingPath: 'Pagination', content: 'Lists are paginated.' },
  ];
  const source = (text: string) => ({ n: 1, slug: 'api', title: 'API Overview', url: '/articles/api#rate-limits', headingPath: 'Rate Limits', text, collection: 'polar-docs' });

  it('brings its subsections, each under its heading, and the answer gives the figures under their titles', () => {
    const children = sectionChildren(limits[1], limits);
    expect(children).toBe(
      '#### Production\n- **500 requests per minute** per organization/customer or OAuth2 Client.\n#### Sandbox\n- **100 requests per minute** per organization/customer or OAuth2 Client.',
    );
    const { text } = composeAnswer('What are the API rate limits?', [source(`${limits[1].content}\n${children}`)], { answer: true, lead: 1 });
    expect(text).toContain('Limits differ between the **Sandbox** and **Production** environments. [1]');
    expect(text).toContain('**Production**\n- **500 requests per minute** per organization/customer or OAuth2 Client. [1]');
    expect(text).toContain('**Sandbox**\n- **100 requests per minute** per organization/customer or OAuth2 Client. [1]');
    expect(text).not.toContain('####');
  });

  it('none for a section with its own content, a subsection, a section without subsections, or subsections too long to quote', () => {
    expect(sectionChildren({ chunkId: 2, headingPath: 'Rate Limits' }, [{ ...limits[1], content: 'x'.repeat(400) }, ...limits.slice(2)])).toBeNull();
    expect(sectionChildren(limits[2], limits)).toBeNull();
    // A short section with a bullet list of its own answers already.
    expect(sectionChildren({ chunkId: 2, headingPath: 'Rate Limits' }, [{ ...limits[1], content: '- Open Settings.\n- Read the limits.' }, ...limits.slice(2)])).toBeNull();
    expect(sectionChildren(limits[0], limits)).toBeNull();
    expect(sectionChildren(limits[1], [limits[1], { ...limits[2], content: 'y'.repeat(2_400) }])).toBeNull();
  });

  it('brings its first subsection whole up to 2,400 characters, and no second one past 1,200', () => {
    const long = 'y'.repeat(1_500);
    expect(sectionChildren(limits[1], [limits[1], { ...limits[2], content: long }, limits[3]])).toBe(`#### Production\n${long}`);
  });

  it('short steps bring the subsections that fill in the form they open ("Issuing a refund" → Amount)', () => {
    const refund = [
      { chunkId: 1, headingPath: 'Issuing a refund', content: '1. Go to the order details page.\n2. Scroll down to the "Refunds" section.\n3. Click "Refund order".' },
      { chunkId: 2, headingPath: 'Issuing a refund › Amount', content: 'Specify the **net amount** to refund. It defaults to the maximum refundable amount.' },
    ];
    expect(sectionChildren(refund[0], refund)).toBe('#### Amount\nSpecify the **net amount** to refund. It defaults to the maximum refundable amount.');
  });

  it('brings the first subsections that fit, each whole, when all of them do not', () => {
    // Polar's "Create a discount": one line, then the form's fields under their own headings.
    const discount = [
      { chunkId: 1, headingPath: 'Create a discount', content: 'Go to the **Discounts** page' },
      { chunkId: 2, headingPath: 'Create a discount › Name', content: 'Displayed to the customer when they apply the discount.' },
      { chunkId: 3, headingPath: 'Create a discount › Code', content: 'Optional code (case insensitive) that the customer can use to apply the discount.' },
      { chunkId: 4, headingPath: 'Create a discount › Restrictions', content: `- **Products** ${'z'.repeat(600)}` },
      { chunkId: 5, headingPath: 'Create a discount › Restrictions', content: `- **Starts at** ${'w'.repeat(600)}` },
    ];
    expect(sectionChildren(discount[0], discount)).toBe(
      '#### Name\nDisplayed to the customer when they apply the discount.\n#### Code\nOptional code (case insensitive) that the customer can use to apply the discount.',
    );
  });
});

describe('a subsection whose parent section is only its first step', () => {
  // polar-docs features/discounts: "Create a discount" says where to go, each field has its heading.
  const discounts = [
    { headingPath: '', anchor: '', content: 'Discounts are a way to reduce the price of a product or subscription.' },
    { headingPath: 'Create a discount', anchor: 'create-a-discount', content: 'Go to the Discounts page' },
    { headingPath: 'Create a discount › Name', anchor: 'name', content: 'Displayed to the customer when they apply the discount.' },
    { headingPath: 'Create a discount › Code', anchor: 'code', content: 'Optional code (case insensitive) that the customer can use to apply the discount.' },
  ];
  it('brings the step before the subsection, and the answer starts with it', () => {
    const step = parentFirstStep('how do i create a discount code', discounts[3], discounts);
    expect(step).toBe('Go to the Discounts page\n#### Code');
    const text = `${step}\n${discounts[3].content}`;
    const a = composeAnswer(
      'how do i create a discount code',
      [{ n: 1, slug: 'd', title: 'Discounts', url: '/articles/d#code', headingPath: discounts[3].headingPath, text, collection: 'polar-docs' }],
      { answer: true, lead: 1 },
    );
    expect(a.text).toMatch(/^Go to the Discounts page \[1\]\n\n\*\*Code\*\*/);
  });
  it('none when the question is not about the parent, the parent says more than a step, or there is no parent', () => {
    expect(parentFirstStep('is the code case sensitive', discounts[3], discounts)).toBeNull();
    expect(parentFirstStep('how do i create a discount code', discounts[3], [discounts[0], { ...discounts[1], content: 'Discounts are created by admins. '.repeat(12) }, discounts[3]])).toBeNull();
    expect(parentFirstStep('how do i create a discount', discounts[1], discounts)).toBeNull();
  });
});

describe("the way to the page, from the article's opening, for a question that asks where", () => {
  // spree-user-docs settings/emails: the opening says where, "Email Addresses" what each field does.
  const emails = [
    { headingPath: '', content: 'Email communication is a key part of building trust with your customers.\nTo configure email settings, navigate to the Emails tab of the Settings menu.' },
    { headingPath: 'Email Addresses', content: 'Here you can set the email addresses:\n- **Customer Support Email**: This will be shown in your store’s footer so customers know how to reach you.' },
  ];
  const q = 'where do I set the customer support email that shows up in the footer of the store?';
  it('brings the opening line that says where before the section, and the answer starts with it', () => {
    const step = openingPlace(q, emails[1], emails);
    expect(step).toBe('To configure email settings, navigate to the Emails tab of the Settings menu.\n#### Email Addresses');
    const a = composeAnswer(
      q,
      [{ n: 1, slug: 'e', title: 'Emails', url: '/articles/e#email-addresses', headingPath: emails[1].headingPath, text: `${step}\n${emails[1].content}`, collection: 'spree-user-docs' }],
      { answer: true, lead: 1 },
    );
    expect(a.text).toMatch(/^To configure email settings, navigate to the Emails tab of the Settings menu\. \[1\]\n\n\*\*Email Addresses\*\*/);
  });
  it('none for a question that does not ask where, a section that names a place, or the opening itself', () => {
    expect(openingPlace('how do I set the customer support email', emails[1], emails)).toBeNull();
    expect(openingPlace(q, { headingPath: 'Email Addresses', content: 'Go to Settings → Emails and fill in the fields.' }, emails)).toBeNull();
    expect(openingPlace(q, emails[0], emails)).toBeNull();
    expect(openingPlace(q, emails[1], [{ headingPath: '', content: 'Email matters.' }, emails[1]])).toBeNull();
  });
});

describe('a procedure done by someone else', () => {
  it('"how can she create the transaction" is asked how: the steps, not the introduction', () => {
    const intro = { headingPath: '', content: 'This guide explains how you can create a transaction on the server and sign it with your wallet.' };
    const steps = { headingPath: 'Sending', content: '- Log into your server and open the wallet\n- Click Send to create the transaction\n- Download the file and sign it in your wallet' };
    const q = 'how can she create the transaction and I sign it?';
    expect(sectionScore(q, steps, undefined, true)).toBeGreaterThan(sectionScore(q, intro, undefined, true) + 0.05);
    // Not asked how, they tie.
    expect(sectionScore('can she create the transaction and I sign it?', steps, undefined, true)).toBe(sectionScore('can she create the transaction and I sign it?', intro, undefined, true));
  });
});

describe('a synonym the user said, in the section quoted', () => {
  it('counts in a heading with the articles’ word for it: "add a new product" quotes "Create a New Product", not "Media"', () => {
    const create = { headingPath: 'Create a New Product', content: 'To get started, navigate to the **Products** tab. Click **New Product** in the top right corner.' };
    const media = { headingPath: 'Media', content: 'This is where you can add visual media to your product. Click **Upload New Asset** to open the file importer.' };
    const q = 'how do i add a new product';
    expect(sectionScore(q, create, undefined, true)).toBeGreaterThan(sectionScore(q, media, undefined, true) + 0.05);
    // The section the answerability model judges is scored by the words alone, as before.
    expect(sectionScore(q, create)).toBeCloseTo(sectionScore(q, media), 6);
    // Without the synonym, the words decide.
    expect(sectionScore('how do i upload new product media', media, undefined, true)).toBeGreaterThan(sectionScore('how do i upload new product media', create, undefined, true));
  });
});

describe('procedures for how-questions', () => {
  it('a section headed "What…" gives way to the steps for a question that asks how', () => {
    // Polar's Manage Refunds: "payment" stands only in "What's refundable".
    const what = { headingPath: "What's refundable", content: 'The maximum refundable amount on an order is the net amount. **Payment fees are not refunded**.' };
    const issuing = {
      headingPath: 'Issuing a refund',
      content: '1. Go to the order details page for the specific order you want to refund.\n2. Scroll down to the "Refunds" section.\n3. Click "Refund order".',
    };
    const q = 'How do I refund a payment?';
    expect(sectionScore(q, issuing, undefined, true)).toBeGreaterThan(sectionScore(q, what, undefined, true) + 0.05);
    // The model judges "What's refundable" as before; a question that asks what keeps it for the quote too.
    expect(sectionScore(q, what)).toBeGreaterThan(sectionScore(q, issuing));
    expect(sectionScore('are payment fees refundable?', what, undefined, true)).toBeGreaterThan(sectionScore('are payment fees refundable?', issuing, undefined, true) + 0.05);
  });
  it('a question that asks how prefers the section with the steps', () => {
    const q = 'customer emailed to cancel order that hasnt shipped yet, how do i cancel it';
    const steps = { headingPath: 'How to Cancel an Order', content: 'Navigate to the Orders tab of the admin dashboard.\nFind and click on the order you want to cancel.\nClick Cancel Order.' };
    const after = { headingPath: 'What Happens After Cancellation › Order Status', content: '- The order’s shipment state will be updated to Cancelled.\n- The payment state may change to Void.' };
    const weight = (w: string) => (w === 'ship' || w === 'shipment' ? 1 : 0.2);
    expect(sectionScore(q, steps, weight)).toBeGreaterThan(sectionScore(q, after, weight) + 0.05);
    // Without "how", the same words pick by overlap alone.
    expect(sectionScore('order cancelled shipment state', after, weight)).toBeGreaterThan(sectionScore('order cancelled shipment state', steps, weight));
  });
});

describe('a lead with nothing to quote', () => {
  const code = {
    n: 1,
    slug: 'embedded-checkout',
    title: 'Embedded Checkout',
    url: '/articles/embedded-checkout#programmatically-creating-an-embed',
    headingPath: 'Advanced Integration › Programmatically creating an embed',
    text: "```ts\nimport { PolarEmbedCheckout } from '@polar-sh/checkout/embed'\nconst checkout = await PolarEmbedCheckout.create(url)\n```",
    collection: 'polar',
  };
  const links = {
    n: 2,
    slug: 'checkout-links',
    title: 'Checkout Links',
    url: '/articles/checkout-links#create-a-checkout-link',
    headingPath: 'Create a Checkout Link',
    text: 'Checkout Links are managed from the Checkout Links page. Click on New Link to create one.',
    collection: 'polar',
  };

  it('gives way to the next passage the model found answerable', () => {
    const a = composeAnswer('How do I create a checkout link?', [code, links], { answer: true, lead: 1, also: [2] });
    expect(a.grounded).toBe(true);
    expect(a.cited).toEqual([2]);
    expect(a.text).toContain('Click on New Link to create one. [2]');
    expect(a.text).toContain('Full article: [Checkout Links](/articles/checkout-links#create-a-checkout-link)');
    expect(a.text).not.toContain('[1]');
  });

  it('is still a refusal when no other passage is answerable', () => {
    const a = composeAnswer('How do I create a checkout link?', [code, links], { answer: true, lead: 1 });
    expect(a.grounded).toBe(false);
    expect(a.cited).toEqual([]);
  });
});

describe('a question that asks what something is', () => {
  const opening = { headingPath: '', content: 'Taxonomies let you organize products.\nTaxons are individual nodes or items within a taxonomy, like a category or brand.' };
  const typeSection = { headingPath: 'Add Taxons › Taxon Type', content: 'Taxon Type allows you to choose between a manual taxon or an automatic taxon.' };
  it('finds the sentence that defines the thing asked about, and no other', () => {
    expect(definesAskedThing('what is a taxon', opening.content)).toBe(true);
    expect(definesAskedThing("what's a taxon?", opening.content)).toBe(true);
    expect(definesAskedThing('what are taxonomies', opening.content)).toBe(true);
    // "Taxon Type allows…" defines the type, not a taxon.
    expect(definesAskedThing('what is a taxon', typeSection.content)).toBe(false);
    expect(definesAskedThing('what is a stock location', 'A stock location is a place you keep inventory.')).toBe(true);
    expect(definesAskedThing('what is a stock location', 'Stock levels are tracked per location.')).toBe(false);
    // Only a "what is …" question; not a how-to or a long description.
    expect(definesAskedThing('how do i add a taxon', opening.content)).toBe(false);
    expect(definesAskedThing('what is the best way to organize my shop by season', opening.content)).toBe(false);
  });
  it('the section that defines it is quoted before a section headed by its name', () => {
    const q = 'what is a taxon';
    expect(sectionScore(q, opening, undefined, true)).toBeGreaterThan(sectionScore(q, typeSection, undefined, true));
    // The section the model judges is scored as before.
    expect(sectionScore(q, opening)).toBeLessThan(sectionScore(q, typeSection));
  });
});

describe('steps for a question that asks how', () => {
  const steps = { headingPath: 'Refunds', content: '1. Open the order.\n2. Click Refund and confirm.' };
  const fees = { headingPath: 'Refunds', content: '1. $2 per order refunded\n2. 0.25% of the order, confirmed monthly' };
  const quote = (q: string, section: typeof steps) => sectionScore(q, section, undefined, true);
  it('for the quote, a numbered list that instructs is a procedure; one that describes (fees, a lifecycle) is not', () => {
    expect(quote('how do i refund an order', steps)).toBeGreaterThan(quote('how do i refund an order', fees));
    // Typed in a hurry, it still asks how.
    expect(quote('hw do i refund an order', steps)).toBeGreaterThan(quote('hw do i refund an order', fees));
    expect(quote('how refund order', steps)).toBeGreaterThan(quote('how refund order', fees));
    // Not a question that asks how: no weight for steps.
    expect(quote('how long does a refund order take', steps)).toBe(quote('how long does a refund order take', fees));
    // The section the model judges keeps the measured rule: any numbered list.
    expect(sectionScore('how do i refund an order', steps)).toBe(sectionScore('how do i refund an order', fees));
  });
  it("a heading that holds all the articles' words for a phrase the user said counts as saying it; a one-word entry does not", () => {
    const q = 'browser says connection not secure on my btcpay, looks like the https cert ran out';
    const renew = { headingPath: 'Deployment FAQ › General Deployment › How can I renew my SSL certificate?', content: 'If your SSL certificate has expired, you can manually renew it.' };
    const tor = {
      headingPath: 'Deployment FAQ › General Deployment › Why activate Tor? Does it mean that nobody knows who I am?',
      content: 'Having Tor activated suppresses the need for setting up a DNS entry to get a HTTPS certificate.',
    };
    // It quoted "Why activate Tor?" (its text holds "https"; the renewal section none of the words typed).
    expect(sectionScore(q, renew)).toBeGreaterThan(sectionScore(q, tor) + 0.05);
    // "take a break" is a pause, one word: a heading saying "pause" is not read as saying it.
    const b = 'can my subscribers take a break for a couple months';
    expect(sectionScore(b, { headingPath: 'Pause and resume subscriptions', content: 'You can now pause a subscription.' })).toBe(
      sectionScore(b, { headingPath: 'Halt and resume subscriptions', content: 'You can now pause a subscription.' }),
    );
  });
  it("reads the user's phrase only in a heading that is just its articles' words, two at least", () => {
    const q = "put $20 on a customer's account as a sorry for the late package"; // → store credit, shipping
    const at = (headingPath: string) => sectionScore(q, { headingPath, content: 'Balances are kept per customer.' });
    expect(at('Issue Store Credits › Store Credits')).toBeGreaterThan(at('Issue Store Credits › Balances'));
    // "Remove Store Credits" says more than store credit: read so, dev-030 quoted how to delete one.
    // (And it is a section on deleting, for a question that does not ask to: 0.6 of that.)
    expect(at('Issue Store Credits › Remove Store Credits')).toBeCloseTo(0.6 * at('Issue Store Credits › Balances'), 6);
    // One word ("late package" → shipping) is a heading many articles have.
    expect(at('Orders › Shipping')).toBe(at('Issue Store Credits › Balances'));
  });
  it('reads an entry\'s content words against the heading: its stop words ("to") are no words a heading must hold', () => {
    // The thesaurus's words for "syncing for 4 days" are "btcpay server takes forever to synchronize".
    const q = 'node has been synching for 4 days and still isnt done, is something wrong';
    const content = 'Synchronizing a Full Bitcoin node should take between 1 and 5 days.';
    const slow = sectionScore(q, { headingPath: 'Synchronization FAQ › BTCPay Server takes forever to synchronize', content });
    expect(slow).toBeGreaterThan(sectionScore(q, { headingPath: 'Synchronization FAQ › BTCPay Server takes long to synchronize', content }) + 0.05);
    expect(headingIsSynonymSaid(q, 'Synchronization FAQ › BTCPay Server takes forever to synchronize')).toBe(true);
    // (Once per entry that says it: "synching" is also the thesaurus's "synchronization".)
    expect(synonymReading(q)('BTCPay Server takes forever to synchronize')).toBe('BTCPay Server takes forever to synchronize synching synching');
    expect(synonymReading(q)('BTCPay Server takes long to synchronize')).toBe('BTCPay Server takes long to synchronize synching');
  });
});
