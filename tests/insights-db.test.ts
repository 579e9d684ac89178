/**
 * The insights queries on a real database (PGlite, or the server in DATABASE_URL) seeded with
 * known conversations, answers, thumbs, handoffs and searches: deflection, handoff rate by
 * category, helpfulness, no-result searches, the grouped problem questions (embedded with the
 * app's embedding model) and experiment arm counts give exactly the expected numbers; starting
 * and stopping experiments keeps at most one running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articles, categories, conversations, feedback, handoffs, messages, searchQueries, type AnswerProvenance } from '@/db/schema';
import { articleHelpfulness, deflectionSeries, experimentArmCounts, handoffRateByCategory, helpfulnessSeries, noResultSearches, problemQuestions } from '@/db/queries/insights';
import { createExperiment, getRunningExperiment, startExperiment, stopExperiment } from '@/db/queries/experiments';
import { groupQuestions } from '@/lib/insights/groups';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
const since = new Date('2026-01-01T00:00:00Z');
const until = new Date('2026-01-08T00:00:00Z');
const range = { since, until, bucket: 'day' as const };
const at = (day: string, hh = '10') => new Date(`${day}T${hh}:00:00Z`);
let A1 = 0;
let A2 = 0;
let A3 = 0;

/** A provenance whose retrieved passages are `[articleId, cited]` in citation-number order. */
function prov(outcome: AnswerProvenance['outcome'], retrieved: [number, boolean][]): AnswerProvenance {
  return {
    model: { id: 'test', label: 'Test', local: true, config: {} },
    searches: [],
    retrieved: retrieved.map(([articleId, cited], i) => ({
      n: i + 1,
      chunkId: null,
      articleId,
      articleVersion: 1,
      slug: `s${articleId}`,
      title: `T${articleId}`,
      headingPath: '',
      url: `/articles/s${articleId}`,
      text: '',
      cited,
    })),
    answerability: null,
    outcome,
  };
}

type Turn = { q: string; outcome: AnswerProvenance['outcome']; retrieved: [number, boolean][]; experiment?: { id: number; arm: 'control' | 'variant' } };

async function conversation(id: string, day: string, turns: Turn[]) {
  const when = at(day);
  await t.db.insert(conversations).values({ id, clientId: `client-${id}`, title: turns[0]?.q ?? '', createdAt: when });
  let position = 0;
  for (const [i, turn] of turns.entries()) {
    const time = new Date(when.getTime() + i * 60_000);
    await t.db.insert(messages).values({ id: `u${i + 1}`, conversationId: id, role: 'user', parts: [{ type: 'text', text: turn.q }], position: position++, createdAt: time });
    await t.db.insert(messages).values({
      id: `a${i + 1}`,
      conversationId: id,
      role: 'assistant',
      parts: [{ type: 'text', text: 'answer' }],
      provenance: prov(turn.outcome, turn.retrieved),
      position: position++,
      createdAt: new Date(time.getTime() + 1000),
      experimentId: turn.experiment?.id ?? null,
      variant: turn.experiment?.arm ?? null,
    });
  }
}

const vote = (targetType: 'article' | 'message', target: { conversationId?: string; targetId: string; articleId?: number }, rating: 1 | -1, day: string, client: string) =>
  t.db.insert(feedback).values({
    targetType,
    targetId: target.targetId,
    conversationId: target.conversationId ?? '',
    articleId: target.articleId ?? null,
    clientId: client,
    rating,
    createdAt: at(day),
    updatedAt: at(day),
  });

const handoff = (conversationId: string, day: string) =>
  t.db.insert(handoffs).values({ conversationId, toolCallId: 'call-1', clientId: `client-${conversationId}`, email: 'a@example.com', summary: 's', category: 'billing', createdAt: at(day) });

