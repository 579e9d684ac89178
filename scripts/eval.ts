/**
 * npm run eval -- --dataset <file.jsonl> [--answers [--openai-test-server] [--judgments <file.jsonl>]] [--k 10] [--json]
 *                 [--pooled] [--corpus-dir <dir>] [--app-db] [--save] [--gate <thresholds.json>]
 *
 * Validates the dataset before anything is scored: every line parses, kind and gold agree (an
 * unanswerable case has gold [], every other kind has gold), and — once the index is there — every
 * gold id names an indexed article (source id or slug). Problems are printed with their line
 * numbers and the run exits 1 without scoring.
 *
 * Builds a fresh in-memory index of the corpora the dataset names (imported from --corpus-dir,
 * default ../shared/corpus) — or, with --app-db, uses the app's own database — then prints
 * hit@1, hit@5, recall@10, MRR@10, nDCG@10 and p50/p95 latency per leg and for the fusion,
 * overall and per kind. --json prints one JSON object on stdout instead.
 * --answers also plays every case through the assistant's chat turn (lib/evals/answers.ts) and
 * prints answer-level metrics: cites gold, citation precision, wrong and correct refusals,
 * key-fact recall (lexical), verbatim quotes, time to first token and to the end. With
 * --openai-test-server the answers come through the hosted-model path (@ai-sdk/openai) from the
 * loopback OpenAI-compatible test server (tests/helpers/openai-server.ts), which follows the search
 * tool's answerability decision: it checks the path's guarantees, not a model's quality.
 * --save stores the run (metrics, per-case results, latency, config) in the app's database —
 * DATABASE_URL's server when set, else the embedded one in the data folder — whichever index was
 * scored, and prints its id (compare two with `npm run eval:compare -- <runA> <runB>`).
 * --dataset db:<name> reads a dataset stored in the app's database (/admin/evals) instead of a file
 * and scores it on the app's own index (as --app-db); a saved run is named `db:<name>`.
 * --judgments (with --answers) reads pooled relevance judgments (lib/evals/judgments.ts, e.g.
 * evals/judgments.jsonl) and also prints cites an answering article and answering precision: gold
 * plus the articles judged to answer, and how many citations are still unjudged.
 * --gate checks the hybrid's and the answers' overall metrics against a thresholds file
 * (evals/thresholds.json) and exits 1 naming each metric past its bound.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getDb, openDatabase } from '@/db/client';
import { importBundle } from '@/lib/content/save';
import { readDocsFolder } from '@/lib/content/import';
import { collectionsOf, DatasetError, readDataset } from '@/lib/evals/dataset';
import { formatUnknownGold, resolveGoldIds } from '@/lib/evals/gold';
import { conflictingJudgments, formatJudgedReport, judgedAnswerMetrics, judgmentsFor, readJudgments, resolveJudgedArticles, type Judgment } from '@/lib/evals/judgments';
import { listIndexedArticleIds } from '@/db/queries/evals';
import { checkGate, formatGate, parseThresholds, type Thresholds } from '@/lib/evals/gate';
import { formatReport, runRetrievalEval } from '@/lib/evals/retrieval';
import { formatAnswerReport, runAnswerEval, type AnswerReport } from '@/lib/evals/answers';
import { buildRunCases } from '@/lib/evals/runs';
import { exportDataset, storedDatasetRunName } from '@/lib/evals/datasets';
import { currentRunConfig, saveEvalRun } from '@/lib/evals/store';
import { getChatModel } from '@/lib/ai/chat-model';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { resetEnvForTests } from '@/lib/env';
import { cliArgs, inForwardedCommand } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { prepareApp } from '@/lib/startup';

const usage =
  'usage: npm run eval -- --dataset <file.jsonl | db:<name>> [--answers [--openai-test-server] [--judgments <file.jsonl>]] [--k 10] [--json] [--pooled] [--corpus-dir <dir>] [--app-db] [--save] [--gate <thresholds.json>]';

/** A DatasetError's lines, indented under the message; another error's message on the same line. */
function problemsOf(err: unknown): string {
  return err instanceof DatasetError ? `\n${err.message.replace(/^/gm, '  ')}` : ` ${(err as Error).message}`;
}

/** A stored dataset's cases as JSONL, read from the app's database. */
async function storedDatasetText(name: string): Promise<string> {
  const { db } = await prepareApp();
  return (await exportDataset(db, { name })).text;
}

