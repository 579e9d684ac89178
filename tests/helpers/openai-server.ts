/**
 * A small OpenAI-compatible server for tests, on 127.0.0.1 and a random port (node:http, no
 * network). `POST /v1/chat/completions` with `stream: true` answers in SSE chunks:
 *   - no tool result in the request yet → a `search_help_center` tool call (query = last user text);
 *   - a tool result present → a text answer citing the tool's `answerable.lead` source (and a bogus
 *     [7] to test dropping), or, when the tool says the passages do not answer, a refusal with no
 *     marker — what a well-behaved hosted model does with the tool result.
 * `POST /v1/embeddings` returns deterministic 16-d vectors (hashed words).
 * Modes: `ok` (default), `error` (HTTP 500 on chat), `hang` (accepts the chat request and never
 * answers; the response is ended when the server closes).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type OpenAiServerMode = 'ok' | 'error' | 'hang';

export interface OpenAiTestServer {
  /** Base URL including `/v1`, for OPENAI_BASE_URL. */
  url: string;
  /** Chat request bodies received, in order. */
  requests: { messages: { role: string; content?: unknown }[]; tools?: unknown[] }[];
  setMode(mode: OpenAiServerMode): void;
  close(): Promise<void>;
}

/** Text of the second (answer) request; [7] has no source and must be dropped by the app. */
const FAKE_ANSWER = 'To refund a payment, open it in the Dashboard and click Refund [1]. Refunds go back to the original card [7].';
/** What the fake model says when the tool result says its passages do not answer. */
const FAKE_REFUSAL = "The help center doesn't cover this. I can connect you with our support team.";

/** The search tool's answerability decision in the last tool message, if any. */
function toolDecision(messages: { role: string; content?: unknown }[]): { answer: boolean; lead: number | null } | null {
  const tool = [...messages].reverse().find((m) => m.role === 'tool');
  try {
    const out = JSON.parse(typeof tool?.content === 'string' ? tool.content : '{}') as { answerable?: { answer: boolean; lead: number | null } };
    return out.answerable ?? null;
  } catch {
    return null;
  }
}

function embed(text: string): number[] {
  const v = new Array(16).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    let h = 2166136261;
    for (const c of w) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
    v[Math.abs(h) % 16] += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** Starts the server. Close it in afterAll. */
export async function startOpenAiTestServer(): Promise<OpenAiTestServer> {
  let mode: OpenAiServerMode = 'ok';
  const requests: OpenAiTestServer['requests'] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      if (req.url === '/v1/embeddings') {
        const input: string[] = Array.isArray(body.input) ? body.input : [body.input];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ object: 'list', model: body.model, data: input.map((t, i) => ({ object: 'embedding', index: i, embedding: embed(t) })), usage: { prompt_tokens: 1, total_tokens: 1 } }),
        );
        return;
      }
      if (req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      requests.push(body);
      if (mode === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'upstream exploded', type: 'server_error' } }));
        return;
      }
      if (mode === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
      const send = (delta: unknown, finish: string | null = null) => res.write(`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
      const messages: { role: string; content?: unknown }[] = body.messages ?? [];
      const hasToolResult = messages.some((m) => m.role === 'tool');
      if (!hasToolResult) {
        const lastUser = [...messages].reverse().find((m) => m.role === 'user');
        const query = typeof lastUser?.content === 'string' ? lastUser.content : 'refund';
        send({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_test_1', type: 'function', function: { name: 'search_help_center', arguments: '' } }] });
        const args = JSON.stringify({ query });
        send({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 5) } }] });
        send({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] });
        send({}, 'tool_calls');
      } else {
        send({ role: 'assistant', content: '' });
        const decision = toolDecision(messages);
        const text = decision?.answer === false ? FAKE_REFUSAL : FAKE_ANSWER.replace('[1]', `[${decision?.lead ?? 1}]`);
        for (const piece of text.match(/\S+\s*/g) ?? []) send({ content: piece });
        send({}, 'stop');
      }
      res.write(`data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    setMode: (m) => {
      mode = m;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
