/**
 * Feedback that can be learned from, through the real routes (POST /api/feedback, POST /api/chat
 * with the local model): one reason taxonomy; switching thumbs clears the other thumb's reason and
 * comment; repeats and double submits stay one row; comments are stored redacted; article votes are
 * keyed by the article's id (they follow a rename, and a new article taking the old slug has none);
 * a rated answer keeps what produced it. Runs on PGlite, or on the server in DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { articleChunks, articles, feedback, messages } from '@/db/schema';
import { getFeedbackDetail, listFeedback } from '@/db/queries/feedback';
import { saveArticle } from '@/lib/content/save';
import { FEEDBACK_REASONS, findReason, reasonsFor } from '@/lib/feedback/reasons';
import { feedbackRequestSchema } from '@/lib/feedback/schema';
import { prepareApp } from '@/lib/startup';

let tmp: string;
let chat: typeof import('@/app/api/chat/route');
let chatById: typeof import('@/app/api/chat/[id]/route');
let feedbackRoute: typeof import('@/app/api/feedback/route');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-feedback-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  process.env.RESOLVE_RATE_LIMIT = 'off';
  await prepareApp();
  chat = await import('@/app/api/chat/route');
  chatById = await import('@/app/api/chat/[id]/route');
  feedbackRoute = await import('@/app/api/feedback/route');
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Unique per run, so a reused server database (DATABASE_URL) holds no earlier vote. */
const RUN = Date.now().toString(36);
const cookieOf = (name: string) => `resolve_client=fb-${name}-${RUN}`;

