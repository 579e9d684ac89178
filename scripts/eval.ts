/**
 * npm run eval -- --dataset <file.jsonl> [--answers [--openai-test-server]] [--k 10] [--json] [--pooled] [--corpus-dir <dir>] [--app-db]
 *
 * Builds a fresh in-memory index of the corpora the dataset names (imported from --corpus-dir,
 * default ../shared/corpus) — or, with --app-db, uses the app's own database — then prints
 * hit@1, hit@5, recall@10, MRR@10, nDCG@10 and p50/p95 latency per leg and for the fusion,
 * overall and per kind. --json prints one JSON object on stdout instead.
 * --answers plays every case through the assistant's chat turn instead (lib/evals/answers.ts) and
 * prints answer-level metrics: cites gold, citation precision, wrong and correct refusals,
 * key-fact recall (lexical), verbatim quotes, time to first token and to the end. With
 * --openai-test-server the answers come through the hosted-model path (@ai-sdk/openai) from the
 * loopback OpenAI-compatible test server (tests/helpers/openai-server.ts), which follows the search
 * tool's answerability decision: it checks the path's guarantees, not a model's quality.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeDb, openDatabase } from '@/db/client';
import { importBundle } from '@/lib/content/save';
import { readDocsFolder } from '@/lib/content/import';
import { collectionsOf, parseDataset } from '@/lib/evals/dataset';
import { formatReport, runRetrievalEval } from '@/lib/evals/retrieval';
import { formatAnswerReport, runAnswerEval } from '@/lib/evals/answers';
import { getChatModel } from '@/lib/ai/chat-model';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { resetEnvForTests } from '@/lib/env';
import { prepareApp } from '@/lib/startup';

const usage = 'usage: npm run eval -- --dataset <file.jsonl> [--answers [--openai-test-server]] [--k 10] [--json] [--pooled] [--corpus-dir <dir>] [--app-db]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        dataset: { type: 'string' },
        k: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        answers: { type: 'boolean', default: false },
        'openai-test-server': { type: 'boolean', default: false },
        pooled: { type: 'boolean', default: false },
        'corpus-dir': { type: 'string', default: process.env.RESOLVE_CORPUS_DIR ?? path.resolve('../shared/corpus') },
        'app-db': { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const k = Number(args.k);
  if (!args.dataset || !Number.isInteger(k) || k < 1 || k > 100) {
    console.error(usage);
    return 2;
  }
  let cases;
  try {
    cases = parseDataset(fs.readFileSync(args.dataset, 'utf8'));
  } catch (err) {
    console.error(`cannot read dataset ${args.dataset}: ${(err as Error).message}`);
    return 1;
  }
  const log = (msg: string) => (args.json ? process.stderr : process.stdout).write(`${msg}\n`);
  let db;
  let close: () => Promise<void>;
  if (args['app-db']) {
    db = (await prepareApp()).db;
    close = closeDb;
  } else {
    const handle = await openDatabase({});
    db = handle.db;
    close = handle.close;
    for (const collection of collectionsOf(cases)) {
      const folder = path.join(args['corpus-dir']!, collection);
      const t0 = performance.now();
      const bundle = await readDocsFolder(folder);
      const report = await importBundle(db, bundle);
      log(`indexed ${collection}: ${report.imported} articles, ${report.failed.length} failed (${Math.round(performance.now() - t0)} ms)`);
    }
  }
  try {
    if (args.answers) {
      let stopServer = async () => {};
      if (args['openai-test-server']) {
        // The hosted path (@ai-sdk/openai) against the loopback OpenAI-compatible test server; the
        // index keeps the local embedding model it was built with (chosen once per process).
        await getEmbeddingModel();
        const { startOpenAiTestServer } = await import('../tests/helpers/openai-server');
        const server = await startOpenAiTestServer();
        stopServer = () => server.close();
        Object.assign(process.env, { OPENAI_API_KEY: 'sk-test-not-a-real-key', OPENAI_BASE_URL: server.url, OPENAI_CHAT_MODEL: 'loopback-test-model' });
        resetEnvForTests();
      }
      const report = await runAnswerEval(db, cases, {
        chat: await getChatModel(),
        scope: !args.pooled,
        onCase: (r) => {
          if (!args.json) return;
          process.stderr.write(`${r.id} ${r.citesGold ? 'gold' : r.refused ? 'refused' : 'miss'} ${r.cited.join(',')}\n`);
        },
      });
      await stopServer();
      if (args.json) process.stdout.write(`${JSON.stringify({ dataset: path.basename(args.dataset), ...report })}\n`);
      else log(formatAnswerReport(report));
      return 0;
    }
    const report = await runRetrievalEval(db, cases, { k, scope: !args.pooled });
    if (args.json) {
      const { results, ...summary } = report;
      process.stdout.write(`${JSON.stringify({ dataset: path.basename(args.dataset), ...summary, misses: results.filter((r) => r.config === 'hybrid' && !r.ranked.slice(0, 5).some((x) => r.gold.includes(x))).map((r) => ({ id: r.id, query: r.query, top: r.ranked.slice(0, 3), gold: r.gold })) })}\n`);
    } else {
      log(formatReport(report));
    }
  } finally {
    await close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
