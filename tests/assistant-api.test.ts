/**
 * The assistant's routes end to end with the local model: follow-up suggestions, citations
 * normalized before storage, the handoff (form draft → confirm → pause → admin release), Stop
 * (the generation stops and the partial answer is stored as stopped) and histories with a tool
 * call that never got a result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { prepareApp } from '@/lib/startup';
import { saveConversation } from '@/db/queries/conversations';
import { listHandoffs, releaseHandoff } from '@/db/queries/handoffs';
import { handoffs } from '@/db/schema';
import { HANDOFF_FORM_TEXT, HANDOFF_PAUSED_TEXT, HANDOFF_PREPARED_TEXT } from '@/lib/assistant/handoff';

let tmp: string;
let chat: typeof import('@/app/api/chat/route');
let chatById: typeof import('@/app/api/chat/[id]/route');
let handoffRoute: typeof import('@/app/api/handoffs/route');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-assistant-api-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  await prepareApp();
  chat = await import('@/app/api/chat/route');
  chatById = await import('@/app/api/chat/[id]/route');
  handoffRoute = await import('@/app/api/handoffs/route');
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Unique per run, so a reused server database (DATABASE_URL) holds no earlier conversation. */
const RUN = Date.now().toString(36);

type Msg = { id: string; role: 'user' | 'assistant'; parts: Record<string, unknown>[]; metadata?: unknown };
const user = (id: string, text: string): Msg => ({ id: `${id}-${RUN}`, role: 'user', parts: [{ type: 'text', text }] });
const post = (name: string, messages: Msg[], cookie: string, signal?: AbortSignal, id = `${name}-${RUN}`) =>
  chat.POST(
    new Request('http://localhost/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ id, messages }),
      signal,
    }),
  );
const events = (sse: string) =>
  sse
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)));
const textOf = (ev: { type: string; delta?: string }[]) =>
  ev
    .filter((e) => e.type === 'text-delta')
    .map((e) => e.delta)
    .join('');
const stored = async (name: string, cookie: string, id = `${name}-${RUN}`) => {
  const res = await chatById.GET(new Request(`http://localhost/api/chat/${id}`, { headers: { cookie } }), { params: Promise.resolve({ id }) });
  return res.json() as Promise<{ status: string; messages: Msg[] }>;
};