beforeAll(async () => {
  t = await createTestDatabase();
  const [billing, account] = await t.db
    .insert(categories)
    .values([
      { slug: 'billing', name: 'Billing', collection: 'resolve' },
      { slug: 'account', name: 'Account', collection: 'resolve' },
    ])
    .returning();
  const art = (slug: string, categoryId: number | null) => ({ slug, title: slug.toUpperCase(), body: 'x', contentHash: slug, status: 'published' as const, categoryId, collection: 'resolve' });
  [{ id: A1 }, { id: A2 }, { id: A3 }] = await t.db
    .insert(articles)
    .values([art('a1', billing.id), art('a2', account.id), art('a3', null)])
    .returning({ id: articles.id });

  const E = 41;
  // c1: cites A1, thumbs-up → deflected; Billing; control arm.
  await conversation('c1', '2026-01-02', [{ q: 'How do I pay an invoice?', outcome: 'answered', retrieved: [[A1, true]], experiment: { id: E, arm: 'control' } }]);
  // c2: cites A1, handed off; Billing; variant arm, thumbs-up.
  await conversation('c2', '2026-01-02', [{ q: 'Invoice is wrong', outcome: 'answered', retrieved: [[A1, true]], experiment: { id: E, arm: 'variant' } }]);
  // c3: refused first, then an answer citing A2 that got a thumbs-down; Account.
  await conversation('c3', '2026-01-03', [
    { q: 'How do I cancel my subscription?', outcome: 'refused', retrieved: [[A1, false]] },
    {
      q: 'Can I cancel my subscription plan online?',
      outcome: 'answered',
      retrieved: [
        [A1, false],
        [A2, true],
      ],
    },
  ]);
  // c4: the lowest cited number is A2 (n 2; n 1 not cited, n 3 cited) → Account; handed off; variant arm.
  await conversation('c4', '2026-01-03', [
    {
      q: 'Change my email',
      outcome: 'answered',
      retrieved: [
        [A1, false],
        [A2, true],
        [A1, true],
      ],
      experiment: { id: E, arm: 'variant' },
    },
  ]);
  // c5: refused only → no cited article; deflected (no handoff, no thumbs-down).
  await conversation('c5', '2026-01-04', [{ q: 'cancel subscription plan', outcome: 'refused', retrieved: [] }]);
  // c6: a user message only (never answered) → left out.
  await t.db.insert(conversations).values({ id: 'c6', clientId: 'client-c6', createdAt: at('2026-01-04') });
  await t.db.insert(messages).values({ id: 'u1', conversationId: 'c6', role: 'user', parts: [{ type: 'text', text: 'hello?' }], position: 0, createdAt: at('2026-01-04') });
  // c7: before the range (answered, handed off, thumbs-up) → left out everywhere.
  await conversation('c7', '2025-12-31', [{ q: 'Old question', outcome: 'refused', retrieved: [[A1, true]] }]);
  // c8: cites A3 (no category), thumbs-down; control arm.
  await conversation('c8', '2026-01-05', [{ q: 'Do you ship to Mars?', outcome: 'answered', retrieved: [[A3, true]], experiment: { id: E, arm: 'control' } }]);
  // c9: refused.
  await conversation('c9', '2026-01-05', [{ q: 'shipping to Mars', outcome: 'refused', retrieved: [] }]);

  await handoff('c2', '2026-01-02');
  await handoff('c4', '2026-01-03');
  await handoff('c7', '2025-12-31');

  await vote('message', { conversationId: 'c1', targetId: 'a1' }, 1, '2026-01-02', 'client-c1');
  await vote('message', { conversationId: 'c2', targetId: 'a1' }, 1, '2026-01-02', 'client-c2');
  await vote('message', { conversationId: 'c3', targetId: 'a2' }, -1, '2026-01-03', 'client-c3');
  await vote('message', { conversationId: 'c8', targetId: 'a1' }, -1, '2026-01-05', 'client-c8');
  await vote('message', { conversationId: 'c7', targetId: 'a1' }, 1, '2025-12-31', 'client-c7');
  await vote('article', { targetId: String(A1), articleId: A1 }, 1, '2026-01-02', 'v1');
  await vote('article', { targetId: String(A1), articleId: A1 }, 1, '2026-01-02', 'v2');
  await vote('article', { targetId: String(A1), articleId: A1 }, -1, '2026-01-03', 'v3');
  await vote('article', { targetId: String(A2), articleId: A2 }, -1, '2026-01-04', 'v1');
  await vote('article', { targetId: String(A2), articleId: A2 }, 1, '2025-12-30', 'v4');

  await t.db.insert(searchQueries).values([
    { query: 'refund', resultCount: 3, createdAt: at('2026-01-02') },
    { query: 'mars shipping ', resultCount: 0, createdAt: at('2026-01-03') },
    { query: 'Mars shipping', resultCount: 0, createdAt: at('2026-01-04') },
    { query: 'zzqx', resultCount: 0, createdAt: at('2026-01-05') },
    { query: 'old', resultCount: 0, createdAt: at('2025-12-20') },
  ]);
});

afterAll(async () => {
  await t?.close();
});

