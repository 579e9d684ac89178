/**
 * npm run train:answerability -- --dataset <file.jsonl> [--dataset <file2.jsonl>] [--folds 5] [--out <model.json>] [--corpus-dir <dir>]
 *
 * Trains the assistant's answerability model (lib/assistant/answerability.ts): imports the corpora
 * the datasets name into a fresh in-memory database, retrieves each question's passages exactly as
 * the search tool does (scoped to its collection), labels each candidate passage 1 when its article
 * is gold, and fits a logistic regression (ml-logistic-regression, with a constant column for the
 * intercept and standardized features, since the library has neither). The decision threshold is
 * the one with the best cross-validated Youden's J of the question-level decision (share of
 * questions with a gold article that are answered, minus share of questions without one that are
 * answered), averaged over the dataset files. Prints the cross-validated precision/recall and
 * confusion (a question is handled right when it is answered from a gold passage, or refused when
 * no gold passage was retrieved), then writes the model with how it was trained.
 *
 * Datasets: eval cases (`{ id, turns, gold, kind, collection }`, lib/evals/dataset.ts) or
 * answerability lines (`{ id, question, collection, answerable, gold }`). `--dataset db:<name>` reads
 * a dataset stored in the app's database (reviewed thumbs, /admin/evals); with it, or with
 * `--app-db`, questions are retrieved from the app's own index instead of corpus folders, so a help
 * center retrains from its own reviewed cases. The run of `npm run eval` that follows shows
 * whether the new model helped (`--save`, then `npm run eval:compare`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { openDatabase, type Db } from '@/db/client';
import { articles } from '@/db/schema';
import { FEATURE_NAMES, mostlyUnknownWords, answerabilityFeatures, answerabilityProbabilities, type AnswerabilityModel } from '@/lib/assistant/answerability';
import { contextualQuery } from '@/lib/assistant/context';
import { retrievePassages } from '@/lib/assistant/tools/search-help-center';
import { readDocsFolder } from '@/lib/content/import';
import { readSampleContent } from '@/lib/content/sample';
import { importBundle } from '@/lib/content/save';
import { SAMPLE_COLLECTION } from '@/lib/content/types';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { exportDataset } from '@/lib/evals/datasets';
import { prepareApp } from '@/lib/startup';

const usage = 'usage: npm run train:answerability -- --dataset <file.jsonl | db:<name>> [--dataset …] [--folds 5] [--out lib/assistant/answerability-model.json] [--corpus-dir <dir>] [--app-db]';

interface Question {
  id: string;
  /** The dataset file it came from (for per-file cross-validated figures). */
  file: string;
  query: string;
  collection: string;
  gold: string[];
}

interface Example {
  question: Question;
  /** Refused before the model is asked (`mostlyUnknownWords`), as decideAnswer does. */
  gated: boolean;
  rows: number[][];
  labels: number[];
}

/** The dataset's text: a file, or `db:<name>` exported from the app's database in the eval format. */
async function datasetText(name: string, appDb: () => Promise<Db>): Promise<string> {
  if (!name.startsWith('db:')) return fs.readFileSync(name, 'utf8');
  return (await exportDataset(await appDb(), { name: name.slice(3) })).text;
}

function readQuestions(file: string, text: string): Question[] {
  const out: Question[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      const o = JSON.parse(line) as Record<string, unknown>;
      const turns = Array.isArray(o.turns) ? (o.turns as string[]) : typeof o.question === 'string' ? [o.question] : null;
      if (!turns || typeof o.collection !== 'string' || !Array.isArray(o.gold)) throw new Error(`${file}:${i + 1}: needs turns or question, collection and gold`);
      out.push({ id: String(o.id ?? `${path.basename(file)}:${i + 1}`), file: path.basename(file), query: contextualQuery(turns).slice(0, 500), collection: o.collection, gold: o.gold as string[] });
    });
  return out;
}

function standardize(rows: number[][]): { mean: number[]; std: number[] } {
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / rows.length);
  const std = Array.from({ length: d }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - mean[j]) ** 2, 0) / rows.length) || 1);
  return { mean, std };
}

/** Fits the model on examples; threshold 0.5 until chosen. */
function fit(examples: Example[]): AnswerabilityModel {
  const rows = examples.flatMap((e) => e.rows);
  const labels = examples.flatMap((e) => e.labels);
  for (const r of rows) if (r.some((x) => !Number.isFinite(x))) throw new Error('a feature is NaN or infinite');
  const { mean, std } = standardize(rows);
  const X = new Matrix(rows.map((r) => [...r.map((x, j) => (x - mean[j]) / std[j]), 1]));
  const Y = Matrix.columnVector(labels);
  // The library sums (not averages) the gradient: scale the step by the row count.
  const lr = new LogisticRegression({ numSteps: 3000, learningRate: 0.5 / rows.length });
  lr.train(X, Y);
  // One-vs-all: classifier 1 is trained with target 1 for "not class 1", so P(class 1) = σ(−w·x).
  const w = lr.classifiers[1].weights.to1DArray().map((x) => -x);
  return { features: [...FEATURE_NAMES], mean, std, weights: w, threshold: 0.5, trainedOn: {} };
}

