/**
 * Handoffs an agent can act on, on a real database (PGlite, or a server database in CI) with the
 * sample content: a conversation played through the chat turn of POST /api/chat (startChatTurn →
 * runChatTurn, local model) up to a confirmed handoff; then the assistant's silence until release
 * (no model call while paused), the workflow status (new → in progress → resolved and back, stale
 * changes refused), assignment, internal notes, "already tried" derived from the stored answers,
 * the reply-by-email link and the admin forms' validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createLocalChatModel, LOCAL_CHAT_MODEL_LABEL } from '@/lib/ai/local-chat';
import { runChatTurn, startChatTurn } from '@/lib/assistant/chat-turn';
import { HANDOFF_PAUSED_TEXT, HANDOFF_PREPARED_TEXT } from '@/lib/assistant/handoff';
import { submitHandoff } from '@/lib/assistant/submit-handoff';
import { deriveAlreadyTried, plainExcerpt, replyMailto } from '@/lib/assistant/handoff-context';
import { readChatStream } from '@/lib/evals/answers';
import { readSampleContent } from '@/lib/content/sample';
import { importBundle } from '@/lib/content/save';
import { addHandoffNote, assignHandoff, countHandoffsByWorkflow, getHandoffDetail, listHandoffs, releaseHandoff, setHandoffWorkflow } from '@/db/queries/handoffs';
import { getConversationStatus } from '@/db/queries/conversations';
import { adminUsers, messages } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { assignFormSchema, noteFormSchema, workflowFormSchema } from '@/app/(admin)/admin/handoffs/schema';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
let adminA: number;
let adminB: number;

/** The local model, counting how often the chat turn calls it. */
function countingModel(): { model: LanguageModelV3; calls: () => number } {
  const base = createLocalChatModel();
  let n = 0;
  const model: LanguageModelV3 = {
    ...base,
    doGenerate: (o) => {
      n++;
      return base.doGenerate(o);
    },
    doStream: (o) => {
      n++;
      return base.doStream(o);
    },
  };
  return { model, calls: () => n };
}

const CLIENT = 'handoff-test-client';

/** One user turn through the route's chat turn; returns the read stream. */
async function say(conversationId: string, msgId: string, text: string, model: LanguageModelV3) {
  const turn = await startChatTurn(t.db, { body: { id: conversationId, messages: [{ id: msgId, role: 'user', parts: [{ type: 'text', text }] }] } as never, clientId: CLIENT });
  const stream = await runChatTurn({
    db: t.db,
    conversationId,
    clientId: CLIENT,
    turn,
    chat: { model, id: 'local', label: LOCAL_CHAT_MODEL_LABEL, local: true },
    signal: new AbortController().signal,
  });
  return readChatStream(stream, performance.now());
}

/** Asks a payout question, asks for a person and confirms the form: a stored, open handoff. */
async function handedOff(conv: string, email: string) {
  const m = countingModel();
  const first = await say(conv, `${conv}-u1`, 'Why did my payout fail?', m.model);
  const ask = await say(conv, `${conv}-u2`, 'I already checked my bank details. I want to talk to a person', m.model);
  const call = ask.chunks.find((c) => c.type === 'tool-input-available' && c.toolName === 'handoff_to_human') as { toolCallId: string } | undefined;
  const draft = ask.chunks.find((c) => c.type === 'tool-output-available' && c.toolCallId === call?.toolCallId) as
    | { output: { summary: string; category: 'payouts'; stepsTried: string[]; citedArticles: { title: string; url: string }[] } }
    | undefined;
  expect(call && draft).toBeTruthy();
  const { id } = await submitHandoff(t.db, {
    input: {
      conversationId: conv,
      toolCallId: call!.toolCallId,
      email,
      summary: draft!.output.summary,
      category: draft!.output.category,
      stepsTried: draft!.output.stepsTried,
      citedArticles: draft!.output.citedArticles,
    },
    clientId: CLIENT,
  });
  return { id, first, toolCallId: call!.toolCallId };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await importBundle(t.db, readSampleContent());
  const rows = await t.db
    .insert(adminUsers)
    .values([
      { email: 'ana@example.com', role: 'editor' },
      { email: 'ben@example.com', role: 'admin' },
    ])
    .returning({ id: adminUsers.id });
  [adminA, adminB] = rows.map((r) => r.id);
}, 300_000);