describe('insights queries', () => {
  it('deflection per day: answered conversations without a handoff or a thumbs-down', async () => {
    expect(await deflectionSeries(t.db, range)).toEqual([
      { bucket: '2026-01-02', conversations: 2, deflected: 1 },
      { bucket: '2026-01-03', conversations: 2, deflected: 0 },
      { bucket: '2026-01-04', conversations: 1, deflected: 1 },
      { bucket: '2026-01-05', conversations: 2, deflected: 1 },
    ]);
    const weekly = await deflectionSeries(t.db, { ...range, bucket: 'week' });
    // 2026-01-02 is a Friday: its ISO week starts Monday 2025-12-29; 01-05 is the next Monday.
    expect(weekly).toEqual([
      { bucket: '2025-12-29', conversations: 5, deflected: 2 },
      { bucket: '2026-01-05', conversations: 2, deflected: 1 },
    ]);
  });

  it('handoff rate by the category of the first cited article', async () => {
    const rows = await handoffRateByCategory(t.db, range);
    expect(rows.map(({ categoryId: _id, ...r }) => r)).toEqual([
      { category: null, collection: null, conversations: 3, handedOff: 0 },
      { category: 'Account', collection: 'resolve', conversations: 2, handedOff: 1 },
      { category: 'Billing', collection: 'resolve', conversations: 2, handedOff: 1 },
    ]);
  });

  it('helpfulness of answers and articles per day, and per article', async () => {
    expect(await helpfulnessSeries(t.db, range)).toEqual([
      { targetType: 'article', bucket: '2026-01-02', up: 2, down: 0 },
      { targetType: 'message', bucket: '2026-01-02', up: 2, down: 0 },
      { targetType: 'article', bucket: '2026-01-03', up: 0, down: 1 },
      { targetType: 'message', bucket: '2026-01-03', up: 0, down: 1 },
      { targetType: 'article', bucket: '2026-01-04', up: 0, down: 1 },
      { targetType: 'message', bucket: '2026-01-05', up: 0, down: 1 },
    ]);
    expect(await articleHelpfulness(t.db, { ...range, limit: 10 })).toEqual([
      { articleId: A1, slug: 'a1', title: 'A1', up: 2, down: 1 },
      { articleId: A2, slug: 'a2', title: 'A2', up: 0, down: 1 },
    ]);
  });

  it('searches with no results, grouped ignoring case and spaces', async () => {
    const s = await noResultSearches(t.db, { since, until, limit: 10 });
    expect(s.searches).toBe(4);
    expect(s.noResults).toBe(3);
    expect(s.top.map(({ query, count }) => ({ query, count }))).toEqual([
      { query: 'Mars shipping', count: 2 },
      { query: 'zzqx', count: 1 },
    ]);
    expect(s.top[0].lastAt.toISOString()).toBe('2026-01-04T10:00:00.000Z');
  });

  it('refused and thumbs-down questions, grouped by meaning with their conversations', async () => {
    const qs = await problemQuestions(t.db, { since, until, limit: 100 });
    expect(qs.map((q) => [q.conversationId, q.messageId, q.question, q.refused, q.thumbsDown])).toEqual([
      ['c3', 'a1', 'How do I cancel my subscription?', true, false],
      ['c3', 'a2', 'Can I cancel my subscription plan online?', false, true],
      ['c5', 'a1', 'cancel subscription plan', true, false],
      ['c8', 'a1', 'Do you ship to Mars?', false, true],
      ['c9', 'a1', 'shipping to Mars', true, false],
    ]);
    const groups = await groupQuestions(qs);
    expect(groups.map((g) => ({ label: g.label, n: g.questions.length, conversations: g.conversationIds, refused: g.refused, down: g.thumbsDown }))).toEqual([
      { label: 'How do I cancel my subscription?', n: 3, conversations: ['c3', 'c5'], refused: 2, down: 1 },
      { label: 'Do you ship to Mars?', n: 2, conversations: ['c8', 'c9'], refused: 1, down: 1 },
    ]);
    // A threshold of 1 leaves every question alone.
    expect(await groupQuestions(qs, { threshold: 1.0001 })).toHaveLength(5);
  });

  it('experiment arms: rated answers and conversations with handoffs', async () => {
    expect(await experimentArmCounts(t.db, { experimentId: 41 })).toEqual([
      { arm: 'control', rated: 2, helpful: 1, conversations: 2, handedOff: 0 },
      { arm: 'variant', rated: 1, helpful: 1, conversations: 2, handedOff: 2 },
    ]);
    expect(await experimentArmCounts(t.db, { experimentId: 999 })).toEqual([
      { arm: 'control', rated: 0, helpful: 0, conversations: 0, handedOff: 0 },
      { arm: 'variant', rated: 0, helpful: 0, conversations: 0, handedOff: 0 },
    ]);
  });
});

describe('experiments', () => {
  it('runs one at a time; a stopped one is not restarted', async () => {
    const a = await createExperiment(t.db, { name: 'A', description: '', config: { rrfK: 10 }, trafficShare: 0.5, createdBy: null });
    const b = await createExperiment(t.db, { name: 'B', description: '', config: { searchLimit: 6 }, trafficShare: 0.1, createdBy: null });
    expect(await getRunningExperiment(t.db)).toBeNull();
    await startExperiment(t.db, { id: a.id });
    expect((await getRunningExperiment(t.db))?.id).toBe(a.id);
    await expect(startExperiment(t.db, { id: b.id })).rejects.toMatchObject({ code: 'conflict:experiment', message: '“A” is running. Stop it first.' });
    await expect(stopExperiment(t.db, { id: b.id })).rejects.toMatchObject({ code: 'conflict:experiment' });
    await stopExperiment(t.db, { id: a.id });
    expect(await getRunningExperiment(t.db)).toBeNull();
    await startExperiment(t.db, { id: b.id });
    expect((await getRunningExperiment(t.db))?.id).toBe(b.id);
    await expect(startExperiment(t.db, { id: a.id })).rejects.toMatchObject({ code: 'conflict:experiment' });
    await expect(startExperiment(t.db, { id: 123456 })).rejects.toMatchObject({ code: 'not_found:experiment' });
    await expect(stopExperiment(t.db, { id: 123456 })).rejects.toMatchObject({ code: 'not_found:experiment' });
  });
});
