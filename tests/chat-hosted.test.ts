/**
 * The hosted-model path end to end, offline: route handler → @ai-sdk/openai (Chat Completions) →
 * the loopback OpenAI-compatible test server → search_help_center tool → cited answer; and the
 * fallback to search results when the provider fails or hangs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { prepareApp } from '@/lib/startup';
import { searchArticles } from '@/lib/search/hybrid';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { resetEnvForTests } from '@/lib/env';
import { FALLBACK_NOTICE } from '@/lib/assistant/fallback';
import { startOpenAiTestServer, type OpenAiTestServer } from './helpers/openai-server';

let tmp: string;
let server: OpenAiTestServer;
let chat: typeof import('@/app/api/chat/route');
let chatById: typeof import('@/app/api/chat/[id]/route');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-hosted-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  resetEnvForTests();
  // Seed with the local embedding model first (it is chosen once per process); chat then switches.
  await prepareApp();
  await getEmbeddingModel();
  // Warm the search (the first query on a fresh server database is slow) so the timeout below
  // measures the model, not the first search.
  await searchArticles(await getDb(), { query: 'refund a payment', limit: 4 });
  server = await startOpenAiTestServer();
  process.env.OPENAI_API_KEY = 'sk-test-not-a-real-key';
  process.env.OPENAI_BASE_URL = server.url;
  process.env.OPENAI_CHAT_MODEL = 'test-chat-model';
  process.env.RESOLVE_CHAT_TIMEOUT_MS = '6000';
  resetEnvForTests();
  chat = await import('@/app/api/chat/route');
  chatById = await import('@/app/api/chat/[id]/route');
});

afterAll(async () => {
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_CHAT_MODEL;
  delete process.env.RESOLVE_CHAT_TIMEOUT_MS;
  resetEnvForTests();
  await server?.close();
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const cookie = 'resolve_client=hosted-client-01';
/** Unique per run, so a reused server database (DATABASE_URL) holds no earlier conversation. */
const RUN = Date.now().toString(36);
const ask = (name: string, text: string, id = `${name}-${RUN}`) =>
  chat.POST(
    new Request('http://localhost/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-forwarded-for': `10.0.0.${id.length}` },
      body: JSON.stringify({ id, messages: [{ id: `${id}-u1`, role: 'user', parts: [{ type: 'text', text }] }] }),
    }),
  );
const stored = async (name: string, id = `${name}-${RUN}`) => {
  const res = await chatById.GET(new Request(`http://localhost/api/chat/${id}`, { headers: { cookie } }), { params: Promise.resolve({ id }) });
  return res.json();
};
const events = (sse: string) =>
  sse
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)));

describe('hosted model through an OpenAI-compatible server', () => {
  it('runs the tool loop: tool call → search → cited answer with sources; a marker without a source is dropped', async () => {
    server.setMode('ok');
    const before = server.requests.length;
    const res = await ask('hosted-1', 'How do I refund a payment? My email is jane@example.com');
    expect(res.status).toBe(200);
    const ev = events(await res.text());
    expect(server.requests.length - before).toBe(2);
    // The hosted model never sees the email.
    expect(JSON.stringify(server.requests.slice(before))).not.toContain('jane@example.com');
    expect(ev.some((e) => e.type === 'tool-input-available' && e.toolName === 'search_help_center')).toBe(true);
    const sources = ev.filter((e) => e.type === 'source-url');
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.map((s) => s.url).join(' ')).toContain('/articles/refund-a-payment');
    expect(ev.find((e) => e.type === 'start')?.messageMetadata?.model).toBe('test-chat-model');

    const conv = await stored('hosted-1');
    const answer = conv.messages[1];
    const text = answer.parts
      .filter((p: { type: string }) => p.type === 'text')
      .map((p: { text: string }) => p.text)
      .join('');
    expect(text).toContain('click Refund [1].');
    expect(text).not.toContain('[7]');
    expect(text).toContain('original card.');
    expect(answer.metadata.state).toBe('complete');
    // Sources are the cited articles only: one marker, one source.
    expect(sources).toHaveLength(1);
  });

  it('a refusal by the hosted model lists no sources; search results come apart, labelled', async () => {
    server.setMode('ok');
    const ev = events(await (await ask('hosted-refuse', 'Can I pay my electricity bill with gold bars at a kiosk in Antarctica?')).text());
    expect(ev.some((e) => e.type === 'tool-input-available' && e.toolName === 'search_help_center')).toBe(true);
    expect(
      ev
        .filter((e) => e.type === 'text-delta')
        .map((e) => e.delta)
        .join(''),
    ).not.toMatch(/\[\d+\]/);
    expect(ev.filter((e) => e.type === 'source-url')).toEqual([]);
    expect(ev.find((e) => e.type === 'finish')?.messageMetadata?.refused).toBe(true);
  });

  it('falls back to search results with a clear note when the provider fails', async () => {
    server.setMode('error');
    const res = await ask('hosted-2', 'How do I refund a payment?');
    expect(res.status).toBe(200);
    const ev = events(await res.text());
    expect(ev.some((e) => e.type === 'error')).toBe(false);
    const text = ev
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toContain(FALLBACK_NOTICE);
    expect(text).toMatch(/\]\(\/articles\/refund-a-payment/);
    expect(ev.find((e) => e.type === 'finish')?.messageMetadata?.fallback).toBe(true);
    const conv = await stored('hosted-2');
    expect(JSON.stringify(conv.messages[1].parts)).toContain(FALLBACK_NOTICE);
  });

  it('falls back when the provider does not answer in time', async () => {
    server.setMode('hang');
    const t0 = Date.now();
    const res = await ask('hosted-3', 'How do I refund a payment?');
    const text = events(await res.text())
      .filter((e) => e.type === 'text-delta')
      .map((e) => e.delta)
      .join('');
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(text).toContain(FALLBACK_NOTICE);
    server.setMode('ok');
  });
});