afterAll(async () => {
  await t?.close();
});

describe('the assistant stays silent while a handoff is open', () => {
  it('answers a paused conversation with the fixed notice and no model call; after release the model answers again', async () => {
    const conv = 'silence-1';
    const { id } = await handedOff(conv, 'silence@example.com');
    expect(await getConversationStatus(t.db, { id: conv })).toBe('handoff');

    const m = countingModel();
    const paused = await say(conv, `${conv}-u3`, 'How do I refund a payment?', m.model);
    expect(paused.text).toBe(HANDOFF_PAUSED_TEXT);
    expect(paused.sources).toEqual([]);
    expect(m.calls()).toBe(0);
    const stored = await t.db.select().from(messages).where(eq(messages.conversationId, conv));
    const notice = stored.find((r) => r.role === 'assistant' && r.position === stored.length - 1)!;
    expect(notice.modelId).toBe('resolve-handoff-notice');

    // Working the handoff (even resolving it) does not wake the assistant: only release does.
    await setHandoffWorkflow(t.db, { id, from: 'new', to: 'resolved', actorId: adminA });
    const still = await say(conv, `${conv}-u4`, 'Hello?', m.model);
    expect(still.text).toBe(HANDOFF_PAUSED_TEXT);
    expect(m.calls()).toBe(0);

    expect(await releaseHandoff(t.db, { id, releasedBy: 'ana@example.com' })).toBe(true);
    expect(await getConversationStatus(t.db, { id: conv })).toBe('open');
    const back = await say(conv, `${conv}-u5`, 'How do I refund a payment?', m.model);
    expect(m.calls()).toBeGreaterThan(0);
    expect(back.text).not.toBe(HANDOFF_PAUSED_TEXT);
    expect(back.sources.length).toBeGreaterThan(0);
    const detail = (await getHandoffDetail(t.db, { id }))!;
    expect(detail.status).toBe('released');
    expect(detail.workflowStatus).toBe('resolved');
  });
});

