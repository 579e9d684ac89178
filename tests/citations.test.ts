/** Pure assistant pieces: citation mapping, the composer's blocks, suggestions, handoff intent, rate limiting. */
import { describe, expect, it } from 'vitest';
import { answerCopyText, answerHtml } from '@/components/assistant/answer';
import { createLocalChatModel, planStep } from '@/lib/ai/local-chat';
import { normalizeCitations, normalizeMessageCitations } from '@/lib/assistant/citations';
import { composeAnswer, HANDOFF_OFFER, NOT_COVERED_TEXT, passageUnits } from '@/lib/assistant/compose';
import { fallbackText, FALLBACK_NOTICE } from '@/lib/assistant/fallback';
import { addsDetails, draftHandoffFromConversation, guessCategory, HANDOFF_PREPARED_TEXT, HANDOFF_UPDATED_TEXT, wantsHuman } from '@/lib/assistant/handoff';
import { markdownHeadings, questionFromHeading, suggestFollowUps } from '@/lib/assistant/suggestions';
import { MemoryFixedWindowLimiter } from '@/lib/rate-limit';

describe('citations', () => {
  it('keeps markers that map to a source and drops the rest', () => {
    const r = normalizeCitations('Refund it [1]. Fees apply [3]. Both [1, 2]. Bad [0] and [12].', 2);
    expect(r.text).toBe('Refund it [1]. Fees apply. Both [1][2]. Bad and.');
    expect(r.cited).toEqual([1, 2]);
    expect(r.dropped).toEqual([3, 0, 12]);
  });
  it('leaves links and footnotes alone', () => {
    expect(normalizeCitations('See [1](/articles/x) and [^1].', 0).text).toBe('See [1](/articles/x) and [^1].');
  });
  it('no sources → no markers at all', () => {
    expect(normalizeCitations('Maybe [1] or [2].', 0).text).toBe('Maybe or.');
  });
  it('normalizes a message against its own source parts', () => {
    const parts = [
      { type: 'source-url', sourceId: 'a', url: '/articles/a' },
      { type: 'text', text: 'Do this [1] and that [2].' },
    ];
    const r = normalizeMessageCitations(parts);
    expect(r.parts[1].text).toBe('Do this [1] and that.');
    expect(r.cited).toEqual([1]);
  });
  it('the client renders chips only for markers with a source', () => {
    const html = answerHtml('Refund it [1]. Unknown [4].', [{ n: 1, title: 'Refunds', href: '/articles/refunds', slug: 'refunds' }]);
    expect(html).toContain('data-testid="assistant-citation"');
    expect(html).toContain('href="/articles/refunds"');
    expect(html).not.toContain('[4]');
  });
  it('copies an answer as its Markdown with markers, then its sources as absolute links', () => {
    const sources = [
      { n: 1, title: 'Refunds', href: '/articles/refunds', slug: 'refunds' },
      { n: 2, title: 'Fees & limits', href: '/articles/fees#refund-fees', slug: 'fees' },
    ];
    expect(answerCopyText('1. Open **Payments** [1].\n2. Refund it [2]. Unknown [7].\n', sources, 'https://help.example.com')).toBe(
      '1. Open **Payments** [1].\n2. Refund it [2]. Unknown.\n\nSources:\n[1] Refunds: https://help.example.com/articles/refunds\n[2] Fees & limits: https://help.example.com/articles/fees#refund-fees',
    );
    expect(answerCopyText('Nothing cited [1]. Full article: [Refunds](/articles/refunds), or [the blog](https://blog.example.com/x).', [], 'https://help.example.com')).toBe(
      'Nothing cited. Full article: [Refunds](https://help.example.com/articles/refunds), or [the blog](https://blog.example.com/x).',
    );
    expect(answerCopyText('  ', sources, 'https://help.example.com')).toBe('');
  });
});

