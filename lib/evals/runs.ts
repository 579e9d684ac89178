/**
 * Stored eval runs: what one `npm run eval -- … --save` measured, case by case, and the
 * configuration that produced it. Per-case scores are numerator/denominator pairs, so every run
 * metric is Σn / Σd over the cases that have it — the mean of a per-case value (d = 1), or a
 * ratio such as citation precision (gold citations over citations) — and a comparison can
 * recompute any metric on any subset or resample of cases (lib/evals/compare.ts).
 */
import { execFileSync } from 'node:child_process';
import type { AnswerCaseResult, AnswerReport } from './answers';
import type { EvalCase } from './dataset';
import { hitAt, ndcgAt, recallAt, reciprocalRankAt } from './metrics';
import type { RetrievalReport } from './retrieval';

/** metric name → `{ n, d }` of one case; a metric that does not apply to the case is absent. */
export type CaseScores = Record<string, { n: number; d: number }>;

/** Whether a larger value of a metric is better (`higher`) or worse (`lower`). */
export type MetricDirection = 'higher' | 'lower';

/**
 * The metrics a run stores per case, in report order. Retrieval metrics are the fused hybrid's
 * (all legs fused, as search and the assistant use them); answer metrics are those of
 * lib/evals/answers.ts `AnswerMetrics`.
 */
export const RUN_METRICS: { name: string; group: 'retrieval' | 'answers'; better: MetricDirection }[] = [
  { name: 'hit@1', group: 'retrieval', better: 'higher' },
  { name: 'hit@5', group: 'retrieval', better: 'higher' },
  { name: 'recall@10', group: 'retrieval', better: 'higher' },
  { name: 'mrr@10', group: 'retrieval', better: 'higher' },
  { name: 'ndcg@10', group: 'retrieval', better: 'higher' },
  { name: 'cites_gold', group: 'answers', better: 'higher' },
  { name: 'wrong_refusals', group: 'answers', better: 'lower' },
  { name: 'correct_refusals', group: 'answers', better: 'higher' },
  { name: 'citation_precision', group: 'answers', better: 'higher' },
  { name: 'key_fact_recall', group: 'answers', better: 'higher' },
  { name: 'verbatim', group: 'answers', better: 'higher' },
];

/** One case of a run: identity (to pair it with the same case of another run) and its scores. */
export interface RunCase {
  caseId: string;
  kind: string;
  gold: string[];
  turns: string[];
  scores: CaseScores;
  detail: Record<string, unknown>;
  searchMs: number | null;
  ttftMs: number | null;
  answerMs: number | null;
}

/** The configuration that produced a run, stored as `eval_runs.config`. */
export interface EvalRunConfig {
  dataset: { name: string; version: string };
  /** Embedding model id of the index; chat model id, null for a retrieval-only run. */
  models: { embedding: string; chat: string | null };
  /** Weighted reciprocal rank fusion (lib/search/hybrid.ts RRF_K and LEG_WEIGHTS). */
  fusion: { rrfK: number; weights: Record<string, number> };
  /** Answerability classifier: `<trainedOn.trained>@<threshold>`, with both parts. */
  classifier: { version: string; trained: string | null; threshold: number };
  /** lib/assistant/prompt.ts PROMPT_VERSION. */
  prompt: string;
  /** `git rev-parse HEAD`, null outside a git checkout. */
  gitCommit: string | null;
  /** Results fetched per query, and whether each case was scoped to its collection. */
  k: number;
  scoped: boolean;
  /** `app-db` (the app's own index) or `fresh` (an in-memory index imported from the corpus). */
  index: 'app-db' | 'fresh';
}

/**
 * Per-case scores and details from the reports of one run.
 * @param cases the dataset's cases (gold ids canonical, see lib/evals/gold.ts).
 * @param retrieval the retrieval report; only its `hybrid` rows are scored per case.
 * @param answers the answer report, or null for a retrieval-only run.
 * @returns one `RunCase` per dataset case, in dataset order. Unanswerable cases carry no
 *   retrieval scores (the retrieval eval leaves them out), answer scores only with `answers`.
 */
export function buildRunCases(cases: EvalCase[], retrieval: RetrievalReport, answers: AnswerReport | null): RunCase[] {
  const hybrid = new Map(retrieval.results.filter((r) => r.config === 'hybrid').map((r) => [r.id, r]));
  const answered = new Map((answers?.results ?? []).map((r) => [r.id, r]));
  return cases.map((c) => {
    const scores: CaseScores = {};
    const detail: Record<string, unknown> = {};
    const r = hybrid.get(c.id);
    if (r) {
      const gold = new Set(r.gold);
      const one = (n: number) => ({ n, d: 1 });
      scores['hit@1'] = one(hitAt(r.ranked, gold, 1));
      scores['hit@5'] = one(hitAt(r.ranked, gold, 5));
      scores['recall@10'] = one(recallAt(r.ranked, gold, Math.max(retrieval.k, 10)));
      scores['mrr@10'] = one(reciprocalRankAt(r.ranked, gold, 10));
      scores['ndcg@10'] = one(ndcgAt(r.ranked, gold, 10));
      detail.query = r.query;
      detail.ranked = r.ranked.slice(0, 10);
    }
    const a = answered.get(c.id);
    if (a) {
      Object.assign(scores, answerScores(a));
      detail.cited = a.cited;
      detail.refused = a.refused;
      detail.answer = a.answer.length > 4000 ? `${a.answer.slice(0, 4000)}…` : a.answer;
      if (a.unverifiedSentences.length) detail.unverified = a.unverifiedSentences;
    }
    return {
      caseId: c.id,
      kind: c.kind,
      gold: c.gold,
      turns: c.turns,
      scores,
      detail,
      searchMs: r ? Math.round(r.ms * 10) / 10 : null,
      ttftMs: a ? a.ttftMs : null,
      answerMs: a ? a.totalMs : null,
    };
  });
}

/** A case's answer scores, so that Σn/Σd over cases equals lib/evals/answers.ts `metricsOf`. */
function answerScores(a: AnswerCaseResult): CaseScores {
  const s: CaseScores = {};
  const bit = (x: boolean) => ({ n: x ? 1 : 0, d: 1 });
  if (a.gold.length > 0) {
    s.cites_gold = bit(a.citesGold);
    s.wrong_refusals = bit(a.refused);
    s.citation_precision = { n: a.cited.filter((x) => a.gold.includes(x)).length, d: a.cited.length };
  } else {
    s.correct_refusals = bit(a.refused && a.sourcesListed === 0);
  }
  if (a.keyFactRecall !== null) s.key_fact_recall = { n: a.keyFactRecall, d: 1 };
  if (a.sourcesListed > 0) s.verbatim = bit(a.unverifiedSentences.length === 0);
  return s;
}

/**
 * A metric over cases: Σn / Σd of the cases that have it.
 * @returns the value (0–1 for every metric in `RUN_METRICS`), or null when no case has it or Σd is 0.
 */
export function aggregateMetric(cases: { scores: CaseScores }[], metric: string): number | null {
  let n = 0;
  let d = 0;
  for (const c of cases) {
    const s = c.scores[metric];
    if (!s) continue;
    n += s.n;
    d += s.d;
  }
  return d > 0 ? n / d : null;
}

/**
 * The checkout's commit: `git rev-parse HEAD` in the working directory.
 * @returns the 40-hex commit id, or null when this is not a git checkout or git is missing.
 */
export function gitCommit(cwd = process.cwd()): string | null {
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return /^[0-9a-f]{40}$/.test(out) ? out : null;
  } catch {
    return null;
  }
}