/** The command: exit code 0, 1 or 2 (see the usage). */
export async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: cliArgs(),
      options: {
        dataset: { type: 'string' },
        k: { type: 'string', default: '10' },
        json: { type: 'boolean', default: false },
        answers: { type: 'boolean', default: false },
        'openai-test-server': { type: 'boolean', default: false },
        pooled: { type: 'boolean', default: false },
        'corpus-dir': { type: 'string', default: process.env.RESOLVE_CORPUS_DIR ?? path.resolve('../shared/corpus') },
        'app-db': { type: 'boolean', default: false },
        save: { type: 'boolean', default: false },
        gate: { type: 'string' },
        judgments: { type: 'string' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (args['openai-test-server'] && inForwardedCommand()) {
    // It would point the running server's own chat model at the loopback test server.
    console.error('--openai-test-server cannot run inside the running server; stop it, or leave out --save/--app-db');
    return 2;
  }
  const k = Number(args.k);
  if (!args.dataset || !Number.isInteger(k) || k < 1 || k > 100) {
    console.error(usage);
    return 2;
  }
  let judgments: Judgment[] | null = null;
  if (args.judgments !== undefined) {
    if (args.judgments.trim() === '') {
      console.error(`--judgments needs a file (JSON Lines, e.g. evals/judgments.jsonl)\n${usage}`);
      return 2;
    }
    if (!args.answers) {
      console.error(`--judgments scores answers: add --answers\n${usage}`);
      return 2;
    }
    let text: string;
    try {
      text = fs.readFileSync(args.judgments, 'utf8');
    } catch (err) {
      console.error(`cannot read judgments ${args.judgments}: ${(err as Error).message}`);
      return 2;
    }
    try {
      judgments = readJudgments(text);
    } catch (err) {
      console.error(`judgments ${args.judgments} are invalid; nothing was scored:${problemsOf(err)}`);
      return 1;
    }
  }
  let thresholds: Thresholds | null = null;
  if (args.gate) {
    try {
      thresholds = parseThresholds(fs.readFileSync(args.gate, 'utf8'));
    } catch (err) {
      console.error(`cannot read thresholds ${args.gate}: ${(err as Error).message}`);
      return 2;
    }
  }
  // `db:<name>`: a dataset stored in the app's database (/admin/evals), scored on the app's index.
  const stored = args.dataset.startsWith('db:') ? args.dataset.slice(3) : null;
  if (stored !== null) args['app-db'] = true;
  const datasetName = stored !== null ? storedDatasetRunName(stored) : path.basename(args.dataset);
  let dataset;
  try {
    dataset = readDataset(stored !== null ? await storedDatasetText(stored) : fs.readFileSync(args.dataset, 'utf8'));
  } catch (err) {
    console.error(`dataset ${args.dataset} is invalid; nothing was scored:${problemsOf(err)}`);
    return 1;
  }
  const log = (msg: string) => (args.json ? process.stderr : process.stdout).write(`${msg}\n`);
  let db;
  let close: () => Promise<void>;
  if (args['app-db']) {
    db = (await prepareApp()).db;
    close = closeCliDb;
  } else {
    const handle = await openDatabase({});
    db = handle.db;
    close = async () => {
      await handle.close();
      await closeCliDb();
    };
    for (const collection of collectionsOf(dataset.cases)) {
      const folder = path.join(args['corpus-dir']!, collection);
      if (!fs.existsSync(folder)) {
        // Its gold ids are then reported as unknown below, with their lines.
        log(`no corpus folder ${collection} in ${args['corpus-dir']}: not indexed`);
        continue;
      }
      const t0 = performance.now();
      const bundle = await readDocsFolder(folder);
      const report = await importBundle(db, bundle);
      log(`indexed ${collection}: ${report.imported} articles, ${report.failed.length} failed (${Math.round(performance.now() - t0)} ms)`);
    }
  }
  try {
    // Gold and judged article ids are resolved against one read of the index.
    const indexed = await listIndexedArticleIds(db);
    const { cases, unknown } = resolveGoldIds(dataset, indexed);
    if (unknown.length) {
      console.error(`dataset ${args.dataset}: ${formatUnknownGold(unknown)}\nnothing was scored.`);
      return 1;
    }
    // The judgments of this dataset's cases, their articles resolved as gold ids are.
    if (judgments) {
      const ids = new Set(cases.map((c) => c.id));
      const applying = judgmentsFor(judgments, datasetName, ids);
      const resolved = resolveJudgedArticles(applying, indexed);
      if (resolved.unknown.length) {
        console.error(
          `judgments ${args.judgments}: ${resolved.unknown.length} judged article(s) name no indexed article:\n${resolved.unknown.map((j) => `  line ${j.line} (${j.case}): ${j.article}`).join('\n')}\nnothing was scored.`,
        );
        return 1;
      }
      const conflicts = conflictingJudgments(resolved.judgments);
      if (conflicts.length) {
        console.error(`judgments ${args.judgments} disagree about an article; nothing was scored:\n${conflicts.map((c) => `  line ${c.line}: ${c.message}`).join('\n')}`);
        return 1;
      }
      // How many apply, so that a `dataset` field naming another file (or cases of another set) shows.
      log(
        `judgments: ${applying.length} of ${judgments.length} apply to ${datasetName} (${new Set(applying.map((j) => j.case)).size} of its ${ids.size} cases)${applying.length ? '' : '; a judgment applies to the case of its id in the dataset file its "dataset" field names, or in any file without one'}`,
      );
      judgments = resolved.judgments;
    }
    const t0 = performance.now();
    const retrieval = await runRetrievalEval(db, cases, { k, scope: !args.pooled });
    let answers: AnswerReport | null = null;
    let chatModelId: string | null = null;
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
      const chat = await getChatModel();
      chatModelId = chat.id;
      answers = await runAnswerEval(db, cases, {
        chat,
        scope: !args.pooled,
        onCase: (r) => {
          if (!args.json) return;
          process.stderr.write(`${r.id} ${r.citesGold ? 'gold' : r.refused ? 'refused' : 'miss'} ${r.cited.join(',')}\n`);
        },
      });
      await stopServer();
    }
    const durationMs = performance.now() - t0;
    if (args.json) {
      const { results, ...summary } = retrieval;
      const misses = results
        .filter((r) => r.config === 'hybrid' && !r.ranked.slice(0, 5).some((x) => r.gold.includes(x)))
        .map((r) => ({ id: r.id, query: r.query, top: r.ranked.slice(0, 3), gold: r.gold }));
      const retrievalJson = { ...summary, misses };
      // Without --answers the retrieval report is the object, as before; with it, the answer report is, plus `retrieval`.
      const judged = answers && judgments ? { judged: judgedAnswerMetrics(answers.results, judgments) } : {};
      process.stdout.write(`${JSON.stringify(answers ? { dataset: datasetName, ...answers, ...judged, retrieval: retrievalJson } : { dataset: datasetName, ...retrievalJson })}\n`);
    } else {
      log(formatReport(retrieval));
      if (answers) log(`\n${formatAnswerReport(answers)}`);
      if (answers && judgments) log(`\n${formatJudgedReport(judgedAnswerMetrics(answers.results, judgments))}`);
    }
    if (args.save) {
      // The in-memory index goes away with this process; the run is kept in the app's database.
      const store = args['app-db'] ? db : await getDb();
      const config = await currentRunConfig({
        dataset: { name: datasetName, version: dataset.version },
        chatModelId,
        k: retrieval.k,
        scoped: retrieval.scoped,
        index: args['app-db'] ? 'app-db' : 'fresh',
      });
      const id = await saveEvalRun(store, { config, retrieval, answers, cases: buildRunCases(cases, retrieval, answers), durationMs });
      log(`saved run ${id} (${datasetName} @ ${dataset.version.slice(0, 12)}, ${answers ? 'retrieval + answers' : 'retrieval'}, commit ${config.gitCommit?.slice(0, 12) ?? 'none'})`);
    }
    if (thresholds) {
      const gate = checkGate(thresholds, { retrieval: retrieval.overall.hybrid ? { ...retrieval.overall.hybrid } : null, answers: answers ? { ...answers.overall } : null });
      log(`\n${formatGate(gate)}`);
      if (!gate.pass) return 1;
    }
  } finally {
    await close();
  }
  return 0;
}

// Only a run that reads or writes the app's database needs the server that holds it; the default
// eval indexes the corpora into its own in-memory database and runs here.
runCli('eval', main, (argv) => argv.some((a) => a === '--save' || a === '--app-db' || a.startsWith('--dataset=db:')) || argv.some((a, i) => a === '--dataset' && argv[i + 1]?.startsWith('db:')));