describe('extractive composer', () => {
  const passage = [
    'You can refund any payment from the Dashboard.',
    'To refund a payment:',
    '1. Open the payment.',
    '2. Click Refund.',
    'Refunds take 5 to 10 days to reach the customer. Choose one of these:',
  ].join('\n');
  it('keeps a colon sentence with the list it introduces and drops a dangling one', () => {
    const units = passageUnits(passage);
    const list = units.find((u) => u.kind === 'list');
    expect(list?.text).toBe('To refund a payment:');
    expect(list?.items).toEqual(['Open the payment.', 'Click Refund.']);
    expect(units.some((u) => u.text.endsWith('these:'))).toBe(false);
  });
  it('a link that only points on to another page is not quoted', () => {
    const units = passageUnits('You can issue both full or partial refunds on Polar to your customers.\nLearn more about refunds →');
    expect(units.map((u) => u.text)).toEqual(['You can issue both full or partial refunds on Polar to your customers.']);
  });
  it('a title line that ends in a short aside leads its list ("MoR (Polar)" over its pros and cons)', () => {
    const units = passageUnits(
      'Two ways compared.\nPSP (Stripe)\n- ✅ Your volume alone counts\nMoR (Polar)\n- ✅ We are liable for all of the above as your reseller.\n- ❌ Sales taxes would be added',
    );
    expect(units.filter((u) => u.kind === 'list').map((u) => u.text)).toEqual(['PSP (Stripe)', 'MoR (Polar)']);
    // A sentence that ends in a parenthesis is still a sentence.
    expect(passageUnits('Fees are charged per payout (see Stripe).\n- one\n- two')[0]).toMatchObject({ kind: 'sentence' });
  });
  it('a run-in label of a few words stays with the sentence it labels, under the subsection title', () => {
    const units = passageUnits('#### Revoking benefits\nOne-time purchases. You can revoke access to benefits. It is on by default.');
    expect(units.map((u) => u.text)).toEqual(['**Revoking benefits**  \nOne-time purchases. You can revoke access to benefits.', 'It is on by default.']);
    // A sentence of its own keeps standing alone.
    expect(passageUnits('Refunds take 5 days. The fees stay deducted from your balance.').map((u) => u.text)).toEqual(['Refunds take 5 days.', 'The fees stay deducted from your balance.']);
  });
  it('a list at the start of a section is led by its heading', () => {
    const units = passageUnits('1. Go to Settings.\n2. Click Save.', 'Change your bank account');
    expect(units[0]).toMatchObject({ kind: 'list', text: 'Change your bank account', ordered: true });
  });
  it('answers with the steps, cited, and never ends a line with a bare colon', () => {
    const a = composeAnswer('How do I refund a payment?', [{ n: 1, slug: 'refund', title: 'Refund a payment', url: '/articles/refund', headingPath: 'Refund', text: passage, collection: 'c' }], {
      answer: true,
      lead: 1,
    });
    expect(a.grounded).toBe(true);
    expect(a.text).toContain('To refund a payment:\n1. Open the payment.\n2. Click Refund. [1]');
    expect(a.text).toContain(HANDOFF_OFFER);
    const lines = a.text.split('\n');
    lines.forEach((l, i) => {
      if (l.endsWith(':'))
        expect(
          lines.slice(i + 1).find((x) => x.trim()),
          `text after "${l}"`,
        ).toBeTruthy();
    });
    expect(a.text).not.toContain('these:');
  });
  it('a refusal decision is not covered, with no citation', () => {
    const a = composeAnswer(
      'Can I pay with gold bars in Antarctica?',
      [{ n: 1, slug: 'refund', title: 'Refund a payment', url: '/articles/refund', headingPath: '', text: passage, collection: 'c' }],
      { answer: false, lead: 1 },
    );
    expect(a).toEqual({ text: NOT_COVERED_TEXT, grounded: false, cited: [] });
  });
});

