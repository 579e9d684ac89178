/**
 * Review and stored datasets (issue 12): a thumbs-down answer becomes a case of a stored dataset
 * (once per dataset), the dataset is run in-process and the run reports the case; JSONL export →
 * import gives identical cases (also with a BOM and CRLF); editing a gold or cited article flags
 * the cases and a later run says whether they pass; dismiss and content gap set the review state.
 * Real database (PGlite in memory, or a scratch database on DATABASE_URL's server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rows } from '@/db/client';
import { conversations, messages } from '@/db/schema';
import { upsertFeedback } from '@/db/queries/feedback';
import { listCases } from '@/db/queries/eval-datasets';
import { articleVoteTotals, getAnswerReview, listReviewQueue } from '@/db/queries/review';
import { importBundle, saveArticle } from '@/lib/content/save';
import type { ImportBundle } from '@/lib/content/types';
import { readDataset } from '@/lib/evals/dataset';
import { casePasses, casesToJsonl, caseProblem, createDataset, editCase, exportDataset, flaggedCases, getDatasetView, importDatasetText, scoreStoredDataset, toEvalCase } from '@/lib/evals/datasets';
import { addReviewedCase, dismissAnswer, markContentGap, reviewCaseId, reviewedCase } from '@/lib/evals/review';
import { loadEvalRun } from '@/lib/evals/store';
import { compareRuns } from '@/lib/evals/compare';
import { createTestDatabase, type TestDb } from './helpers/db';

const acme: ImportBundle = {
  collection: 'acme-docs',
  license: null,
  attribution: null,
  categories: [{ slug: 'acme', name: 'Acme', description: '', position: 0 }],
  articles: [
    {
      sourceId: 'acme-docs/refunds.md',
      slug: 'refunds',
      title: 'Refund an order',
      summary: '',
      body: '## Refund an order\nOpen the order and press Refund order. The refund reaches the card in 5 to 10 days.',
      categorySlug: 'acme',
      sourceUrl: null,
      position: 0,
    },
    {
      sourceId: 'acme-docs/payouts.md',
      slug: 'payouts',
      title: 'Payouts',
      summary: '',
      body: '## When payouts are sent\nPayouts are sent every Monday to the bank account on file once the balance is above 10 dollars.',
      categorySlug: 'acme',
      sourceUrl: null,
      position: 1,
    },
  ],
  failures: [],
};

const text = (t: string) => [{ type: 'text', text: t }];

/** Stores a conversation: user → assistant (cites payouts, wrongly) → user → assistant (cites payouts). */
async function seedConversation(h: TestDb, id: string) {
  await h.db.insert(conversations).values({ id, clientId: `client-${id}`, title: 'refund' });
  await h.db.insert(messages).values([
    { id: 'u1', conversationId: id, role: 'user', parts: text('i sold something by mistake'), position: 0 },
    { id: 'a1', conversationId: id, role: 'assistant', parts: text('Payouts are sent on Mondays.'), position: 1 },
    { id: 'u2', conversationId: id, role: 'user', parts: text('how do i give the money back'), position: 2 },
    {
      id: 'a2',
      conversationId: id,
      role: 'assistant',
      parts: [...text('Payouts are sent every Monday [1].'), { type: 'source-url', sourceId: 'payouts', url: '/articles/payouts', title: 'Payouts' }],
      position: 3,
    },
  ]);
}