describe('answers', () => {
  it('suggests follow-up questions from the cited articles, and a suggestion is answered as a follow-up', async () => {
    const cookie = 'resolve_client=suggest-client-1';
    const first = user('s-u1', 'How do I refund a payment?');
    const ev = events(await (await post('conv-suggest', [first], cookie)).text());
    const sug = ev.find((e) => e.type === 'data-suggestions');
    expect(sug?.data.questions.length).toBeGreaterThanOrEqual(2);
    expect(sug?.data.questions.length).toBeLessThanOrEqual(3);
    for (const q of sug!.data.questions) expect(q).toMatch(/\?$/);
    const conv = await stored('conv-suggest', cookie);
    expect(conv.messages[1].parts.some((p) => p.type === 'data-suggestions')).toBe(true);
    // Every stored marker maps to a source part of the same message.
    const a = conv.messages[1];
    const nSources = a.parts.filter((p) => p.type === 'source-url').length;
    const text = a.parts
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('');
    for (const m of text.matchAll(/\[(\d+)\]/g)) expect(Number(m[1])).toBeLessThanOrEqual(nSources);

    const next = await post('conv-suggest', [...conv.messages, user('s-u2', sug!.data.questions[0])], cookie);
    const ev2 = events(await next.text());
    expect(ev2.filter((e) => e.type === 'source-url').length).toBeGreaterThan(0);
    expect(textOf(ev2).length).toBeGreaterThan(40);
  });

  it('an unanswerable question gets the not-covered text, no citation and no suggestions', async () => {
    const ev = events(await (await post('conv-nc', [user('nc-u1', 'Can I pay my electricity bill with gold bars in Antarctica?')], 'resolve_client=nc-client-01')).text());
    const text = textOf(ev);
    expect(text).toMatch(/couldn't find this in the help center/);
    expect(text).not.toMatch(/\[\d+\]/);
    expect(ev.some((e) => e.type === 'data-suggestions')).toBe(false);
  });

  it('a tool call left without a result in the history does not break the next turn', async () => {
    const cookie = 'resolve_client=dangling-client';
    const history: Msg[] = [
      user('d-u1', 'I want to talk to a person'),
      {
        id: 'd-a1',
        role: 'assistant',
        parts: [
          { type: 'step-start' },
          { type: 'tool-handoff_to_human', toolCallId: 'call_dangling', state: 'input-available', input: { summary: 'x', category: 'other', stepsTried: [] } },
          { type: 'tool-search_help_center', toolCallId: 'call_dangling_2', state: 'input-streaming' },
        ],
      },
      user('d-u2', 'How do I refund a payment?'),
    ];
    // The history is read from the database, so the dangling call is stored there first.
    await saveConversation(await getDb(), { id: `conv-dangling-${RUN}`, clientId: 'dangling-client', messages: history.slice(0, 2) as never });
    const res = await post('conv-dangling', history, cookie);
    expect(res.status).toBe(200);
    const ev = events(await res.text());
    expect(ev.some((e) => e.type === 'error')).toBe(false);
    expect(textOf(ev)).toContain('[1]');
  });
});

describe('handoff to a human', () => {
  const cookie = 'resolve_client=handoff-client-1';
  it('a yes after the drafted request points to its form, and drafts no second one', async () => {
    const c = 'resolve_client=handoff-client-yes';
    expect(textOf(events(await (await post('conv-handoff-yes', [user('y-u1', 'agent please')], c)).text()))).toBe(HANDOFF_PREPARED_TEXT);
    let conv = await stored('conv-handoff-yes', c);
    const yes = await post('conv-handoff-yes', [...conv.messages, user('y-u2', 'yes')], c);
    const ev = events(await yes.text());
    expect(ev.some((e) => e.type === 'tool-input-available' && e.toolName === 'handoff_to_human')).toBe(false);
    expect(textOf(ev)).toBe(HANDOFF_FORM_TEXT);
    conv = await stored('conv-handoff-yes', c);
    expect(conv.messages.length).toBe(4);
  });
  it('drafts a form (no side effect), stores it only when confirmed, pauses the assistant until released', async () => {
    const db = await getDb();
    const q1 = await post('conv-handoff', [user('h-u1', 'Why did my payout fail?')], cookie);
    await q1.text();
    let conv = await stored('conv-handoff', cookie);
    expect(JSON.stringify(conv.messages[1].parts), JSON.stringify(conv.messages[1].parts).slice(-1500)).toContain('[1]');
    const ask = await post('conv-handoff', [...conv.messages, user('h-u2', 'I already checked my bank details. I want to talk to a person')], cookie);
    const ev = events(await ask.text());
    const call = ev.find((e) => e.type === 'tool-input-available' && e.toolName === 'handoff_to_human');
    expect(call).toBeTruthy();
    const out = ev.find((e) => e.type === 'tool-output-available' && e.toolCallId === call.toolCallId)?.output;
    expect(out.status).toBe('draft');
    expect(out.summary).toContain('payout');
    expect(out.category).toBe('payouts');
    expect(out.stepsTried.join(' ')).toContain('checked my bank details');
    expect(out.citedArticles.length).toBeGreaterThan(0);
    expect(textOf(ev)).toBe(HANDOFF_PREPARED_TEXT);
    // Nothing created yet.
    const storedHandoffs = async () =>
      (
        await db
          .select()
          .from(handoffs)
          .where(eq(handoffs.conversationId, `conv-handoff-${RUN}`))
      ).length;
    expect(await storedHandoffs()).toBe(0);

    const submit = (body: Record<string, unknown>, c = cookie) =>
      handoffRoute.POST(new Request('http://localhost/api/handoffs', { method: 'POST', headers: { 'content-type': 'application/json', cookie: c }, body: JSON.stringify(body) }));
    const form = {
      conversationId: `conv-handoff-${RUN}`,
      toolCallId: call.toolCallId,
      email: 'jane.doe@example.com',
      summary: `${out.summary} Card 4242 4242 4242 4242.`,
      category: out.category,
      stepsTried: out.stepsTried,
      citedArticles: out.citedArticles,
    };
    expect((await submit({ ...form, email: 'not-an-email' })).status).toBe(400);
    expect((await submit(form, 'resolve_client=someone-else-99')).status).toBe(404);
    // A form the assistant never offered in this conversation is refused, and nothing is stored.
    const forged = await submit({ ...form, toolCallId: 'forged-1' });
    expect(forged.status).toBe(404);
    expect((await forged.json()).error.code).toBe('not_found:handoff');
    expect(await storedHandoffs()).toBe(0);
    const ok = await submit(form);
    expect(ok.status).toBe(201);
    const body = await ok.json();
    expect(body.output.status).toBe('submitted');
    expect(body.output.email).toBe('[email]');
    // Sending it again changes nothing and answers with what was sent the first time.
    const again = await submit({ ...form, summary: 'A different summary', email: 'other@example.com' });
    expect(again.status).toBe(200);
    const againBody = await again.json();
    expect(againBody.id).toBe(body.id);
    expect(againBody.created).toBe(false);
    expect(againBody.output.summary).toBe(body.output.summary);

    const row = (await listHandoffs(db, { status: 'open' })).find((h) => h.conversationId === `conv-handoff-${RUN}`)!;
    expect(row.email).toBe('jane.doe@example.com');
    expect(row.summary).toContain('[card ••••4242]');
    expect(row.summary).not.toContain('4242 4242');

    conv = await stored('conv-handoff', cookie);
    expect(conv.status).toBe('handoff');
    const part = conv.messages.flatMap((m) => m.parts).find((p) => p.toolCallId === call.toolCallId) as { state: string; output: { status: string } };
    expect(part.state).toBe('output-available');
    expect(part.output.status).toBe('submitted');
    expect(JSON.stringify(conv)).not.toContain('jane.doe@example.com');

    // Paused: the route answers with the notice, not the model.
    const paused = events(await (await post('conv-handoff', [...conv.messages, user('h-u3', 'How do I refund a payment?')], cookie)).text());
    expect(textOf(paused)).toBe(HANDOFF_PAUSED_TEXT);
    expect(paused.some((e) => e.type === 'source-url')).toBe(false);

    expect(await releaseHandoff(db, { id: row.id, releasedBy: 'admin@example.com' })).toBe(true);
    expect(await releaseHandoff(db, { id: row.id, releasedBy: 'admin@example.com' })).toBe(false);
    conv = await stored('conv-handoff', cookie);
    expect(conv.status).toBe('open');
    const back = events(await (await post('conv-handoff', [...conv.messages, user('h-u4', 'How do I refund a payment?')], cookie)).text());
    expect(textOf(back)).toContain('[1]');
  });

  it('treats "yes" after the offer as accepting it', async () => {
    const c = 'resolve_client=handoff-client-2';
    await (await post('conv-yes', [user('y-u1', 'Can I pay my electricity bill with gold bars in Antarctica?')], c)).text();
    const conv = await stored('conv-yes', c);
    const ev = events(await (await post('conv-yes', [...conv.messages, user('y-u2', 'yes please')], c)).text());
    expect(ev.some((e) => e.type === 'tool-input-available' && e.toolName === 'handoff_to_human')).toBe(true);
  });
});

describe('Stop', () => {
  it('aborts the generation and stores the partial answer as stopped', async () => {
    const cookie = 'resolve_client=stop-client-01';
    const ac = new AbortController();
    const res = await post('conv-stop', [user('st-u1', 'How do I turn on two-factor authentication?')], cookie, ac.signal);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let seen = '';
    let deltas = 0;
    while (deltas < 5) {
      const { value, done } = await reader.read();
      if (done) break;
      const chunk = dec.decode(value);
      seen += chunk;
      deltas += (chunk.match(/"type":"text-delta"/g) ?? []).length;
    }
    ac.abort();
    await reader.cancel().catch(() => {});
    // Give onFinish (the save) a moment.
    let conv: Awaited<ReturnType<typeof stored>> | null = null;
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      conv = await stored('conv-stop', cookie);
      if (conv.messages?.length === 2) break;
    }
    expect(seen).toContain('text-delta');
    const answer = conv!.messages[1] as Msg & { metadata: { state: string } };
    expect(answer.metadata.state).toBe('stopped');
    const text = answer.parts
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('');
    expect(text.length).toBeGreaterThan(0);
    expect(text).not.toContain('If this doesn');
  });
});