describe('follow-up suggestions', () => {
  it('turns headings into questions', () => {
    expect(questionFromHeading('Add an endpoint')).toBe('How do I add an endpoint?');
    expect(questionFromHeading('Refund windows')).toBeNull(); // a topic, not a question the section answers
    expect(questionFromHeading('Refund a payment from the Dashboard')).toBe('How do I refund a payment from the Dashboard?');
    expect(questionFromHeading('How to verify')).toBe('How do I verify?');
    expect(questionFromHeading('Which methods will my customer see?')).toBe('Which methods will my customer see?');
    expect(questionFromHeading('Next steps')).toBeNull();
    expect(questionFromHeading('Testing webhooks locally')).toBe('How do I test webhooks locally?');
    // A changelog headline in Title Case is not a task.
    expect(questionFromHeading('Pending Subscription Updates Now Surface in the UI')).toBeNull();
  });
  it('asks what a user would ask, in sentence case, from gerund, Title Case and indirect-question headings', () => {
    // Gerunds of a task verb become the task; a lone gerund or a gerund before a bare head noun names a topic.
    expect(questionFromHeading('Refunding an invoice')).toBe('How do I refund an invoice?');
    expect(questionFromHeading('Completing the Refund')).toBe('How do I complete the refund?');
    expect(questionFromHeading('Setting up a trial')).toBe('How do I set up a trial?');
    expect(questionFromHeading('Installing and configuring BitPay plugin for Pretix')).toBe('How do I install and configure BitPay plugin for Pretix?');
    // "&" joins two tasks as "and" does; a gerund joined to a noun, or to a gerund of no task verb, names a topic.
    expect(questionFromHeading('Importing & exporting products')).toBe('How do I import and export products?');
    expect(questionFromHeading('Sorting & Filtering')).toBeNull();
    expect(questionFromHeading('Sorting & Columns')).toBeNull();
    expect(questionFromHeading('Tracking URL')).toBeNull();
    // A product's name keeps its capital though it is a common English word.
    expect(questionFromHeading('Configure a Polar API Client', ['Polar'])).toBe('How do I configure a Polar API Client?');
    expect(questionFromHeading('Monitoring')).toBeNull();
    expect(questionFromHeading('Shipping Methods')).toBeNull();
    expect(questionFromHeading('Pairing process')).toBeNull();
    expect(questionFromHeading('Lightning Balance')).toBeNull();
    // Title Case reads as a sentence; names (and the words that continue them) keep their capitals.
    expect(questionFromHeading('Update Products in Bulk')).toBe('How do I update products in bulk?');
    expect(questionFromHeading('Delete a Location')).toBe('How do I delete a location?');
    expect(questionFromHeading('Connect Google Tag Manager')).toBe('How do I connect Google Tag Manager?');
    expect(questionFromHeading('Sign in with Apple')).toBe('How do I sign in with Apple?');
    expect(questionFromHeading('Configure BTCPay Server Shopify plugin')).toBe('How do I configure BTCPay Server Shopify plugin?');
    // The heading's "your" is the asker's "my".
    expect(questionFromHeading('Connect your Slack workspace')).toBe('How do I connect my Slack workspace?');
    // Indirect questions become direct ones; a bare pronoun subject means nothing out of its section.
    expect(questionFromHeading('How the prorated amount is calculated')).toBe('How is the prorated amount calculated?');
    expect(questionFromHeading('How subscriptions work')).toBe('How do subscriptions work?');
    expect(questionFromHeading('How Tax Calculation Works')).toBe('How does tax calculation work?');
    expect(questionFromHeading('What customers can do')).toBe('What can customers do?');
    expect(questionFromHeading('When to Use This Method')).toBe('When should I use this method?');
    expect(questionFromHeading('What Happens After Cancellation')).toBe('What happens after cancellation?');
    expect(questionFromHeading('How it works')).toBeNull();
    expect(questionFromHeading('Why it matters')).toBeNull();
    expect(questionFromHeading('How metrics are bucketed')).toBe('How are metrics bucketed?');
    expect(questionFromHeading('How the discount applies')).toBe('How does the discount apply?');
    expect(questionFromHeading('How long refunds take')).toBe('How long do refunds take?');
    expect(questionFromHeading('What happens to your money')).toBe('What happens to my money?');
    expect(questionFromHeading('Do all this in a Docker container')).toBeNull();
    expect(questionFromHeading('View only')).toBeNull();
    // Helper-found chips: no object, a vague one, a parenthetical, a heading that is not the user's question.
    expect(questionFromHeading('Apply via API')).toBeNull();
    expect(questionFromHeading('Enable the feature')).toBeNull();
    expect(questionFromHeading('Use cases')).toBeNull();
    expect(questionFromHeading('Contact us')).toBeNull();
    expect(questionFromHeading('Get started')).toBeNull();
    expect(questionFromHeading('Create a Gift Card Batch (Bulk Generation)')).toBe('How do I create a gift card batch?');
    expect(questionFromHeading('Export Multi-Currency Prices')).toBe('How do I export multi-currency prices?');
    expect(questionFromHeading('Looking for Developer Documentation?')).toBeNull();
    expect(questionFromHeading('My business is in country A but I live in country B. Which one do I pick?')).toBeNull();
    expect(questionFromHeading('Can I disable the Customer Portal completely?')).toBe('Can I disable the Customer Portal completely?');
    expect(questionFromHeading('Why Choose a Marketplace Model?')).toBe('Why choose a marketplace model?');
    expect(questionFromHeading('How to enable Bitcoin node pruning?')).toBe('How do I enable Bitcoin node pruning?');
  });
  it('never suggests the question just asked, in other words', () => {
    const q = suggestFollowUps({ articles: [{ title: 'Refunds', headings: ['Refund an order', 'Refund a payment from the Dashboard'] }], exclude: ['How do I refund an order in Spree?'] });
    expect(q).toEqual(['How do I refund a payment from the Dashboard?']);
  });
  it('reads headings outside code fences', () => {
    expect(markdownHeadings('# T\n## One\n```\n## not\n```\n### Two **bold**')).toEqual(['One', 'Two bold']);
  });
  it('picks up to 3, skipping quoted sections and asked questions', () => {
    const q = suggestFollowUps({ articles: [{ title: 'Refunds', headings: ['Refund windows', 'Fees', 'Next steps', 'Where the money comes from'] }], exclude: ['Fees'] });
    expect(q).toEqual(['Where does the money come from?']);
  });
});

