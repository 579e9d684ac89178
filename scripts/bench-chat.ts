/**
 * npm run bench:chat -- [--requests 40] [--levels 10,25,50,100,200] [--json]
 *
 * The assistant's speed with the local (offline, extractive) model on the bundled help center,
 * through the real POST /api/chat handler called in-process (no network, nothing listens):
 *   1. sequential turns: time to first token (first text-delta) and to last token (stream end),
 *      p50/p95, in ms, as a user sees them (the model streams a word every 12 ms);
 *   2. concurrent streams: for each level, that many turns at once; all completed?, TTFT p95,
 *      TTLT p95 and the event-loop delay p99 (perf_hooks.monitorEventLoopDelay). A level is
 *      "held" when every stream completes, event-loop p99 < 100 ms and TTFT p95 < 2 s.
 * Uses a fresh temp data dir and RESOLVE_RATE_LIMIT=off. Bounded: every loop has a fixed count.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const QUESTIONS = [
  'How do I refund a payment?',
  'When will I receive my payout?',
  'How do I turn on two-factor authentication?',
  'How do I add a webhook endpoint?',
  'Why was a payment declined?',
  'How do I change my bank account?',
  'What are the fees for refunds?',
  'How do I invite team members?',
  'How do I rotate a leaked API key?',
  'What happens when a customer disputes a payment?',
  'How do I issue a partial refund?',
  'Can I pay my electricity bill with gold bars?',
];

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1];
}

async function main() {
  const { values } = parseArgs({
    options: { requests: { type: 'string', default: '40' }, levels: { type: 'string', default: '10,25,50,100,200' }, json: { type: 'boolean', default: false } },
  });
  const requests = Math.min(500, Math.max(1, Number(values.requests)));
  const levels = values
    .levels!.split(',')
    .map(Number)
    .filter((n) => n > 0 && n <= 1000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-bench-chat-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  process.env.RESOLVE_RATE_LIMIT = 'off';
  delete process.env.OPENAI_API_KEY;
  const { closeDb } = await import('@/db/client');
  const { prepareApp } = await import('@/lib/startup');
  const route = await import('@/app/api/chat/route');
  const t0 = performance.now();
  await prepareApp();
  const setupMs = performance.now() - t0;

  let seq = 0;
  /** One turn; resolves with ms to the first text-delta and to the end of the stream. */
  const turn = async (question: string) => {
    const id = `bench-${++seq}`;
    const started = performance.now();
    const res = await route.POST(
      new Request('http://localhost/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `resolve_client=bench-client-${seq}` },
        body: JSON.stringify({ id, messages: [{ id: `${id}-u`, role: 'user', parts: [{ type: 'text', text: question }] }] }),
      }),
    );
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let first = NaN;
    let ok = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const s = dec.decode(value, { stream: true });
      if (Number.isNaN(first) && s.includes('"type":"text-delta"')) first = performance.now() - started;
      if (s.includes('"type":"finish"')) ok = true;
    }
    return { ttft: first, ttlt: performance.now() - started, ok };
  };

  // Warm-up (first search compiles query plans, loads the word vectors).
  for (const q of QUESTIONS.slice(0, 3)) await turn(q);

  const seqRuns = [];
  for (let i = 0; i < requests; i++) seqRuns.push(await turn(QUESTIONS[i % QUESTIONS.length]));
  const sequential = {
    requests,
    ttftP50: pct(
      seqRuns.map((r) => r.ttft),
      50,
    ),
    ttftP95: pct(
      seqRuns.map((r) => r.ttft),
      95,
    ),
    ttltP50: pct(
      seqRuns.map((r) => r.ttlt),
      50,
    ),
    ttltP95: pct(
      seqRuns.map((r) => r.ttlt),
      95,
    ),
  };

  const concurrent = [];
  for (const level of levels) {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const started = performance.now();
    const runs = await Promise.all(Array.from({ length: level }, (_, i) => turn(QUESTIONS[i % QUESTIONS.length]).catch(() => ({ ttft: NaN, ttlt: NaN, ok: false }))));
    h.disable();
    const done = runs.filter((r) => r.ok);
    const row = {
      streams: level,
      completed: done.length,
      wallMs: performance.now() - started,
      ttftP95: pct(
        done.map((r) => r.ttft),
        95,
      ),
      ttltP95: pct(
        done.map((r) => r.ttlt),
        95,
      ),
      loopLagP99Ms: h.percentile(99) / 1e6,
      held: false,
    };
    row.held = row.completed === level && row.loopLagP99Ms < 100 && row.ttftP95 < 2000;
    concurrent.push(row);
  }
  const held = concurrent.filter((r) => r.held).reduce((m, r) => Math.max(m, r.streams), 0);
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });

  const result = { cpus: os.availableParallelism?.() ?? os.cpus().length, node: process.version, setupMs, sequential, concurrent, maxHeldStreams: held };
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '—');
  console.log(`bench:chat — local model, in-process route handler, ${result.cpus} CPUs, ${result.node}; setup (db + seed) ${f(setupMs)} ms`);
  console.log(`sequential (${requests} turns): TTFT p50 ${f(sequential.ttftP50)} ms, p95 ${f(sequential.ttftP95)} ms; TTLT p50 ${f(sequential.ttltP50)} ms, p95 ${f(sequential.ttltP95)} ms`);
  console.log('streams  completed  wall ms  TTFT p95  TTLT p95  loop lag p99  held');
  for (const r of concurrent) {
    console.log(
      `${String(r.streams).padStart(7)}  ${String(r.completed).padStart(9)}  ${f(r.wallMs).padStart(7)}  ${f(r.ttftP95).padStart(8)}  ${f(r.ttltP95).padStart(8)}  ${r.loopLagP99Ms.toFixed(1).padStart(12)}  ${r.held ? 'yes' : 'no'}`,
    );
  }
  console.log(`max concurrent streams held: ${held}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