interface Outcome {
  /** The question has a gold article (retrieved or not). */
  hasGold: boolean;
  shouldAnswer: boolean;
  answered: boolean;
  leadGold: boolean;
  p: number;
}

function outcome(model: AnswerabilityModel, e: Example, threshold: number): Outcome {
  const p = e.rows.length ? answerabilityProbabilities(model, e.rows) : [];
  let lead = -1;
  p.forEach((x, i) => {
    if (lead < 0 || x > p[lead]) lead = i;
  });
  const best = lead >= 0 ? p[lead] : 0;
  return {
    hasGold: e.question.gold.length > 0,
    shouldAnswer: e.labels.some((l) => l === 1),
    answered: lead >= 0 && !e.gated && best >= threshold,
    leadGold: lead >= 0 && e.labels[lead] === 1,
    p: best,
  };
}

function summarize(os: Outcome[]) {
  const answered = os.filter((o) => o.answered);
  const right = answered.filter((o) => o.leadGold).length;
  const should = os.filter((o) => o.shouldAnswer).length;
  const correctRefusals = os.filter((o) => !o.answered && !o.shouldAnswer).length;
  return {
    questions: os.length,
    accuracy: (right + correctRefusals) / os.length,
    precision: answered.length ? right / answered.length : 0,
    recall: should ? right / should : 0,
    confusion: {
      answered_gold: right,
      answered_wrong: answered.length - right,
      refused_answerable: os.filter((o) => !o.answered && o.shouldAnswer).length,
      refused_no_gold: correctRefusals,
    },
  };
}