const vote = (body: Record<string, unknown>, cookie: string) =>
  feedbackRoute.POST(new Request('http://localhost/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) }));

async function publishedArticle(slug: string): Promise<{ id: number; version: number }> {
  const [a] = await (await getDb()).select({ id: articles.id, version: articles.version }).from(articles).where(eq(articles.slug, slug));
  return a;
}

async function votesOf(articleId: number) {
  return (await getDb())
    .select()
    .from(feedback)
    .where(and(eq(feedback.targetType, 'article'), eq(feedback.articleId, articleId)));
}

describe('the reason taxonomy', () => {
  it('is one list of unique ids, each with the thumbs it goes with; labels of older clients resolve to ids', () => {
    const ids = FEEDBACK_REASONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(reasonsFor('down').length).toBeGreaterThan(1);
    expect(reasonsFor('up').length).toBeGreaterThan(1);
    expect(findReason('Out of date')?.id).toBe('out_of_date');
    expect(findReason('Incorrect')?.id).toBe('incorrect');
    expect(findReason('  SOLVED ')?.id).toBe('solved');
    expect(findReason('I hate it')).toBeUndefined();
  });

  it('the request schema stores ids and refuses a reason outside the list or of the other thumb', () => {
    const ok = feedbackRequestSchema.parse({ targetType: 'article', targetId: 3, rating: 'down', reason: "Didn't answer my question" });
    expect(ok.reason).toBe('not_answered');
    expect(feedbackRequestSchema.safeParse({ targetType: 'article', targetId: 3, rating: 'down', reason: 'because' }).success).toBe(false);
    expect(feedbackRequestSchema.safeParse({ targetType: 'article', targetId: 3, rating: 'up', reason: 'out_of_date' }).success).toBe(false);
    expect(feedbackRequestSchema.safeParse({ targetType: 'message', targetId: 3, conversationId: 'c', rating: 'up' }).success).toBe(false);
    // A number that is no article id gets one message that says what an id is (zod named two limits for 1e20).
    for (const targetId of [1e20, 1.5, 0, -3, 2 ** 31]) {
      expect(feedbackRequestSchema.safeParse({ targetType: 'article', targetId, rating: 'up' }).error?.issues.map((i) => i.message)).toEqual([
        "targetId is not an article id: a whole number from 1 to 2147483647, or the article's slug",
      ]);
    }
  });
});

describe('POST /api/feedback on articles', () => {
  it('answers 400 for a reason outside the taxonomy, and for one of the other thumb', async () => {
    const a = await publishedArticle('refund-a-payment');
    expect((await vote({ targetType: 'article', targetId: a.id, rating: 'down', reason: 'nonsense' }, cookieOf('bad'))).status).toBe(400);
    expect((await vote({ targetType: 'article', targetId: a.id, rating: 'up', reason: 'incorrect' }, cookieOf('bad'))).status).toBe(400);
    expect(await votesOf(a.id).then((v) => v.filter((x) => x.clientId === `fb-bad-${RUN}`))).toEqual([]);
  });

  it('switching thumbs clears the other thumb’s reason and comment; the same thumb again keeps them', async () => {
    const a = await publishedArticle('refund-a-payment');
    const c = cookieOf('switch');
    const mine = async () => (await votesOf(a.id)).filter((v) => v.clientId === `fb-switch-${RUN}`);

    expect((await vote({ targetType: 'article', targetId: a.id, rating: 'down', reason: 'out_of_date', comment: 'The screenshots are old' }, c)).status).toBe(200);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[-1, 'out_of_date', 'The screenshots are old']]);
    // A repeated click on the same thumb (no details) keeps the details.
    expect((await vote({ targetType: 'article', targetId: a.id, rating: 'down' }, c)).status).toBe(200);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[-1, 'out_of_date', 'The screenshots are old']]);
    // down → up: the down's reason and comment are gone.
    expect((await vote({ targetType: 'article', targetId: a.id, rating: 'up' }, c)).status).toBe(200);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[1, null, null]]);
    // up with details, then up → down: the up's are gone too.
    await vote({ targetType: 'article', targetId: a.id, rating: 'up', reason: 'solved', comment: 'Worked first time' }, c);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[1, 'solved', 'Worked first time']]);
    await vote({ targetType: 'article', targetId: a.id, rating: 'down' }, c);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[-1, null, null]]);
    // Switching with new details stores the new ones.
    await vote({ targetType: 'article', targetId: a.id, rating: 'up', reason: 'clear' }, c);
    expect((await mine()).map((v) => [v.rating, v.reason, v.comment])).toEqual([[1, 'clear', null]]);
  });

  it('a double submit (two at once) and repeats stay one row per article and visitor', async () => {
    const a = await publishedArticle('refund-a-payment');
    const c = cookieOf('double');
    const body = { targetType: 'article', targetId: a.id, rating: 'down', reason: 'hard_to_understand' };
    const res = await Promise.all([vote(body, c), vote(body, c), vote({ ...body, targetId: 'refund-a-payment' }, c)]);
    expect(res.map((r) => r.status)).toEqual([200, 200, 200]);
    const ids = await Promise.all(res.map(async (r) => (await r.json()).id));
    expect(new Set(ids).size).toBe(1);
    const rows = (await votesOf(a.id)).filter((v) => v.clientId === `fb-double-${RUN}`);
    expect(rows).toHaveLength(1);
    expect(rows[0].targetId).toBe(String(a.id));
  });

  it('stores a comment with an email address and a phone number redacted', async () => {
    const a = await publishedArticle('refund-a-payment');
    const c = cookieOf('pii');
    const res = await vote({ targetType: 'article', targetId: a.id, rating: 'down', reason: 'other', comment: 'Write to jane.doe@example.com or call +1 (415) 555-0132' }, c);
    expect(res.status).toBe(200);
    const [row] = (await votesOf(a.id)).filter((v) => v.clientId === `fb-pii-${RUN}`);
    expect(row.comment).toBe('Write to [email] or call [phone]');
    expect(JSON.stringify(row)).not.toContain('example.com');
    expect(JSON.stringify(row)).not.toContain('555-0132');
  });

  it('votes follow an article through a rename; a new article taking the old slug has none', async () => {
    const db = await getDb();
    const first = await saveArticle(db, { title: `Rename me ${RUN}`, slug: `rename-me-${RUN}`, body: 'Exporting reports.\n\n## Steps\n\nOpen Reports and press Export.', status: 'published' });
    const oldSlug = first.slug;
    // One vote by id (the current client), one by slug (an older client).
    expect((await vote({ targetType: 'article', targetId: first.id, rating: 'up' }, cookieOf('r1'))).status).toBe(200);
    expect((await vote({ targetType: 'article', targetId: oldSlug, rating: 'down', reason: 'out_of_date' }, cookieOf('r2'))).status).toBe(200);
    expect((await votesOf(first.id)).map((v) => v.targetId)).toEqual([String(first.id), String(first.id)]);

    const renamed = await saveArticle(db, { id: first.id, title: `Renamed ${RUN}`, slug: `renamed-${RUN}`, body: 'Exporting reports.\n\n## Steps\n\nOpen Reports and press Export.' });
    expect(renamed.slug).toBe(`renamed-${RUN}`);
    const newcomer = await saveArticle(db, { title: `Newcomer ${RUN}`, slug: oldSlug, body: 'Something else entirely.', status: 'published' });
    expect(newcomer.slug).toBe(oldSlug);
    expect(newcomer.id).not.toBe(first.id);

    // The renamed article keeps both votes; the newcomer has none.
    expect(await votesOf(first.id)).toHaveLength(2);
    expect(await votesOf(newcomer.id)).toHaveLength(0);
    const listed = (await listFeedback(db, { limit: 500 })).filter((r) => r.articleId === first.id);
    expect(listed).toHaveLength(2);
    expect(listed.every((r) => r.articleSlug === `renamed-${RUN}` && r.targetLabel === `Renamed ${RUN}`)).toBe(true);
    expect((await listFeedback(db, { limit: 500 })).filter((r) => r.articleId === newcomer.id)).toEqual([]);

    // A vote sent with the old slug now is the newcomer's (the slug names it today); the old votes stay put.
    expect((await vote({ targetType: 'article', targetId: oldSlug, rating: 'up' }, cookieOf('r3'))).status).toBe(200);
    expect(await votesOf(newcomer.id)).toHaveLength(1);
    expect(await votesOf(first.id)).toHaveLength(2);
  });

  it('answers 404 for an unknown article id', async () => {
    const res = await vote({ targetType: 'article', targetId: 2_000_000_000, rating: 'up' }, cookieOf('404'));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found:article');
    expect((await vote({ targetType: 'article', targetId: '2000000000', rating: 'up' }, cookieOf('404'))).status).toBe(404);
  });

  it('an id sent as a string of digits counts for that article, unless an article has that string as its slug', async () => {
    const a = await publishedArticle('refund-a-payment');
    const res = await vote({ targetType: 'article', targetId: String(a.id), rating: 'up' }, cookieOf('digits'));
    expect(res.status).toBe(200);
    expect((await res.json()).articleId).toBe(a.id);
    const db = await getDb();
    const numbered = await saveArticle(db, { title: `Numbered ${RUN}`, slug: String(a.id), body: 'An article whose slug is a number.', status: 'published' });
    const bySlug = await vote({ targetType: 'article', targetId: String(a.id), rating: 'up' }, cookieOf('digits2'));
    expect((await bySlug.json()).articleId).toBe(numbered.id);
  });
});