describe('workflow status, assignment and notes', () => {
  let id: number;
  beforeAll(async () => {
    ({ id } = await handedOff('workflow-1', 'workflow@example.com'));
  }, 120_000);

  it('starts new and unassigned; new → in progress assigns the admin who starts it; → resolved stamps the time; back clears it', async () => {
    let h = (await getHandoffDetail(t.db, { id }))!;
    expect([h.workflowStatus, h.status, h.assignee, h.resolvedAt]).toEqual(['new', 'open', null, null]);
    const before = await countHandoffsByWorkflow(t.db);

    expect(await setHandoffWorkflow(t.db, { id, from: 'new', to: 'in_progress', actorId: adminB })).toEqual({ result: 'updated' });
    h = (await getHandoffDetail(t.db, { id }))!;
    expect(h.workflowStatus).toBe('in_progress');
    expect(h.assignee).toEqual({ id: adminB, email: 'ben@example.com' });
    const after = await countHandoffsByWorkflow(t.db);
    expect(after.new).toBe(before.new - 1);
    expect(after.in_progress).toBe(before.in_progress + 1);

    expect(await setHandoffWorkflow(t.db, { id, from: 'in_progress', to: 'resolved', actorId: adminA })).toEqual({ result: 'updated' });
    h = (await getHandoffDetail(t.db, { id }))!;
    expect(h.workflowStatus).toBe('resolved');
    expect(h.resolvedAt).toBeInstanceOf(Date);
    expect(h.assignee?.id).toBe(adminB); // resolving keeps who worked on it
    expect(h.status).toBe('open'); // still paused: released is separate

    expect((await listHandoffs(t.db, { workflow: ['resolved'] })).map((r) => r.id)).toContain(id);
    expect((await listHandoffs(t.db, { workflow: ['new', 'in_progress'] })).map((r) => r.id)).not.toContain(id);

    expect(await setHandoffWorkflow(t.db, { id, from: 'resolved', to: 'in_progress', actorId: adminA })).toEqual({ result: 'updated' });
    h = (await getHandoffDetail(t.db, { id }))!;
    expect([h.workflowStatus, h.resolvedAt, h.assignee?.id]).toEqual(['in_progress', null, adminB]);
  });

  it('refuses a change made from a stale status, and reports the current one', async () => {
    const h = (await getHandoffDetail(t.db, { id }))!;
    expect(h.workflowStatus).toBe('in_progress');
    expect(await setHandoffWorkflow(t.db, { id, from: 'new', to: 'resolved', actorId: adminA })).toEqual({ result: 'stale', current: 'in_progress' });
    expect((await getHandoffDetail(t.db, { id }))!.workflowStatus).toBe('in_progress');
    expect(await setHandoffWorkflow(t.db, { id, from: 'new', to: 'in_progress', actorId: adminA })).toEqual({ result: 'unchanged' });
    await expect(setHandoffWorkflow(t.db, { id: 999_999, from: 'new', to: 'in_progress', actorId: adminA })).rejects.toMatchObject({ code: 'not_found:handoff' });
  });

  it('assigns to an admin, to nobody; refuses unknown admins and handoffs; a deleted admin leaves it unassigned', async () => {
    await assignHandoff(t.db, { id, assigneeId: adminA });
    expect((await getHandoffDetail(t.db, { id }))!.assignee).toEqual({ id: adminA, email: 'ana@example.com' });
    await assignHandoff(t.db, { id, assigneeId: null });
    expect((await getHandoffDetail(t.db, { id }))!.assignee).toBeNull();
    await expect(assignHandoff(t.db, { id, assigneeId: 987_654 })).rejects.toMatchObject({ code: 'not_found:admin' });
    // A viewer cannot work a handoff, so it cannot be assigned one.
    const [viewer] = await t.db.insert(adminUsers).values({ email: 'viewer@example.com', role: 'viewer' }).returning({ id: adminUsers.id });
    await expect(assignHandoff(t.db, { id, assigneeId: viewer.id })).rejects.toMatchObject({ code: 'not_found:admin' });
    await t.db.delete(adminUsers).where(eq(adminUsers.id, viewer.id));
    await expect(assignHandoff(t.db, { id: 987_654, assigneeId: adminA })).rejects.toBeInstanceOf(AppError);

    const [temp] = await t.db.insert(adminUsers).values({ email: 'temp@example.com', role: 'editor' }).returning({ id: adminUsers.id });
    await assignHandoff(t.db, { id, assigneeId: temp.id });
    await t.db.delete(adminUsers).where(eq(adminUsers.id, temp.id));
    expect((await getHandoffDetail(t.db, { id }))!.assignee).toBeNull();
  });

  it('keeps internal notes with author and time, oldest first; the author survives a deleted account', async () => {
    const n1 = await addHandoffNote(t.db, { handoffId: id, authorId: adminA, authorEmail: 'ana@example.com', body: 'Asked the bank about the IBAN.' });
    const n2 = await addHandoffNote(t.db, { handoffId: id, authorId: adminB, authorEmail: 'ben@example.com', body: 'Customer sent a new IBAN.\nPayout retried.' });
    expect(n1.createdAt).toBeInstanceOf(Date);
    const notes = (await getHandoffDetail(t.db, { id }))!.notes;
    expect(notes.map((n) => [n.authorEmail, n.body])).toEqual([
      ['ana@example.com', 'Asked the bank about the IBAN.'],
      ['ben@example.com', 'Customer sent a new IBAN.\nPayout retried.'],
    ]);
    expect(notes[1].id).toBe(n2.id);
    await expect(addHandoffNote(t.db, { handoffId: 987_654, authorId: adminA, authorEmail: 'ana@example.com', body: 'x' })).rejects.toMatchObject({ code: 'not_found:handoff' });
  });
});