describe('review → dataset → run', () => {
  let h: TestDb;
  let refundsId: number;
  let payoutsId: number;
  beforeAll(async () => {
    h = await createTestDatabase();
    await importBundle(h.db, acme);
    const ids = await rows<{ id: number; slug: string }>(h.db, sql`select id, slug from articles where collection = 'acme-docs'`);
    refundsId = ids.find((a) => a.slug === 'refunds')!.id;
    payoutsId = ids.find((a) => a.slug === 'payouts')!.id;
    await seedConversation(h, 'conv-1');
    await seedConversation(h, 'conv-2');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a thumbs-down answer is queued, becomes one case per dataset, and a run of the dataset reports it', async () => {
    const down = await upsertFeedback(h.db, { targetType: 'message', targetId: 'a2', conversationId: 'conv-1', clientId: 'client-conv-1', rating: -1, reason: 'wrong_answer' });
    await upsertFeedback(h.db, { targetType: 'article', targetId: refundsId, clientId: 'v1', rating: 1 });
    await upsertFeedback(h.db, { targetType: 'article', targetId: refundsId, clientId: 'v2', rating: -1 });
    await upsertFeedback(h.db, { targetType: 'article', targetId: refundsId, clientId: 'v3', rating: -1 });

    const queue = await listReviewQueue(h.db, { view: 'down' });
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ conversationId: 'conv-1', messageId: 'a2', feedbackId: down.id, downs: 1, state: null, datasets: [] });
    // Unrated: the other answers, none of the rated one.
    const unrated = await listReviewQueue(h.db, { view: 'unrated' });
    expect(unrated.map((q) => `${q.conversationId}/${q.messageId}`).sort()).toEqual(['conv-1/a1', 'conv-2/a1', 'conv-2/a2']);
    expect(await articleVoteTotals(h.db)).toEqual([{ articleId: refundsId, slug: 'refunds', title: 'Refund an order', helpful: 1, notHelpful: 2 }]);

    const added = await addReviewedCase(h.db, {
      conversationId: 'conv-1',
      messageId: 'a2',
      feedbackId: down.id,
      goldArticleIds: [refundsId],
      reference: 'Open the order and press Refund order; the refund reaches the card in 5 to 10 days.',
      dataset: { name: 'reviewed' },
      by: 'admin@example.com',
    });
    expect(added).toMatchObject({ ok: true, caseId: reviewCaseId({ conversationId: 'conv-1', messageId: 'a2' }), datasetName: 'reviewed' });
    if (!added.ok) throw new Error('not added');
    const [row] = await listCases(h.db, { datasetId: added.datasetId });
    expect(row).toMatchObject({
      caseId: added.caseId,
      turns: ['i sold something by mistake', 'how do i give the money back'],
      gold: ['acme-docs/refunds.md'],
      kind: 'multiturn',
      collection: 'acme-docs',
      origin: 'review',
      feedbackId: down.id,
      conversationId: 'conv-1',
      messageId: 'a2',
      citedArticleIds: [payoutsId],
      createdBy: 'admin@example.com',
    });
    expect(row.createdAt).toBeInstanceOf(Date);

    // The same answer again: a message, not an error, and still one case.
    const again = await addReviewedCase(h.db, {
      conversationId: 'conv-1',
      messageId: 'a2',
      feedbackId: down.id,
      goldArticleIds: [payoutsId],
      reference: '',
      dataset: { id: added.datasetId },
      by: 'x',
    });
    expect(again).toEqual({ ok: false, message: expect.stringMatching(/already case rev-[0-9a-f]{12} of “reviewed”; a rated answer is one case per dataset/) });
    expect(await listCases(h.db, { datasetId: added.datasetId })).toHaveLength(1);
    // The database says so too, whatever the caller does.
    await expect(
      h.db.execute(
        sql`insert into eval_cases (dataset_id, case_id, position, turns, gold, kind, conversation_id, message_id) values (${added.datasetId}, 'other', 9, '["q"]', '[]', 'unanswerable', 'conv-1', 'a2')`,
      ),
    ).rejects.toThrow();
    // Another dataset may hold it.
    const other = await addReviewedCase(h.db, { conversationId: 'conv-1', messageId: 'a2', feedbackId: down.id, goldArticleIds: [], reference: '', dataset: { name: 'gaps' }, by: 'x' });
    expect(other).toMatchObject({ ok: true });
    expect((await listCases(h.db, { datasetId: (other as { datasetId: number }).datasetId }))[0]).toMatchObject({ kind: 'unanswerable', gold: [], reference: null });

    const queued = await listReviewQueue(h.db, { view: 'down' });
    expect(queued[0]).toMatchObject({ state: 'added', datasets: ['gaps', 'reviewed'] });
    expect(await listReviewQueue(h.db, { view: 'down', state: 'open' })).toEqual([]);

    const runId = await scoreStoredDataset(h.db, { datasetId: added.datasetId });
    const run = await loadEvalRun(h.db, { id: runId });
    const view = await getDatasetView(h.db, { id: added.datasetId });
    expect(run).toMatchObject({ datasetName: 'db:reviewed', datasetVersion: view.version, cases: 1 });
    expect(run.config.index).toBe('app-db');
    expect(run.results).toHaveLength(1);
    expect(run.results[0]).toMatchObject({ caseId: added.caseId, kind: 'multiturn', gold: ['acme-docs/refunds.md'] });
    expect(run.results[0].scores['hit@5']).toEqual({ n: expect.any(Number), d: 1 });
    expect(run.results[0].scores.cites_gold).toEqual({ n: expect.any(Number), d: 1 });
    // The answer eval's chat turns are not left behind as conversations to review.
    expect(await rows(h.db, sql`select id from conversations where client_id = 'eval'`)).toEqual([]);
  });

  it('exports JSONL the runner reads, and importing it (plain, or with a BOM and CRLF) gives identical cases', async () => {
    const id = await createDataset(h.db, { name: 'round-trip', by: 'admin@example.com' });
    const source = [
      { id: 'c1', turns: ['how do i refund an order'], gold: ['acme-docs/refunds.md'], kind: 'answerable', collection: 'acme-docs', reference: 'Press Refund order.' },
      { id: 'c2', turns: ['payout – wann?', 'und wie oft?'], gold: ['payouts', 'acme-docs/refunds.md'], kind: 'multiturn' },
      { id: 'c3', turns: ['do you sell gift cards'], gold: [], kind: 'unanswerable', collection: 'acme-docs' },
    ];
    expect(await importDatasetText(h.db, { datasetId: id, text: source.map((c) => JSON.stringify(c)).join('\n'), by: 'a' })).toBe(3);
    const exported = await exportDataset(h.db, { id });
    expect(exported.fileName).toBe('round-trip.jsonl');
    expect(exported.text).toBe(source.map((c) => `${JSON.stringify(c)}\n`).join(''));
    const original = await getDatasetView(h.db, { id });
    expect(readDataset(exported.text).version).toBe(original.version);

    for (const [name, variant] of [
      ['plain', exported.text],
      ['bom-crlf', `\uFEFF${exported.text.replace(/\n/g, '\r\n')}`],
    ] as const) {
      const copy = await createDataset(h.db, { name: `copy-${name}`, by: 'b' });
      await importDatasetText(h.db, { datasetId: copy, text: variant, by: 'b' });
      const back = await getDatasetView(h.db, { id: copy });
      expect(back.cases.map(toEvalCase)).toEqual(original.cases.map(toEvalCase));
      expect(back.version).toBe(original.version);
      expect((await exportDataset(h.db, { id: copy })).text).toBe(exported.text);
    }
    // A clash with a stored case id adds nothing and says which line.
    await expect(importDatasetText(h.db, { datasetId: id, text: JSON.stringify(source[1]), by: 'a' })).rejects.toThrow(/Case c2 \(line 1\) is already in this dataset/);
    // An invalid file names its lines, as `npm run eval` does.
    await expect(importDatasetText(h.db, { datasetId: id, text: `${JSON.stringify({ ...source[0], id: 'c9', gold: [] })}\r\nnope`, by: 'a' })).rejects.toThrow(
      /line 1: case c9 is answerable but its gold is empty; only unanswerable cases have gold \[\]\nline 2: not JSON/,
    );
    expect((await getDatasetView(h.db, { id })).cases).toHaveLength(3);

    // Editing a case changes the version; bad edits are refused with a message.
    const c1 = original.cases[0];
    await expect(editCase(h.db, { datasetId: id, id: c1.id, gold: ['acme-docs/nope.md'], reference: '', kind: 'answerable' })).rejects.toThrow(/No published article has the id “acme-docs\/nope.md”/);
    await expect(editCase(h.db, { datasetId: id, id: c1.id, gold: ['refunds'], reference: '', kind: 'unanswerable' })).rejects.toThrow(/unanswerable case has no gold/);
    expect(await caseProblem(h.db, { kind: 'answerable', gold: ['refunds', 'acme-docs/payouts.md'] })).toBeNull();
    await editCase(h.db, { datasetId: id, id: c1.id, gold: ['refunds'], reference: 'Press Refund order in the order.', kind: 'answerable' });
    const edited = await getDatasetView(h.db, { id });
    expect(edited.cases[0]).toMatchObject({ gold: ['refunds'], reference: 'Press Refund order in the order.' });
    expect(edited.version).not.toBe(original.version);
  });

  it('saving a gold or cited article flags its cases; a later run says whether each passes', async () => {
    const { id: datasetId } = await getDatasetView(h.db, { name: 'reviewed' });
    // No flags before any edit.
    expect(await flaggedCases(h.db)).toEqual([]);
    const [refunds] = await rows<{ version: number }>(h.db, sql`select version from articles where id = ${refundsId}`);
    await saveArticle(h.db, {
      id: refundsId,
      title: 'Refund an order',
      body: '## Refund an order\nOpen the order, press Refund order and confirm. The refund reaches the card in 5 to 10 days.',
      expectedVersion: refunds.version,
    });
    const flagged = await flaggedCases(h.db);
    // `reviewed` (gold), and the round-trip copies (gold by source id or slug); not `gaps` (no gold, did not cite refunds).
    const reviewed = flagged.find((f) => f.datasetName === 'reviewed')!;
    expect(reviewed).toMatchObject({ articleId: refundsId, articleTitle: 'Refund an order', articleVersion: refunds.version + 1, relation: 'gold', status: 'pending', laterRunId: null });
    expect(flagged.filter((f) => f.datasetName === 'gaps')).toEqual([]);
    expect(
      flagged
        .filter((f) => f.datasetName === 'round-trip')
        .map((f) => f.caseId)
        .sort(),
    ).toEqual(['c1', 'c2']);

    // The answer in `gaps` cited payouts: saving payouts flags it as `cited`.
    const [payouts] = await rows<{ version: number; title: string; body: string }>(h.db, sql`select version, title, body from articles where id = ${payoutsId}`);
    await saveArticle(h.db, { id: payoutsId, title: payouts.title, body: `${payouts.body}\n\nWeekends excluded.` });
    const gaps = (await flaggedCases(h.db)).find((f) => f.datasetName === 'gaps')!;
    expect(gaps).toMatchObject({ relation: 'cited', articleId: payoutsId, status: 'pending' });

    // A run after the flag decides: the status follows that run's scores for the case.
    const runId = await scoreStoredDataset(h.db, { datasetId });
    const run = await loadEvalRun(h.db, { id: runId });
    const s = run.results[0].scores;
    const passes = s['hit@5'].n === 1 && s.cites_gold.n === 1;
    const after = (await flaggedCases(h.db)).find((f) => f.datasetName === 'reviewed')!;
    expect(after).toMatchObject({ laterRunId: runId, status: passes ? 'fixed' : 'failing' });

    // Two runs of the dataset compare paired by case id and version.
    const [first] = await rows<{ id: number }>(h.db, sql`select min(id) as id from eval_runs where dataset_name = 'db:reviewed'`);
    const cmp = compareRuns(await loadEvalRun(h.db, { id: Number(first.id) }), run);
    expect(cmp).toMatchObject({ sameDataset: true, sameVersion: true, paired: 1, onlyInA: [], onlyInB: [], changed: [] });
  });

  it('dismiss and content gap set the review state; a gap makes one draft article titled after the question', async () => {
    await upsertFeedback(h.db, { targetType: 'message', targetId: 'a2', conversationId: 'conv-2', clientId: 'client-conv-2', rating: -1 });
    await dismissAnswer(h.db, { conversationId: 'conv-2', messageId: 'a1', reason: 'greeting, nothing to learn', by: 'admin@example.com' });
    expect(await getAnswerReview(h.db, { conversationId: 'conv-2', messageId: 'a1' })).toMatchObject({ state: 'dismissed', reason: 'greeting, nothing to learn', reviewedBy: 'admin@example.com' });

    const gap = await markContentGap(h.db, { conversationId: 'conv-2', messageId: 'a2', note: 'no article on returning money', by: 'admin@example.com' });
    expect(gap.created).toBe(true);
    const [draft] = await rows<{ title: string; status: string; body: string }>(h.db, sql`select title, status, body from articles where id = ${gap.articleId}`);
    expect(draft).toMatchObject({ title: 'how do i give the money back', status: 'draft' });
    expect(draft.body).toContain('no article on returning money');
    expect(await markContentGap(h.db, { conversationId: 'conv-2', messageId: 'a2', by: 'admin@example.com' })).toEqual({ articleId: gap.articleId, created: false });
    const item = (await listReviewQueue(h.db, { view: 'down' })).find((q) => q.conversationId === 'conv-2')!;
    expect(item).toMatchObject({ state: 'gap', draftArticleId: gap.articleId });
    await expect(dismissAnswer(h.db, { conversationId: 'conv-2', messageId: 'nope', reason: 'x', by: 'a' })).rejects.toMatchObject({ code: 'not_found:message' });
    expect(await h.db.select().from(conversations).where(eq(conversations.id, 'conv-2'))).toHaveLength(1);
  });
});