/** The command: exit code 0, 1 or 2 (see the usage). */
export async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: cliArgs(),
      options: {
        'app-db': { type: 'boolean', default: false },
        dataset: { type: 'string', multiple: true },
        folds: { type: 'string', default: '5' },
        out: { type: 'string', default: 'lib/assistant/answerability-model.json' },
        'corpus-dir': { type: 'string', default: process.env.RESOLVE_CORPUS_DIR ?? path.resolve('../shared/corpus') },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const folds = Number(args.folds);
  if (!args.dataset?.length || !Number.isInteger(folds) || folds < 2 || folds > 20) {
    console.error(usage);
    return 2;
  }
  const appDb = async () => (await prepareApp()).db;
  const onAppIndex = args['app-db'] || args.dataset.some((d) => d.startsWith('db:'));
  const questions: Question[] = [];
  try {
    for (const d of args.dataset) questions.push(...readQuestions(d, await datasetText(d, appDb)));
  } catch (err) {
    console.error(`cannot read the dataset: ${(err as Error).message}`);
    await closeCliDb();
    return 1;
  }
  const handle = onAppIndex ? { db: await appDb(), close: closeCliDb } : await openDatabase({});
  try {
    // The bundled sample (collection `resolve`) is a small help center of its own; it is imported
    // last and kept, since importing a corpus after it would archive it.
    const collections = [...new Set(questions.map((q) => q.collection))].sort((a, b) => Number(a === SAMPLE_COLLECTION) - Number(b === SAMPLE_COLLECTION) || a.localeCompare(b));
    for (const collection of onAppIndex ? [] : collections) {
      const bundle = collection === SAMPLE_COLLECTION ? readSampleContent() : await readDocsFolder(path.join(args['corpus-dir']!, collection));
      const report = await importBundle(handle.db, bundle, { keepSample: true });
      console.log(`indexed ${collection}: ${report.imported} articles`);
    }
    const sourceOf = new Map((await handle.db.select({ slug: articles.slug, sourceId: articles.sourceId }).from(articles)).map((r) => [r.slug, r.sourceId ?? r.slug]));
    const examples: Example[] = [];
    for (const q of questions) {
      if (!q.query) continue;
      let n = 0;
      const { sources, candidates, stats, query } = await retrievePassages(handle.db, { query: q.query, collection: q.collection, nextNumber: () => ++n });
      examples.push({
        question: q,
        gated: mostlyUnknownWords(query, candidates[0]?.collection ?? q.collection, stats),
        rows: answerabilityFeatures(query, candidates, stats),
        labels: sources.map((s) => (q.gold.includes(sourceOf.get(s.slug) ?? s.slug) ? 1 : 0)),
      });
    }
    console.log(
      `${examples.length} questions, ${examples.reduce((a, e) => a + e.rows.length, 0)} candidate passages, ${examples.filter((e) => e.labels.includes(1)).length} with a gold passage retrieved`,
    );
    const gated = examples.filter((e) => e.gated);
    console.log(
      `refused before the model (most words unknown to the product): ${gated.filter((e) => e.question.gold.length).length} questions with gold, ${gated.filter((e) => !e.question.gold.length).length} without`,
    );
    // Cross-validation: deterministic folds by position (the datasets interleave collections and kinds).
    const oof: { e: Example; model: AnswerabilityModel }[] = [];
    for (let f = 0; f < folds; f++) {
      const train = examples.filter((_, i) => i % folds !== f && examples[i].rows.length);
      const model = fit(train);
      for (const [i, e] of examples.entries()) if (i % folds === f) oof.push({ e, model });
    }
    // The threshold maximizes Youden's J (Youden 1950, "Index for rating diagnostic tests") of the
    // question-level decision, cross-validated: the share of questions with a gold article that are
    // answered minus the share of questions without one that are answered. Accuracy, the earlier
    // choice, counted an answer from the wrong passage of an answerable question as bad as an answer
    // to an unanswerable one, and settled on refusing half the questions the help center answers.
    // Each dataset file weighs the same, so many easy lines of one do not drown the other.
    const files = [...new Set(examples.map((e) => e.question.file))];
    const youden = (t: number) =>
      files.reduce((a, f) => {
        const os = oof.filter(({ e }) => e.question.file === f).map(({ e, model }) => outcome(model, e, t));
        const pos = os.filter((o) => o.hasGold);
        const neg = os.filter((o) => !o.hasGold);
        const tpr = pos.length ? pos.filter((o) => o.answered).length / pos.length : 0;
        const fpr = neg.length ? neg.filter((o) => o.answered).length / neg.length : 0;
        return a + (tpr - fpr);
      }, 0) / files.length;
    let best = { threshold: 0.5, j: -Infinity };
    for (let t = 0.05; t <= 0.951; t += 0.025) {
      const j = youden(t);
      if (j > best.j + 1e-9) best = { threshold: Math.round(t * 1000) / 1000, j };
    }
    const cv = summarize(oof.map(({ e, model }) => outcome(model, e, best.threshold)));
    console.log(`cross-validated (${folds} folds) at threshold ${best.threshold} (Youden's J ${best.j.toFixed(3)}):`);
    console.log(`  accuracy ${cv.accuracy.toFixed(3)}  precision ${cv.precision.toFixed(3)}  recall ${cv.recall.toFixed(3)}`);
    console.log(`  confusion ${JSON.stringify(cv.confusion)}`);
    const perFile: Record<string, ReturnType<typeof summarize>> = {};
    for (const file of [...new Set(examples.map((e) => e.question.file))]) {
      perFile[file] = summarize(oof.filter(({ e }) => e.question.file === file).map(({ e, model }) => outcome(model, e, best.threshold)));
      const f = perFile[file];
      console.log(`  ${file}: accuracy ${f.accuracy.toFixed(3)}  precision ${f.precision.toFixed(3)}  recall ${f.recall.toFixed(3)}  confusion ${JSON.stringify(f.confusion)}`);
    }
    const model = fit(examples.filter((e) => e.rows.length));
    model.threshold = best.threshold;
    model.trainedOn = {
      datasets: args.dataset.map((d) => path.basename(d)),
      questions: examples.length,
      candidates: examples.reduce((a, e) => a + e.rows.length, 0),
      library: 'ml-logistic-regression 2.0.0 (3000 steps, learning rate 0.5/rows, standardized features + constant column)',
      label: 'candidate passage whose article is gold',
      threshold: `best cross-validated Youden's J of the question-level decision (answered share of questions with gold minus answered share of questions without), averaged over the dataset files, over 0.05–0.95 (${folds} folds); J ${best.j.toFixed(3)}`,
      cross_validated: { ...cv, per_dataset: perFile },
      trained: new Date().toISOString().slice(0, 10),
    };
    const weights = Object.fromEntries(model.features.map((f, j) => [f, Math.round(model.weights[j] * 1000) / 1000]));
    console.log(`weights ${JSON.stringify(weights)} intercept ${model.weights.at(-1)!.toFixed(3)}`);
    fs.writeFileSync(args.out!, `${JSON.stringify(model, null, 2)}\n`);
    console.log(`wrote ${args.out}`);
  } finally {
    await handle.close();
  }
  return 0;
}

runCli('train:answerability', main, (argv) => argv.includes('--app-db') || argv.some((a, i) => a.startsWith('--dataset=db:') || (a === '--dataset' && argv[i + 1]?.startsWith('db:'))));