type Part = Record<string, unknown> & { type: string };
type Msg = { id: string; role: 'user' | 'assistant'; parts: Part[] };
const user = (id: string, text: string): Msg => ({ id, role: 'user', parts: [{ type: 'text', text }] });

describe('a rated answer keeps what produced it', () => {
  it('stores the question, earlier turns, retrieved chunks with article ids and versions, model, answerability, answer and citations', async () => {
    const conv = `fb-prov-${RUN}`;
    const c = cookieOf('prov');
    const send = async (msgs: Msg[]) => {
      const res = await chat.POST(
        new Request('http://localhost/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', cookie: c }, body: JSON.stringify({ id: conv, messages: msgs }) }),
      );
      expect(res.status).toBe(200);
      await res.text();
    };
    await send([user('u1', 'How do I refund a payment?')]);
    await send([user('u1', 'How do I refund a payment?'), user('u2', 'How long does a refund take?')]);
    const got = await chatById.GET(new Request(`http://localhost/api/chat/${conv}`, { headers: { cookie: c } }), { params: Promise.resolve({ id: conv }) });
    const { messages: stored } = (await got.json()) as { messages: Msg[] };
    expect(stored.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    const answer = stored[3];

    const res = await vote({ targetType: 'message', targetId: answer.id, conversationId: conv, rating: 'down', reason: 'incorrect', comment: 'Ask me at a@b.co' }, c);
    expect(res.status).toBe(200);
    const { id } = (await res.json()) as { id: number };

    const db = await getDb();
    const detail = await getFeedbackDetail(db, { id });
    expect(detail?.feedback.reason).toBe('incorrect');
    expect(detail?.feedback.comment).toBe('Ask me at [email]');
    const rec = detail!.answer!;
    expect(rec.question).toBe('How long does a refund take?');
    expect(rec.earlierTurns.map((t) => [t.role, t.id])).toEqual([
      ['user', 'u1'],
      ['assistant', stored[1].id],
    ]);
    expect(rec.earlierTurns[0].text).toBe('How do I refund a payment?');
    expect(rec.earlierTurns[1].text.length).toBeGreaterThan(20);

    // The answer and its citations.
    const answerText = answer.parts
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('\n\n');
    expect(rec.answer).toBe(answerText);
    expect(rec.answer).toMatch(/\[1\]/);
    expect(rec.citations.length).toBeGreaterThan(0);
    expect(rec.citations[0].url).toMatch(/^\/articles\//);

    // Model, settings, answerability.
    const p = rec.provenance!;
    expect(p).toBeTruthy();
    expect(rec.modelId).toBe(p.model.id);
    expect(p.model.id).toMatch(/\w/);
    expect(p.model.local).toBe(true);
    expect(p.model.config).toMatchObject({ maxSteps: expect.any(Number), searchLimit: expect.any(Number), fusion: { k: expect.any(Number) } });
    expect(p.outcome).toBe('answered');
    expect(p.answerability?.answer).toBe(true);
    expect(p.answerability?.probability).toBeGreaterThan(0);
    expect(p.answerability?.probability).toBeLessThanOrEqual(1);
    expect(p.searches.length).toBeGreaterThan(0);
    expect(p.searches[p.searches.length - 1].query).toMatch(/refund/i);

    // Retrieved chunks: ids that exist, of the articles and versions they name; the cited ones are the answer's sources.
    expect(p.retrieved.length).toBeGreaterThan(0);
    expect(rec.retrievedChunkIds).toEqual(p.retrieved.map((r) => r.chunkId));
    const chunkRows = await db
      .select({ id: articleChunks.id, articleId: articleChunks.articleId, version: articles.version, slug: articles.slug })
      .from(articleChunks)
      .innerJoin(articles, eq(articles.id, articleChunks.articleId))
      .where(
        inArray(
          articleChunks.id,
          p.retrieved.map((r) => r.chunkId!),
        ),
      );
    const byChunk = new Map(chunkRows.map((r) => [r.id, r]));
    for (const r of p.retrieved) {
      const row = byChunk.get(r.chunkId!);
      expect(row, `chunk ${r.chunkId}`).toBeTruthy();
      expect(r.articleId).toBe(row!.articleId);
      expect(r.articleVersion).toBe(row!.version);
      expect(r.slug).toBe(row!.slug);
      expect(r.text.length).toBeGreaterThan(0);
    }
    const citedSlugs = p.retrieved.filter((r) => r.cited).map((r) => r.slug);
    expect(citedSlugs.length).toBe(rec.citations.length);
    expect(rec.citations.map((x) => x.sourceId)).toEqual(expect.arrayContaining(citedSlugs));

    // The admin listing shows the score and question for the rated answer.
    const listed = (await listFeedback(db, { rating: -1, limit: 500 })).find((r) => r.id === id);
    expect(listed?.question).toBe('How long does a refund take?');
    expect(listed?.answerability).toBeCloseTo(p.answerability!.probability, 6);
    expect(listed?.conversationId).toBe(conv);

    // The row itself holds it (not derived at read time).
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conv), eq(messages.id, answer.id)));
    expect(row.provenance?.retrieved.map((r) => r.chunkId)).toEqual(rec.retrievedChunkIds);
  });
});