describe('a reviewed answer as a case (pure)', () => {
  const base = { conversationId: 'c', messageId: 'm', provenance: null };
  it('takes the user turns up to the answer; kind from turns and gold; reference only with gold', () => {
    const one = reviewedCase({ ...base, earlierTurns: [], question: 'how do i refund' }, [{ id: 'acme-docs/refunds.md', collection: 'acme-docs' }], '  Press Refund.  ');
    expect(one).toEqual({ id: reviewCaseId(base), turns: ['how do i refund'], gold: ['acme-docs/refunds.md'], kind: 'answerable', collection: 'acme-docs', reference: 'Press Refund.' });
    const earlier = [
      { id: 'u0', role: 'user' as const, text: 'hi', state: 'complete' },
      { id: 'a0', role: 'assistant' as const, text: 'hello', state: 'complete' },
    ] as never;
    const multi = reviewedCase({ ...base, earlierTurns: earlier, question: 'and refunds?' }, [{ id: 'refunds', collection: 'resolve' }], '');
    expect(multi).toMatchObject({ turns: ['hi', 'and refunds?'], kind: 'multiturn', gold: ['refunds'] });
    expect(multi).not.toHaveProperty('reference');
    const none = reviewedCase({ ...base, earlierTurns: [], question: 'gift cards?' }, [], 'ignored');
    expect(none).toEqual({ id: reviewCaseId(base), turns: ['gift cards?'], gold: [], kind: 'unanswerable' });
    expect(reviewCaseId(base)).toMatch(/^rev-[0-9a-f]{12}$/);
    expect(reviewCaseId({ conversationId: 'c', messageId: 'm2' })).not.toBe(reviewCaseId(base));
    // Every reviewed case reads back through the runner's parser.
    const three = [one, { ...multi, id: 'x2' }, { ...none, id: 'x3' }];
    expect(readDataset(casesToJsonl(three)).cases).toEqual(three);
  });

  it('a case passes on gold in the top 5 (and cited, when answers were scored), or a correct refusal', () => {
    const bit = (n: number) => ({ n, d: 1 });
    expect(casePasses({ 'hit@5': bit(1) })).toBe(true);
    expect(casePasses({ 'hit@5': bit(1), cites_gold: bit(0) })).toBe(false);
    expect(casePasses({ 'hit@5': bit(0), cites_gold: bit(1) })).toBe(false);
    expect(casePasses({ correct_refusals: bit(1) })).toBe(true);
    expect(casePasses({ correct_refusals: bit(0) })).toBe(false);
    expect(casePasses({})).toBeNull();
    expect(casePasses(null)).toBeNull();
  });
});