describe('handoff intent', () => {
  it.each([
    'talk to a person',
    'Can I speak with a human?',
    'contact support',
    'agent',
    'agent please',
    'human',
    'real person',
    'representative',
    'speak to someone',
    'I want an agent please',
    'connect me with support',
    'I need a human, this is urgent',
    'can I talk to a real person?',
    'get me a representative',
    'I would like to speak with the support team',
    'I need to talk to someone who can fix my payout',
    "What is your company's phone number?",
    'what is your phone number',
    "what's your email address?",
    'can I call you?',
    'how do I reach you guys',
    'can I contact you by email?',
    'what is your support email',
  ])('"%s" asks for a human', (t) => {
    expect(wantsHuman(t)).toBe(true);
  });
  it.each([
    'How do refunds work?',
    'What is a user agent string in webhooks?',
    'yes',
    'How do I add a human-readable description to a Polar product?',
    'Can a representative of my company be added as a team member in Polar?',
    'How do I set up an agent in Polar?',
    'Can I invite someone to my organization?',
    'How do I give a person access to the dashboard?',
    'Is there a human review of payouts?',
    "How do I change my store's phone number?",
    "Where do I set your store's phone number?",
    'How do customers contact you after an order?',
    'Can customers reach you through the checkout page?',
    'Where is your email address shown to customers in the store footer?',
  ])('"%s" does not (without an offer)', (t) => {
    expect(wantsHuman(t)).toBe(false);
  });
  it('"yes" after the offer accepts it', () => {
    expect(wantsHuman('yes please', NOT_COVERED_TEXT)).toBe(true);
    expect(wantsHuman('sure', `Steps… ${HANDOFF_OFFER}`)).toBe(true);
    expect(wantsHuman('ok, connect me', `Steps… ${HANDOFF_OFFER}`)).toBe(true);
    expect(wantsHuman('yes please do', `Steps… ${HANDOFF_OFFER}`)).toBe(true);
  });
  it.each(['ok and how long until they get cut off', 'ok and can i just give back part of it?', 'yes but what about partial refunds', 'ok thanks, that worked', 'okay got it'])(
    '"%s" after the offer is a follow-up or thanks, not a yes',
    (t) => {
      expect(wantsHuman(t, `Steps… ${HANDOFF_OFFER}`)).toBe(false);
    },
  );
  it('a bare "ok" after an answer acknowledges it; after a refusal, which asks, it says yes', () => {
    expect(wantsHuman('ok', `To refund an order, open it and choose Refund [1]. ${HANDOFF_OFFER}`)).toBe(false);
    expect(wantsHuman('Okay!', `Steps… ${HANDOFF_OFFER}`)).toBe(false);
    expect(wantsHuman('ok', NOT_COVERED_TEXT)).toBe(true);
  });
  it.each(["that didn't help, it's still failing", 'This does not work', 'still not working', 'I already tried that', 'not helpful'])('"%s" right after an answer asks for a person', (t) => {
    expect(wantsHuman(t, 'To refund an order, open it and choose Refund [1].')).toBe(true);
    expect(wantsHuman(t)).toBe(false); // with no answer before it, it is a problem to search for
  });
  it.each(['it still works after the upgrade?', 'that helped, thanks', 'does it work with Stripe?'])('"%s" after an answer does not', (t) => {
    expect(wantsHuman(t, 'To refund an order, open it and choose Refund [1].')).toBe(false);
  });
  it('drafts a summary, category and steps from the conversation', () => {
    const d = draftHandoffFromConversation(['My payout failed twice.', 'I already re-entered my bank details. Talk to a person please']);
    expect(d.summary).toContain('My payout failed twice.');
    expect(d.category).toBe('payouts');
    expect(d.stepsTried).toEqual(['I already re-entered my bank details.']);
    expect(guessCategory('webhook signature error')).toBe('technical');
  });
  it('a request for a person that also states the problem keeps the problem in the summary', () => {
    const d = draftHandoffFromConversation(['My order was charged twice, I need a real person now']);
    expect(d.summary).toBe('The user asked “My order was charged twice”, and asked to talk to the support team directly, before any help center answer.');
    // After an answer, the articles did not resolve it.
    expect(draftHandoffFromConversation(['My order was charged twice', 'that did not help, I need a real person now']).summary).toBe(
      'The user asked “My order was charged twice”. The help center articles did not resolve it, and they asked to talk to the support team.',
    );
    expect(d.category).toBe('payments');
    expect(draftHandoffFromConversation(['agent please']).summary).toBe('The user asked to talk to the support team.');
  });
  it('"that didn\'t work" after an answer is the result of following it, not a request for a person nor a question of the problem', () => {
    const answer =
      "Checkout Links are managed from the Checkout Links page. [1]\n\nFull article: [Checkout Links](/articles/polar-docs-features-checkout-links#create). If this doesn't solve it, I can connect you with our support team.";
    const d = draftHandoffFromConversation(['how do i create a checkout link?', "that didn't work, still getting 403"], answer);
    expect(d.summary).toBe("The user asked “how do i create a checkout link?”. They followed the help center's answer, and it did not resolve it: “that didn't work, still getting 403”.");
    expect(d.stepsTried).toEqual(["Followed the help center's answer from “Checkout Links”: “that didn't work, still getting 403”"]);
    // Said with a request for a person, the request is reported as before and the answer followed is a step tried.
    const asked = draftHandoffFromConversation(['My order was charged twice', 'that did not help, I need a real person now'], answer);
    expect(asked.summary).toBe('The user asked “My order was charged twice”. The help center articles did not resolve it, and they asked to talk to the support team.');
    expect(asked.stepsTried).toEqual(["Followed the help center's answer from “Checkout Links”; it did not resolve the problem"]);
    // The local model's plan passes the answer it follows.
    const plan = planStep(
      [
        { role: 'user', content: [{ type: 'text', text: 'how do i create a checkout link?' }] },
        { role: 'assistant', content: [{ type: 'text', text: answer }] },
        { role: 'user', content: [{ type: 'text', text: "that didn't work, still getting 403" }] },
      ],
      ['search_help_center', 'handoff_to_human'],
    );
    expect(plan).toMatchObject({ kind: 'tool', toolName: 'handoff_to_human', input: { stepsTried: [expect.stringContaining('“Checkout Links”')] } });
    // After a refusal there was no answer to follow.
    const refused = draftHandoffFromConversation(['can i connect to quickbooks', "that didn't work"], NOT_COVERED_TEXT);
    expect(refused.summary).toBe("The user asked “can i connect to quickbooks”. The help center had no answer to it, and they then said “that didn't work”.");
    expect(refused.stepsTried).toEqual([]);
    // "this is useless" right after an answer says the same as "that didn't help".
    expect(wantsHuman('this is useless', answer)).toBe(true);
    expect(wantsHuman('is it useless to retry the webhook?', answer)).toBe(false);
    expect(wantsHuman('useless bot', answer)).toBe(true);
    // An insult says nothing to quote; a draft asked for later keeps an earlier result as a step tried.
    const insult = draftHandoffFromConversation(['order stuck in processing', 'useless bot', 'ok fine connect me to someone'], 'Your request…');
    expect(insult.summary).toBe('The user asked “order stuck in processing”. The help center articles did not resolve it, and they asked to talk to the support team.');
    expect(insult.stepsTried).toEqual(["Followed the help center's answer; it did not resolve the problem"]);
  });
  it('the summary keeps the first question and the latest, and leaves thanks and greetings out', () => {
    expect(draftHandoffFromConversation(['My payout never arrived. What should I do?', 'and how long does it take?', 'what about in Spree?', 'agent please']).summary).toBe(
      'The user asked “My payout never arrived. What should I do?” and then “what about in Spree?”. The help center articles did not resolve it, and they asked to talk to the support team.',
    );
    expect(draftHandoffFromConversation(['good morning', 'How do I add a staff member?', 'ok thanks', 'I need a human']).summary).toBe(
      'The user asked “How do I add a staff member?”. The help center articles did not resolve it, and they asked to talk to the support team.',
    );
  });
  it('the summary and category follow the latest topic, not the first question of the conversation', () => {
    const d = draftHandoffFromConversation(['My payout never arrived. What should I do?', 'How long do payouts take?', 'ok different question: how do I export my customers?', 'agent please']);
    expect(d.summary).toBe('The user asked “ok different question: how do I export my customers?”. The help center articles did not resolve it, and they asked to talk to the support team.');
    expect(d.category).toBe('other');
    // A new question sharing no word with the earlier ones starts a topic too; one that shares a word does not.
    expect(draftHandoffFromConversation(['How do I refund an order?', 'How do I turn on two-factor authentication?', 'I need a human']).category).toBe('account');
    expect(draftHandoffFromConversation(['My payout never arrived.', 'How long do payouts take?', 'agent please']).summary).toContain(
      '“My payout never arrived.” and then “How long do payouts take?”',
    );
  });
  it('a person asked for right after a draft keeps the article the user followed in the steps tried', () => {
    const text = (role: 'user' | 'assistant', t: string) => ({ role, content: [{ type: 'text' as const, text: t }] });
    const plan = planStep(
      [
        text('user', 'my lightning node wont sync'),
        text(
          'assistant',
          "Check the sync status on the server page. [1]\n\nFull article: [Stores FAQ](/articles/btcpay-docs-faq-stores). If this doesn't solve it, I can connect you with our support team.",
        ),
        text('user', "that didn't work"),
        text('assistant', HANDOFF_PREPARED_TEXT),
        text('user', 'talk to a human'),
      ],
      ['search_help_center', 'handoff_to_human'],
    );
    // It said "Followed the help center's answer", the article lost with the draft between.
    expect(plan.kind === 'tool' && (plan.input as { stepsTried: string[] }).stepsTried).toEqual(["Followed the help center's answer from “Stores FAQ”; it did not resolve the problem"]);
  });
  it('the local model calls handoff_to_human for "talk to a person"', () => {
    const plan = planStep(
      [
        { role: 'user', content: [{ type: 'text', text: 'How do refunds work?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Refunds…' }] },
        { role: 'user', content: [{ type: 'text', text: 'talk to a person' }] },
      ],
      ['search_help_center', 'handoff_to_human'],
    );
    expect(plan.kind === 'tool' && plan.toolName).toBe('handoff_to_human');
  });
  it('details typed after the request was drafted go into it; a question after it is looked up', () => {
    const text = (role: 'user' | 'assistant', t: string) => ({ role, content: [{ type: 'text' as const, text: t }] });
    const tools = ['search_help_center', 'handoff_to_human'];
    const conversation = [
      text('user', 'my payout is missing'),
      text('assistant', 'Transactions are subject to a 7-day settlement delay…'),
      text('user', 'talk to a human'),
      text('assistant', HANDOFF_PREPARED_TEXT),
      text('user', 'the payout was 200 usd on nov 3'),
    ];
    // It was searched as a question and refused ("I couldn't find this…").
    const plan = planStep(conversation, tools);
    expect(plan.kind === 'tool' && plan.toolName).toBe('handoff_to_human');
    const summary = plan.kind === 'tool' ? (plan.input as { summary: string }).summary : '';
    expect(summary).toMatch(/^The user asked “my payout is missing”\./);
    expect(summary).toMatch(/They added: “the payout was 200 usd on nov 3”\.$/);
    // More details after the updated draft: all of them, in order, and no question of the problem.
    const again = planStep([...conversation, text('assistant', HANDOFF_UPDATED_TEXT), text('user', 'order 4411')], tools);
    const summary2 = again.kind === 'tool' ? (again.input as { summary: string }).summary : '';
    expect(summary2).toMatch(/^The user asked “my payout is missing”\./);
    expect(summary2).toMatch(/They added: “the payout was 200 usd on nov 3” “order 4411”\.$/);
    // A question, a yes, thanks: not details.
    expect(planStep([...conversation.slice(0, 4), text('user', 'how long do payouts take?')], tools)).toMatchObject({ kind: 'tool', toolName: 'search_help_center' });
    expect(addsDetails('how long do payouts take')).toBe(false);
    expect(addsDetails('yes please')).toBe(false);
    expect(addsDetails('thanks')).toBe(false);
    expect(addsDetails('order #4411')).toBe(true);
    expect(addsDetails('talk to a human')).toBe(false);
    // The details say what kind of problem it is when the question did not; an email address
    // typed in the chat (redacted by the route) is to be typed in the form's field.
    const agent = [text('user', 'agent please'), text('assistant', HANDOFF_PREPARED_TEXT)];
    const charged = planStep([...agent, text('user', 'order #48213, charged $49 twice')], tools);
    expect(charged.kind === 'tool' && (charged.input as { category: string }).category).toBe('payments');
    const withEmail = [...agent, text('user', 'my email is [email]')];
    expect(planStep(withEmail, tools).kind).toBe('tool');
    const toolResult = { role: 'tool' as const, content: [{ type: 'tool-result' as const, toolCallId: 'h2', toolName: 'handoff_to_human', output: { type: 'json' as const, value: {} } }] };
    const reply = planStep([...withEmail, { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'h2', toolName: 'handoff_to_human', input: {} }] }, toolResult] as never, tools);
    expect(reply.kind === 'text' && reply.text).toMatch(/type it in the form's email field/);
    // After an answer (no request drafted), the same message is a question to look up.
    expect(planStep([...conversation.slice(0, 2), text('user', 'the payout was 200 usd on nov 3')], tools)).toMatchObject({ kind: 'tool', toolName: 'search_help_center' });
  });
});

