/**
 * Eval runs (issue 12): the runner validates a dataset before it scores (kind and gold agree, gold
 * ids name indexed articles, BOM and CRLF read as plain text), a run is stored and read back,
 * two runs are compared (paired bootstrap intervals; added, removed and changed cases kept out of
 * the deltas), and the CI gate fails a metric below its threshold — as functions, and through
 * `npm run eval` / `npm run eval:compare` on a two-article corpus. PGlite in memory, or fresh
 * databases named resolve_evals_* on the server in DATABASE_URL.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type DbHandle } from '@/db/client';
import { openScratchDatabase } from '@/db/scratch';
import { getChatModel } from '@/lib/ai/chat-model';
import { importBundle } from '@/lib/content/save';
import type { ImportBundle } from '@/lib/content/types';
import { runAnswerEval } from '@/lib/evals/answers';
import { compareRuns, formatComparison, pairedBootstrap, type ComparableRun } from '@/lib/evals/compare';
import { DatasetError, readDataset } from '@/lib/evals/dataset';
import { checkGate, formatGate, parseThresholds } from '@/lib/evals/gate';
import { resolveGold, resolveGoldIds } from '@/lib/evals/gold';
import { conflictingJudgments, formatJudgedReport, judgedAnswerMetrics, judgmentsFor, readJudgments, resolveJudgedArticles } from '@/lib/evals/judgments';
import type { AnswerCaseResult } from '@/lib/evals/answers';
import { runRetrievalEval } from '@/lib/evals/retrieval';
import { aggregateMetric, buildRunCases, type CaseScores } from '@/lib/evals/runs';
import { currentRunConfig, loadEvalRun, saveEvalRun } from '@/lib/evals/store';

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const refund = { id: 'c1', turns: ['how do i refund an order'], gold: ['acme-docs/refunds.md'], kind: 'answerable', collection: 'acme-docs' };
const payout = { id: 'c2', turns: ['when is my payout sent'], gold: ['payouts'], kind: 'answerable', collection: 'acme-docs' };
const giftCards = { id: 'c3', turns: ['do you sell gift cards'], gold: [], kind: 'unanswerable', collection: 'acme-docs' };

describe('dataset validation', () => {
  it('names the line of every case whose kind and gold disagree', () => {
    const text = [line(refund), line({ ...payout, gold: [] }), '', line({ ...giftCards, gold: ['acme-docs/refunds.md'] }), line({ ...refund, id: 'c4', kind: 'multiturn', gold: [] })].join('\n');
    let err: DatasetError | undefined;
    try {
      readDataset(text);
    } catch (e) {
      err = e as DatasetError;
    }
    expect(err).toBeInstanceOf(DatasetError);
    expect(err!.problems.map((p) => p.line)).toEqual([2, 4, 5]);
    expect(err!.message).toMatch(/line 2: case c2 is answerable but its gold is empty/);
    expect(err!.message).toMatch(/line 4: case c3 is unanswerable but has gold \(acme-docs\/refunds\.md\)/);
    expect(err!.message).toMatch(/line 5: case c4 is multiturn but its gold is empty/);
  });

  it('reads a byte-order mark and CRLF line ends exactly like plain UTF-8 with LF', () => {
    const plain = `${[line(refund), line({ ...payout, turns: ['payout – wann?'] }), line(giftCards)].join('\n')}\n`;
    const windows = `\uFEFF${plain.replace(/\n/g, '\r\n')}`;
    const a = readDataset(plain);
    const b = readDataset(windows);
    expect(b.cases).toEqual(a.cases);
    expect([...b.lines]).toEqual([...a.lines]);
    expect(b.version).toBe(a.version);
    expect(b.cases[0].id).toBe('c1');
    // A line error is reported on the same line number either way.
    const bad = `\uFEFF${line(refund)}\r\nnope\r\n`;
    expect(() => readDataset(bad)).toThrow(/^line 2: not JSON$/);
    // Any edit of a case changes the version.
    expect(readDataset(plain.replace('refund an order', 'refund')).version).not.toBe(a.version);
  });

  it('lists every gold id that names no indexed article, with its line; slugs and source ids both resolve', () => {
    const dataset = readDataset([line(refund), line(payout), line(giftCards), line({ ...refund, id: 'c5', gold: ['acme-docs/refunds.md', 'acme-docs/nope.md', 'gone'] })].join('\n'));
    const indexed = [
      { slug: 'refunds', sourceId: 'acme-docs/refunds.md' },
      { slug: 'payouts', sourceId: 'acme-docs/payouts.md' },
      { slug: 'written-here', sourceId: null },
    ];
    const { cases, unknown } = resolveGoldIds(dataset, indexed);
    expect(unknown).toEqual([
      { line: 4, caseId: 'c5', gold: 'acme-docs/nope.md' },
      { line: 4, caseId: 'c5', gold: 'gone' },
    ]);
    // The slug 'payouts' becomes the article's source id; scoring compares like with like.
    expect(cases[1].gold).toEqual(['acme-docs/payouts.md']);
    expect(resolveGoldIds(readDataset(line({ ...refund, gold: ['refunds', 'acme-docs/refunds.md', 'written-here'] })), indexed).cases[0].gold).toEqual(['acme-docs/refunds.md', 'written-here']);
  });
});

describe('pooled relevance judgments', () => {
  const result = (id: string, kind: string, gold: string[], cited: string[]): AnswerCaseResult => ({
    id,
    kind,
    question: 'q',
    gold,
    cited,
    refused: cited.length === 0,
    sourcesListed: cited.length,
    citesGold: cited.some((a) => gold.includes(a)),
    keyFactRecall: null,
    unverifiedSentences: [],
    ttftMs: 1,
    totalMs: 2,
    answer: '',
  });

  it('names the line of every bad judgment and of a case judging the same article twice', () => {
    const text = [
      line({ case: 'c1', article: 'acme-docs/payouts.md', verdict: 'answers', quote: 'Payouts are sent weekly.' }),
      '',
      line({ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'maybe' }),
      '{oops',
      line({ case: 'c1', article: 'acme-docs/payouts.md', verdict: 'no' }),
    ].join('\r\n');
    let err: DatasetError | undefined;
    try {
      readJudgments(`\uFEFF${text}`);
    } catch (e) {
      err = e as DatasetError;
    }
    expect(err).toBeInstanceOf(DatasetError);
    expect(err!.problems.map((p) => p.line)).toEqual([3, 4, 5]);
    expect(err!.problems[0].message).toMatch(/^verdict: /);
    expect(err!.problems[1].message).toBe('not JSON');
    expect(err!.problems[2].message).toBe('case c1 already judges acme-docs/payouts.md (line 1)');
    expect(() =>
      readJudgments([line({ case: 'c1', article: 'a', verdict: 'no', dataset: 'x.jsonl' }), line({ case: 'c1', article: 'a', verdict: 'answers', dataset: 'y.jsonl' })].join('\n')),
    ).not.toThrow();
    expect(() => readJudgments([line({ case: 'c1', article: 'a', verdict: 'no', dataset: 'x.jsonl' }), line({ case: 'c1', article: 'a', verdict: 'answers', dataset: 'x.jsonl' })].join('\n'))).toThrow(
      'line 2: case c1 of x.jsonl already judges a (line 1)',
    );
    expect(readJudgments(`\n${line({ case: 'c2', article: 'refunds', verdict: 'partly' })}`)).toEqual([{ case: 'c2', article: 'refunds', verdict: 'partly', line: 2 }]);
    expect(() => readJudgments('\n  \n')).toThrow('the file has no judgments');
    expect(() => readJudgments(line({ datset: 'other.jsonl', case: 'c1', article: 'a', verdict: 'answers' }))).toThrow(/^line 1: Unrecognized key: "datset"$/);
    expect(() => readJudgments('null')).toThrow(/^line 1: Invalid input: expected object, received null$/);
  });

  it("applies a judgment to its dataset file's case, or to any file's case of that id when it names none", () => {
    const judgments = readJudgments(
      [
        line({ case: 'c1', article: 'a', verdict: 'answers', dataset: 'dev.jsonl' }),
        line({ case: 'c1', article: 'a', verdict: 'no', dataset: 'other.jsonl' }),
        line({ case: 'c1', article: 'b', verdict: 'partly' }),
        line({ case: 'c2', article: 'a', verdict: 'answers', dataset: 'dev.jsonl' }),
      ].join('\n'),
    );
    expect(judgmentsFor(judgments, 'dev.jsonl', new Set(['c1'])).map((j) => [j.case, j.article, j.verdict])).toEqual([
      ['c1', 'a', 'answers'],
      ['c1', 'b', 'partly'],
    ]);
    expect(judgmentsFor(judgments, 'other.jsonl', new Set(['c1', 'c2'])).map((j) => j.verdict)).toEqual(['no', 'partly']);
    // A path to the file names it too.
    const byPath = readJudgments(line({ case: 'c1', article: 'a', verdict: 'no', dataset: 'evals/dev.jsonl' }));
    expect(judgmentsFor(byPath, 'dev.jsonl', new Set(['c1']))).toHaveLength(1);
    expect(judgmentsFor(byPath, 'heldout.jsonl', new Set(['c1']))).toHaveLength(0);
  });

  it('resolves judged articles as gold ids are and lists the ones that are not indexed', () => {
    const judgments = readJudgments([line({ case: 'c1', article: 'refunds', verdict: 'answers' }), line({ case: 'c1', article: 'acme-docs/gone.md', verdict: 'no' })].join('\n'));
    const r = resolveJudgedArticles(judgments, [
      { slug: 'refunds', sourceId: 'acme-docs/refunds.md' },
      { slug: 'payouts', sourceId: null },
    ]);
    expect(r.judgments).toEqual([{ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'answers', line: 1 }]);
    expect(r.unknown).toEqual([{ case: 'c1', article: 'acme-docs/gone.md', verdict: 'no', line: 2 }]);
    // A slug and a source id of one article, judged differently, disagree once resolved; the same verdict twice does not.
    const two = readJudgments(
      [
        line({ case: 'c1', article: 'refunds', verdict: 'no', dataset: 'a.jsonl' }),
        line({ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'answers', dataset: 'a.jsonl' }),
        line({ case: 'c2', article: 'refunds', verdict: 'no' }),
        line({ case: 'c2', article: 'acme-docs/refunds.md', verdict: 'no', dataset: 'a.jsonl' }),
      ].join('\n'),
    );
    const resolved = resolveJudgedArticles(two, [{ slug: 'refunds', sourceId: 'acme-docs/refunds.md' }]).judgments;
    expect(conflictingJudgments(resolved)).toEqual([{ line: 2, message: 'case c1: acme-docs/refunds.md is judged "answers" here and "no" on line 1' }]);
  });

  it('counts an article judged to answer as gold, and only "answers"; unjudged citations are counted apart', () => {
    const results = [
      result('a', 'answerable', ['g1'], ['g1', 'x']), // gold, plus x judged "answers"
      result('b', 'answerable', ['g2'], ['y']), // y judged "partly": not answering
      result('c', 'multiturn', ['g3'], ['z']), // z judged "answers"
      result('d', 'multiturn', ['g4'], ['w']), // w never judged
      result('e', 'unanswerable', [], ['v']), // unanswerable: not in these measures
    ];
    const judgments = readJudgments(
      [
        line({ case: 'a', article: 'x', verdict: 'answers' }),
        line({ case: 'b', article: 'y', verdict: 'partly' }),
        line({ case: 'c', article: 'z', verdict: 'answers' }),
        line({ case: 'e', article: 'v', verdict: 'answers' }),
        line({ case: 'zz', article: 'w', verdict: 'answers' }), // another case's judgment of w
      ].join('\n'),
    );
    const m = judgedAnswerMetrics(results, judgments);
    expect(m.overall).toEqual({ cases: 4, cites_answering: 0.5, answering_precision: 0.6, unjudged_citations: 1 });
    expect(m.byKind.answerable).toEqual({ cases: 2, cites_answering: 0.5, answering_precision: 2 / 3, unjudged_citations: 0 });
    expect(m.byKind.multiturn).toEqual({ cases: 2, cites_answering: 0.5, answering_precision: 0.5, unjudged_citations: 1 });
    expect(Object.keys(m.byKind)).toEqual(['answerable', 'multiturn']);
    // Against gold alone the same answers cite gold 1 of 4, precision 1 of 5.
    expect(results.filter((r) => r.gold.length).filter((r) => r.citesGold)).toHaveLength(1);
    const table = formatJudgedReport(m);
    expect(table).toMatch(/^overall\s+4\s+0\.500\s+0\.600\s+1$/m);
    expect(m.unjudged).toEqual([{ case: 'd', article: 'w' }]);
    expect(table).toMatch(/judge them to count them: 1\n {2}d {2}w$/);
    expect(judgedAnswerMetrics([result('e', 'unanswerable', [], [])], judgments)).toEqual({
      overall: { cases: 0, cites_answering: null, answering_precision: null, unjudged_citations: 0 },
      byKind: {},
      unjudged: [],
    });
  });
});

describe('paired bootstrap', () => {
  const bits = (xs: number[]) => xs.map((n) => ({ n, d: 1 }));
  it('is deterministic for a seed, and a zero difference gives [0, 0]', () => {
    const a = bits([1, 0, 1, 1, 0, 0, 1, 0, 1, 1]);
    const b = bits([1, 1, 1, 0, 1, 0, 1, 1, 1, 1]);
    const pairs = a.map((x, i) => ({ a: x, b: b[i] }));
    const one = pairedBootstrap(pairs, { seed: 7 });
    expect(pairedBootstrap(pairs, { seed: 7 })).toEqual(one);
    expect(one!.delta).toBeCloseTo(0.2, 10);
    expect(one!.ci[0]).toBeLessThanOrEqual(0.2);
    expect(one!.ci[1]).toBeGreaterThanOrEqual(0.2);
    expect(one!.ci[0]).toBeGreaterThanOrEqual(-1);
    expect(one!.ci[1]).toBeLessThanOrEqual(1);
    expect(
      pairedBootstrap(
        a.map((x) => ({ a: x, b: x })),
        { seed: 3 },
      ),
    ).toEqual({ delta: 0, ci: [0, 0] });
    // Every case better by the same amount: no resample can say otherwise.
    expect(pairedBootstrap(bits([0, 0, 0]).map((x) => ({ a: x, b: { n: 1, d: 1 } })))).toEqual({ delta: 1, ci: [1, 1] });
    // A ratio metric (citation precision) with cases citing nothing; undefined on both sides → null.
    const ratio = [
      { a: { n: 1, d: 2 }, b: { n: 2, d: 2 } },
      { a: { n: 0, d: 0 }, b: { n: 1, d: 1 } },
    ];
    expect(pairedBootstrap(ratio)!.delta).toBeCloseTo(1 - 0.5, 10);
    expect(pairedBootstrap([{ a: null, b: null }])).toBeNull();
  });

  it('a larger sample of the same effect gives a narrower interval', () => {
    const make = (n: number) => Array.from({ length: n }, (_, i) => ({ a: { n: i % 2, d: 1 }, b: { n: i % 4 === 0 ? 0 : 1, d: 1 } }));
    const small = pairedBootstrap(make(20))!;
    const large = pairedBootstrap(make(400))!;
    expect(large.ci[1] - large.ci[0]).toBeLessThan(small.ci[1] - small.ci[0]);
    expect(large.ci[0]).toBeGreaterThan(0);
  });
});

describe('comparing runs', () => {
  const c = (caseId: string, gold: string[], scores: CaseScores, kind = 'answerable') => ({ caseId, kind, gold, turns: [`q ${caseId}`], scores });
  const s = (hit: number, cites?: number): CaseScores => ({ 'hit@5': { n: hit, d: 1 }, ...(cites === undefined ? {} : { cites_gold: { n: cites, d: 1 }, wrong_refusals: { n: 1 - cites, d: 1 } }) });

  it('pairs by case id; added, removed and gold-changed cases are listed apart and left out of the deltas', () => {
    const a: ComparableRun = {
      id: 1,
      datasetName: 'dev.jsonl',
      datasetVersion: 'v1',
      results: [c('k1', ['x'], s(1, 1)), c('k2', ['y'], s(0, 0)), c('k3', ['z'], s(0, 0)), c('removed', ['x'], s(0, 0)), c('k4', ['w'], s(1, 1))],
    };
    const b: ComparableRun = {
      id: 2,
      datasetName: 'dev.jsonl',
      datasetVersion: 'v2',
      results: [c('k1', ['x'], s(1, 1)), c('k2', ['y'], s(1, 1)), c('k3', ['z', 'z2'], s(1, 1)), c('k4', ['w'], s(0, 1)), c('added', ['x'], s(1, 1))],
    };
    const cmp = compareRuns(a, b, { seed: 1 });
    expect(cmp.sameVersion).toBe(false);
    expect(cmp.paired).toBe(3);
    expect(cmp.onlyInA).toEqual(['removed']);
    expect(cmp.onlyInB).toEqual(['added']);
    expect(cmp.changed).toEqual([{ caseId: 'k3', what: ['gold'], goldA: ['z'], goldB: ['z', 'z2'] }]);
    const hit = cmp.metrics.find((m) => m.metric === 'hit@5')!;
    // Over k1, k2, k4 only: A 2/3, B 2/3.
    expect(hit).toMatchObject({ cases: 3, a: 2 / 3, b: 2 / 3, delta: 0 });
    const cites = cmp.metrics.find((m) => m.metric === 'cites_gold')!;
    expect(cites.delta).toBeCloseTo(1 - 2 / 3, 10);
    expect(cmp.metrics.find((m) => m.metric === 'wrong_refusals')!.better).toBe('lower');
    expect(cmp.metrics.map((m) => m.metric)).not.toContain('ndcg@10');
    expect(cmp.caseChanges).toEqual([
      {
        caseId: 'k2',
        kind: 'answerable',
        wins: [
          { metric: 'hit@5', a: 0, b: 1 },
          { metric: 'cites_gold', a: 0, b: 1 },
          { metric: 'wrong_refusals', a: 1, b: 0 },
        ],
        losses: [],
      },
      { caseId: 'k4', kind: 'answerable', wins: [], losses: [{ metric: 'hit@5', a: 1, b: 0 }] },
    ]);
    const text = formatComparison(cmp);
    expect(text).toMatch(/over 3 paired case\(s\); 3 case\(s\) left out \(1 only in A, 1 only in B, 1 changed\)/);
    expect(text).toMatch(/only in A \(1, not in the deltas\): removed/);
    expect(text).toMatch(/only in B \(1, not in the deltas\): added/);
    expect(text).toMatch(/k3: gold changed \(gold z → z z2\)/);
    expect(text).toMatch(/different versions of the dataset/);
    expect(text).toMatch(/1 better in B, 1 worse, 0 mixed, 1 unchanged/);
  });
});

describe('the CI gate', () => {
  const thresholds = parseThresholds(JSON.stringify({ retrieval: { 'hit@5': { min: 0.8 }, 'ndcg@10': { min: 0.65 } }, answers: { cites_gold: { min: 0.5 }, wrong_refusals: { max: 0.25 } } }));
  it('fails and names each metric past its bound; passes at the bound', () => {
    const r = checkGate(thresholds, { retrieval: { 'hit@5': 0.79, 'ndcg@10': 0.65 }, answers: { cites_gold: 0.5, wrong_refusals: 0.3 } });
    expect(r.pass).toBe(false);
    expect(r.checks.filter((x) => !x.pass).map((x) => `${x.group} ${x.metric}`)).toEqual(['retrieval hit@5', 'answers wrong_refusals']);
    const text = formatGate(r);
    expect(text).toMatch(/FAIL retrieval hit@5 0\.790 ≥ 0\.8 \(below its threshold\)/);
    expect(text).toMatch(/FAIL answers wrong_refusals 0\.300 ≤ 0\.25 \(above its maximum\)/);
    expect(text).toMatch(/gate FAILED: retrieval hit@5, answers wrong_refusals/);
    expect(checkGate(thresholds, { retrieval: { 'hit@5': 0.8, 'ndcg@10': 0.7 }, answers: { cites_gold: 0.5, wrong_refusals: 0.25 } }).pass).toBe(true);
  });
  it('a metric the run did not produce fails; a group the run did not measure is skipped', () => {
    const r = checkGate(thresholds, { retrieval: { 'hit@5': 0.9 }, answers: null });
    expect(r.checks.find((x) => x.metric === 'ndcg@10')).toMatchObject({ value: null, pass: false });
    expect(r.skipped).toEqual(['answers']);
    expect(() => parseThresholds('{"retrieval":{"hit@5":{}}}')).toThrow(/retrieval\.hit@5/);
    expect(() => parseThresholds('{"retrieval":{"hit@5":{"min":"0.8"}}}')).toThrow(/retrieval\.hit@5\.min/);
  });
  it('the thresholds kept in the repo parse', () => {
    const repo = parseThresholds(fs.readFileSync(path.join(process.cwd(), 'evals', 'thresholds.json'), 'utf8'));
    expect(Object.keys(repo.retrieval!)).toEqual(['hit@5', 'mrr@10', 'ndcg@10']);
    expect(repo.answers!.wrong_refusals.max).toBeDefined();
  });
});

const acme: ImportBundle = {
  collection: 'acme-docs',
  license: null,
  attribution: null,
  categories: [{ slug: 'acme', name: 'Acme', description: '', position: 0 }],
  articles: [
    {
      sourceId: 'acme-docs/refunds.md',
      slug: 'refunds',
      title: 'Refund an order',
      summary: '',
      body: '## Refund an order\nOpen the order and press Refund order. The refund reaches the card in 5 to 10 days.',
      categorySlug: 'acme',
      sourceUrl: null,
      position: 0,
    },
    {
      sourceId: 'acme-docs/payouts.md',
      slug: 'payouts',
      title: 'Payouts',
      summary: '',
      body: '## When payouts are sent\nPayouts are sent every Monday to the bank account on file once the balance is above 10 dollars.',
      categorySlug: 'acme',
      sourceUrl: null,
      position: 1,
    },
  ],
  failures: [],
};

describe('a stored run', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await openScratchDatabase({ serverUrl: process.env.DATABASE_URL, prefix: 'resolve_evals_t' });
    await importBundle(h.db, acme);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('resolves gold against the index, is saved with its config and read back, and compares with itself as zero', async () => {
    const dataset = readDataset([line(refund), line(payout), line(giftCards), line({ ...refund, id: 'c9', gold: ['acme-docs/missing.md'] })].join('\n'));
    expect((await resolveGold(h.db, dataset)).unknown).toEqual([{ line: 4, caseId: 'c9', gold: 'acme-docs/missing.md' }]);
    const ok = readDataset([line(refund), line(payout), line(giftCards)].join('\n'));
    const { cases, unknown } = await resolveGold(h.db, ok);
    expect(unknown).toEqual([]);
    const retrieval = await runRetrievalEval(h.db, cases, { k: 10 });
    const chat = await getChatModel();
    const answers = await runAnswerEval(h.db, cases, { chat });
    const runCases = buildRunCases(cases, retrieval, answers);
    const config = await currentRunConfig({ dataset: { name: 'tiny.jsonl', version: ok.version }, chatModelId: chat.id, k: retrieval.k, scoped: true, index: 'fresh' });
    const id = await saveEvalRun(h.db, { config, retrieval, answers, cases: runCases, durationMs: 12.4 });
    const id2 = await saveEvalRun(h.db, { config, retrieval, answers, cases: runCases, durationMs: 13 });
    expect(id2).toBeGreaterThan(id);

    const run = await loadEvalRun(h.db, { id });
    expect(run).toMatchObject({ id, datasetName: 'tiny.jsonl', datasetVersion: ok.version, cases: 3, durationMs: 12 });
    expect(run.config).toMatchObject({
      dataset: { name: 'tiny.jsonl', version: ok.version },
      models: { chat: chat.id },
      fusion: { rrfK: expect.any(Number), weights: { keyword: expect.any(Number), typo: expect.any(Number), semantic: expect.any(Number) } },
      classifier: { version: expect.stringMatching(/^\d{4}-\d{2}-\d{2}@0\.\d+$/) },
      prompt: expect.stringMatching(/\S/),
    });
    expect(run.config.models.embedding).toMatch(/\S/);
    expect(run.gitCommit === null || /^[0-9a-f]{40}$/.test(run.gitCommit)).toBe(true);
    expect(run.results.map((r) => r.caseId)).toEqual(['c1', 'c2', 'c3']);
    expect(run.results[1].gold).toEqual(['acme-docs/payouts.md']);
    expect(run.results).toEqual(JSON.parse(JSON.stringify(runCases)));
    expect(run.results[0].searchMs).toBeGreaterThan(0);
    expect(run.results[2].searchMs).toBeNull();
    expect(run.results[2].answerMs).toBeGreaterThan(0);
    // Stored metrics agree with the per-case scores they summarize.
    const hybrid = run.retrievalMetrics.overall as Record<string, Record<string, number>>;
    expect(aggregateMetric(run.results, 'ndcg@10')).toBeCloseTo(hybrid.hybrid['ndcg@10'], 3);
    const overall = (run.answerMetrics as { overall: Record<string, number | null> }).overall;
    for (const m of ['cites_gold', 'wrong_refusals', 'correct_refusals', 'citation_precision']) expect(aggregateMetric(run.results, m)).toBeCloseTo(overall[m] ?? NaN, 10);

    const cmp = compareRuns(run, await loadEvalRun(h.db, { id: id2 }));
    expect(cmp.paired).toBe(3);
    expect(cmp.caseChanges).toEqual([]);
    for (const m of cmp.metrics) if (m.delta !== null) expect([m.delta, ...m.ci!]).toEqual([0, 0, 0]);
    await expect(loadEvalRun(h.db, { id: id2 + 100 })).rejects.toMatchObject({ code: 'not_found:eval_run' });
    // The per-case rows go with their run.
    await h.db.execute(sql`delete from eval_runs where id = ${id2}`);
    expect(await rows<{ n: number }>(h.db, sql`select count(*)::int as n from eval_results where run_id = ${id2}`)).toEqual([{ n: 0 }]);
  });
});

describe('migration 0009_eval_runs on an existing database', () => {
  it('adds the run tables beside the data already there', async () => {
    const migrations = path.join(process.cwd(), 'db', 'migrations');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-evals-mig-'));
    fs.cpSync(migrations, dir, { recursive: true });
    const journalPath = path.join(dir, 'meta', '_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0009_eval_runs');
    expect(at).toBe(9);
    journal.entries = journal.entries.slice(0, at);
    fs.writeFileSync(journalPath, JSON.stringify(journal));
    let exec: (q: ReturnType<typeof sql>) => Promise<{ rows: Record<string, unknown>[] }>;
    let migrate: (folder: string) => Promise<void>;
    let close: () => Promise<void>;
    if (process.env.DATABASE_URL) {
      const { default: pg } = await import('pg');
      const { drizzle } = await import('drizzle-orm/node-postgres');
      const m = await import('drizzle-orm/node-postgres/migrator');
      const { createScratchServerDatabase } = await import('@/db/scratch');
      const scratch = await createScratchServerDatabase(process.env.DATABASE_URL, 'resolve_evals_mig');
      const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
      const db = drizzle(pool);
      exec = (q) => db.execute(q) as never;
      migrate = (folder) => m.migrate(db, { migrationsFolder: folder });
      close = async () => {
        await pool.end();
        await scratch.drop();
      };
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const { vector } = await import('@electric-sql/pglite-pgvector');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
      const { drizzle } = await import('drizzle-orm/pglite');
      const m = await import('drizzle-orm/pglite/migrator');
      const client = await PGlite.create(undefined, { extensions: { vector, pg_trgm, unaccent } });
      const db = drizzle({ client });
      exec = (q) => db.execute(q) as never;
      migrate = (folder) => m.migrate(db, { migrationsFolder: folder });
      close = () => client.close();
    }
    try {
      await migrate(dir);
      await exec(sql`insert into conversations (id, client_id) values ('c1', 'client-1')`);
      await migrate(migrations);
      expect((await exec(sql`select id from conversations`)).rows).toEqual([{ id: 'c1' }]);
      const run = await exec(sql`insert into eval_runs (dataset_name, dataset_version, cases, retrieval_metrics, config, duration_ms) values ('d', 'v', 1, '{}', '{}', 5) returning id`);
      const id = run.rows[0].id;
      await exec(sql`insert into eval_results (run_id, case_id, kind, gold, turns, scores, detail, position) values (${id}, 'k1', 'answerable', '["a"]', '["q"]', '{}', '{}', 0)`);
      await expect(exec(sql`insert into eval_results (run_id, case_id, kind, gold, turns, scores, detail, position) values (${id}, 'k1', 'answerable', '[]', '[]', '{}', '{}', 1)`)).rejects.toThrow();
    } finally {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run eval / eval:compare on a two-article corpus', () => {
  const run = promisify(execFile);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-evals-'));
  const corpus = path.join(tmp, 'corpus');
  let serverDb: { url: string; drop: () => Promise<void> } | null = null;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fs.mkdirSync(path.join(corpus, 'acme-docs'), { recursive: true });
    for (const a of acme.articles) fs.writeFileSync(path.join(corpus, a.sourceId!), `# ${a.title}\n\n${a.body}\n`);
    // --save writes to the app's database: a fresh server database with DATABASE_URL, else an embedded one in tmp.
    if (process.env.DATABASE_URL) {
      const { createScratchServerDatabase } = await import('@/db/scratch');
      serverDb = await createScratchServerDatabase(process.env.DATABASE_URL, 'resolve_evals_cli');
    }
    env = { ...process.env, RESOLVE_DATA_DIR: path.join(tmp, 'data'), ...(serverDb ? { DATABASE_URL: serverDb.url } : {}) };
    delete env.OPENAI_API_KEY;
  });
  afterAll(async () => {
    await serverDb?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const evalCli = async (script: string, args: string[]) => {
    try {
      const { stdout, stderr } = await run('npx', ['tsx', '--conditions=react-server', script, ...args], { env, cwd: process.cwd(), maxBuffer: 20 << 20 });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('exits 1 before scoring on a kind/gold mismatch or an unknown gold id, naming the lines', async () => {
    const mismatch = write('mismatch.jsonl', [line(refund), line({ ...payout, gold: [] })].join('\n'));
    const a = await evalCli('scripts/eval.ts', ['--dataset', mismatch, '--corpus-dir', corpus]);
    expect(a.code).toBe(1);
    expect(a.stderr).toMatch(/nothing was scored/);
    expect(a.stderr).toMatch(/line 2: case c2 is answerable but its gold is empty/);
    const unknownIds = write(
      'unknown.jsonl',
      `\uFEFF${[line(refund), line({ ...payout, gold: ['acme-docs/payouts.md', 'acme-docs/payout.md'] }), line({ ...refund, id: 'c7', gold: ['nope'] })].join('\r\n')}`,
    );
    const b = await evalCli('scripts/eval.ts', ['--dataset', unknownIds, '--corpus-dir', corpus]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/2 gold id\(s\) name no indexed article/);
    expect(b.stderr).toMatch(/line 2 \(c2\): acme-docs\/payout\.md/);
    expect(b.stderr).toMatch(/line 3 \(c7\): nope/);
    expect(b.stdout).not.toMatch(/hit@1/);
  });

  it('--judgments adds answering measures to --answers, and refuses bad judgments before scoring', async () => {
    const wrongGold = { ...refund, gold: ['acme-docs/payouts.md'] };
    const dataset = write('judged.jsonl', [line(wrongGold), line(giftCards)].join('\n'));
    const judged = write(
      'judgments.jsonl',
      [
        line({ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'answers', quote: 'Open the order and press Refund order.', dataset: 'judged.jsonl' }),
        // Another file's c1, and another file's case: neither applies here.
        line({ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'no', dataset: 'other.jsonl' }),
        line({ case: 'other-set-case', article: 'acme-docs/nowhere.md', verdict: 'no' }),
      ].join('\n'),
    );
    const ok = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--answers', '--judgments', judged, '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report.results[0].cited).toEqual(['acme-docs/refunds.md']);
    expect(report.overall.cites_gold).toBe(0);
    expect(report.judged.overall).toEqual({ cases: 1, cites_answering: 1, answering_precision: 1, unjudged_citations: 0 });
    expect(ok.stderr).toMatch(/judgments: 1 of 3 apply to judged\.jsonl \(1 of its 2 cases\)/);
    const empty = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--answers', '--judgments=']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--judgments needs a file/);
    const disagree = write(
      'disagree.jsonl',
      [line({ case: 'c1', article: 'acme-docs/refunds.md', verdict: 'no', dataset: 'judged.jsonl' }), line({ case: 'c1', article: 'refunds', verdict: 'answers' })].join('\n'),
    );
    // The importer prefixes slugs with the collection: "refunds" is no slug here, so it names no indexed article, with its line.
    const slugLine = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--answers', '--judgments', disagree]);
    expect(slugLine.code).toBe(1);
    expect(slugLine.stderr).toMatch(/line 2 \(c1\): refunds/);
    const noAnswers = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--judgments', judged]);
    expect(noAnswers.code).toBe(2);
    expect(noAnswers.stderr).toMatch(/--judgments scores answers: add --answers/);
    const bad = write('bad-judgments.jsonl', [line({ case: 'c1', article: 'refunds', verdict: 'yes' })].join('\n'));
    const invalid = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--answers', '--judgments', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/are invalid; nothing was scored:\n {2}line 1: verdict: /);
    const unknown = write('unknown-judgments.jsonl', line({ case: 'c1', article: 'acme-docs/nowhere.md', verdict: 'answers' }));
    const notIndexed = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--answers', '--judgments', unknown]);
    expect(notIndexed.code).toBe(1);
    expect(notIndexed.stderr).toMatch(/1 judged article\(s\) name no indexed article:\n {2}line 1 \(c1\): acme-docs\/nowhere\.md/);
    expect(notIndexed.stdout).not.toMatch(/hit@1/);
  });

  it('--save prints a run id, --gate fails naming the metric below its threshold, eval:compare reads two runs', async () => {
    // The importer prefixes slugs with the collection, so these cases name source ids.
    const payoutById = { ...payout, gold: ['acme-docs/payouts.md'] };
    const dataset = write('tiny.jsonl', [line(refund), line(payoutById), line(giftCards)].join('\n'));
    const gate = write('gate.json', JSON.stringify({ retrieval: { 'hit@5': { min: 0.5 }, 'ndcg@10': { min: 1.01 } } }));
    const first = await evalCli('scripts/eval.ts', ['--dataset', dataset, '--corpus-dir', corpus, '--save', '--gate', gate]);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/ok {3}retrieval hit@5 1\.000 ≥ 0\.5/);
    expect(first.stdout).toMatch(/FAIL retrieval ndcg@10 1\.000 ≥ 1\.01 \(below its threshold\)/);
    const idA = Number(/saved run (\d+) \(tiny\.jsonl @ [0-9a-f]{12}, retrieval, commit/.exec(first.stdout)?.[1]);
    expect(idA).toBeGreaterThan(0);
    // The second run's dataset drops c2 and adds c4: the comparison keeps them out of the deltas.
    const edited = write('tiny2.jsonl', [line(refund), line(giftCards), line({ ...payoutById, id: 'c4' })].join('\n'));
    const second = await evalCli('scripts/eval.ts', ['--dataset', edited, '--corpus-dir', corpus, '--save']);
    expect(second.code).toBe(0);
    const idB = Number(/saved run (\d+)/.exec(second.stdout)?.[1]);
    expect(idB).toBeGreaterThan(idA);
    const cmp = await evalCli('scripts/eval-compare.ts', [String(idA), String(idB)]);
    expect(cmp.code).toBe(0);
    expect(cmp.stdout).toMatch(/over 2 paired case\(s\); 2 case\(s\) left out \(1 only in A, 1 only in B, 0 changed\)/);
    expect(cmp.stdout).toMatch(/hit@5\s+1\s+1\.000\s+1\.000\s+\+0\.000\s+\[\+0\.000, \+0\.000\]/);
    const missing = await evalCli('scripts/eval-compare.ts', [String(idA), '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No eval run 999999/);
  });
});