describe('"already tried", derived from the conversation', () => {
  it("lists the assistant's answers before the handoff with the articles they cited, not the user's first message copied", async () => {
    const { id, first, toolCallId } = await handedOff('tried-1', 'tried@example.com');
    const m = countingModel();
    await say('tried-1', 'tried-1-u3', 'Any news?', m.model); // a paused notice after the handoff
    const h = (await getHandoffDetail(t.db, { id }))!;
    const tried = deriveAlreadyTried(h.messages, toolCallId);
    expect(tried.answers).toHaveLength(1);
    const [a] = tried.answers;
    expect(a.question).toBe('Why did my payout fail?');
    expect(a.kind).toBe('Answered');
    expect(first.sources.length).toBeGreaterThan(0);
    expect(a.cited).toEqual(first.sources.map((s) => ({ title: s.title, href: s.url })));
    expect(a.excerpt).not.toMatch(/\[\d+\]/);
    expect(a.excerpt.length).toBeLessThanOrEqual(280);
    expect(a.excerpt.slice(0, 40)).toBe(plainExcerpt(first.text).slice(0, 40));
    expect(tried.articles.map((x) => x.href)).toEqual([...new Set(first.sources.map((s) => s.url))]);
    const all = JSON.stringify(tried);
    expect(all).not.toContain(HANDOFF_PAUSED_TEXT.slice(0, 40));
    expect(all).not.toContain(HANDOFF_PREPARED_TEXT.slice(0, 40));
  });

  it('plain excerpts keep a space between blocks and drop citation markers and Markdown', () => {
    expect(plainExcerpt('Payouts pause [1].\n\nCommon codes:\n\n- **account_closed** — closed [2]\n- `no_account`')).toBe('Payouts pause. Common codes: account_closed — closed no_account');
    const long = plainExcerpt('word '.repeat(200), 50);
    expect(long.length).toBeLessThanOrEqual(50);
    expect(long.endsWith('…')).toBe(true);
    expect(plainExcerpt('First sentence ends here. Second one is longer than the cut.', 27)).toBe('First sentence ends here…');
  });
});

describe('reply by email and the admin forms', () => {
  it('builds a mailto to the customer with a subject and the quoted summary and last answer, under 1,800 characters', () => {
    const href = replyMailto({ id: 7, email: 'jane+x@example.com', topic: 'Why did my payout fail?', summary: 'Payout failed.\nTwice.', lastAnswer: 'Update your bank details.' });
    const url = new URL(href);
    expect(url.protocol).toBe('mailto:');
    expect(decodeURIComponent(url.pathname)).toBe('jane+x@example.com');
    expect(url.searchParams.get('subject')).toBe('Re: Why did my payout fail? (handoff #7)');
    const body = url.searchParams.get('body')!;
    expect(body).toContain('> Payout failed.\n> Twice.');
    expect(body).toContain('The assistant had answered:\n> Update your bank details.');
    const huge = replyMailto({ id: 8, email: 'a@example.com', topic: 'x', summary: 'ä'.repeat(3000), lastAnswer: 'b'.repeat(3000) });
    expect(huge.length).toBeLessThanOrEqual(1800);
  });

  it('validates the forms: status names, assignee values, note length; NULs and CRLF cleaned', () => {
    expect(workflowFormSchema.safeParse({ id: '3', from: 'new', to: 'in_progress' }).data).toEqual({ id: 3, from: 'new', to: 'in_progress' });
    expect(workflowFormSchema.safeParse({ id: '3', from: 'new', to: 'closed' }).success).toBe(false);
    expect(workflowFormSchema.safeParse({ id: '0', from: 'new', to: 'resolved' }).success).toBe(false);
    expect(workflowFormSchema.safeParse({ id: 'x', from: 'new', to: 'resolved' }).success).toBe(false);
    expect(assignFormSchema.safeParse({ id: '3', assignee: 'me' }).success).toBe(true);
    expect(assignFormSchema.safeParse({ id: '3', assignee: '' }).success).toBe(true);
    expect(assignFormSchema.safeParse({ id: '3', assignee: 'ben' }).error?.issues[0].message).toBe('Choose an admin from the list.');
    expect(noteFormSchema.safeParse({ id: '3', body: '  \u0000 ' }).error?.issues[0].message).toBe('Write a note first.');
    expect(noteFormSchema.safeParse({ id: '3', body: 'a'.repeat(5001) }).error?.issues[0].message).toBe('At most 5,000 characters.');
    expect(noteFormSchema.safeParse({ id: '3', body: ' one\r\ntwo\u0000 ' }).data).toEqual({ id: 3, body: 'one\ntwo' });
  });
});