describe('local model and Stop', () => {
  it('stops producing text once the abort signal fires', async () => {
    const model = createLocalChatModel({ wordDelayMs: 5 });
    const ac = new AbortController();
    const source = {
      n: 1,
      slug: 's',
      title: 'Refund a payment',
      url: '/articles/s',
      headingPath: '',
      text: 'You can refund any payment from the Dashboard within 180 days of the payment date. '.repeat(6),
    };
    const { stream } = await model.doStream({
      prompt: [
        { role: 'user', content: [{ type: 'text', text: 'How do I refund a payment?' }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'search_help_center', input: { query: 'refund' } }] },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'search_help_center', output: { type: 'json', value: { notice: '', query: 'refund', sources: [source] } } }] },
      ],
      abortSignal: ac.signal,
    });
    const reader = stream.getReader();
    let deltas = 0;
    let error: unknown = null;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value.type === 'text-delta' && ++deltas === 3) ac.abort();
      }
    } catch (err) {
      error = err;
    }
    expect(error).toBeTruthy();
    expect(deltas).toBe(3);
  });
});

describe('rate limiter (fixed window)', () => {
  it('allows `limit` requests per window, then answers with the seconds to wait', () => {
    let now = 1_000_000;
    const rl = new MemoryFixedWindowLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(rl.take('k', 3, 60_000).ok).toBe(true);
    const denied = rl.take('k', 3, 60_000);
    expect(denied).toEqual({ ok: false, remaining: 0, retryAfterSec: 60 });
    expect(rl.take('other', 3, 60_000).ok).toBe(true);
    now += 45_000;
    expect(rl.take('k', 3, 60_000).retryAfterSec).toBe(15);
    now += 15_000;
    expect(rl.take('k', 3, 60_000).ok).toBe(true);
  });
  it('keeps memory bounded under a flood of keys', () => {
    const rl = new MemoryFixedWindowLimiter(() => 0, 100);
    for (let i = 0; i < 1000; i++) rl.take(`k${i}`, 1, 60_000);
    expect((rl as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(100);
  });
});

describe('fallback answer', () => {
  it('lists the articles as links, or says nothing matched', () => {
    const t = fallbackText([
      { title: 'Refunds', url: '/articles/refunds#x' },
      { title: 'Refunds again', url: '/articles/refunds' },
    ]);
    expect(t).toContain(FALLBACK_NOTICE);
    expect(t).toContain('- [Refunds](/articles/refunds#x)');
    expect(t).not.toContain('Refunds again');
    expect(fallbackText([])).toMatch(/no help article matched/);
  });
});
