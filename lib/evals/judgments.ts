/**
 * Pooled relevance judgments: articles a person judged, by reading them, to answer a case's last
 * message (or not), kept beside the datasets as TREC keeps its qrels beside its topics. A
 * dataset's gold was written before any answer was seen, from the articles its author found; an
 * article the assistant cites that is not gold may answer too. Such citations are pooled and
 * judged afterwards, blind to which system cited them (pooling: Voorhees & Harman, "TREC:
 * Experiment and Evaluation in Information Retrieval", MIT Press 2005, ch. 2). `npm run eval --
 * --answers --judgments evals/judgments.jsonl` then reports, beside cites gold and citation
 * precision (which stay on the dataset's gold), the same two measures with the articles judged to
 * answer counted as well, and how many citations no one has judged yet.
 *
 * Format: JSON Lines, one judgment per line:
 * `{ "case": id, "article": source id, "verdict": "answers" | "partly" | "no", "quote"?, "reason"?, "dataset"? }`.
 * Only "answers" counts; "partly" and "no" are kept so that a judged citation is not judged again.
 */
import { z } from 'zod';
import type { AnswerCaseResult } from './answers';
import { DatasetError, parseJsonLines, type DatasetProblem } from './dataset';
import { canonicalArticleIds } from './gold';
import { alignColumns } from './metrics';

export const judgmentSchema = z
  .object({
    case: z.string().min(1),
    article: z.string().min(1),
    verdict: z.enum(['answers', 'partly', 'no']),
    /** The passage of the article that answers (verbatim), for "answers" and "partly". */
    quote: z.string().optional(),
    reason: z.string().optional(),
    /** The dataset file (its name, e.g. "dev.jsonl") the case is in; when given, the judgment applies to that file's case only. */
    dataset: z.string().min(1).optional(),
  })
  // A misspelled key ("datset") would drop what it says (the file a judgment is limited to): refused.
  .strict();

/** A judgment as read, with its 1-based line in the file. */
export type Judgment = z.infer<typeof judgmentSchema> & { line: number };

/**
 * Parses a judgments file (BOM and CRLF accepted, blank lines skipped).
 * @param text the file's content.
 * @returns the judgments in file order, each with its line.
 * @throws DatasetError naming the line of every line that is not JSON, does not fit the schema, or
 *   judges a case's article a second time (the same case id in the same dataset, or with none);
 *   or that the file holds no judgment.
 */
export function readJudgments(text: string): Judgment[] {
  const out: Judgment[] = [];
  const seen = new Map<string, number>();
  const { rows, problems } = parseJsonLines(text, judgmentSchema);
  for (const { line, value: j } of rows) {
    const key = `${j.dataset ?? ''}\u0000${j.case}\u0000${j.article}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, message: `case ${j.case}${j.dataset ? ` of ${j.dataset}` : ''} already judges ${j.article} (line ${first})` });
      continue;
    }
    seen.set(key, line);
    out.push({ ...j, line });
  }
  problems.sort((a, b) => a.line - b.line);
  if (problems.length) throw new DatasetError(problems);
  if (out.length === 0) throw new DatasetError([{ line: 0, message: 'the file has no judgments' }]);
  return out;
}

/**
 * The judgments that apply to a dataset: those of its case ids, naming its file or no file.
 * @param judgments parsed judgments. @param file the dataset's file name ("dev.jsonl") or stored
 *   run name ("db:<name>"); a judgment's `dataset` may be a path to it. @param caseIds the dataset's case ids.
 * @returns the applicable judgments, in order.
 */
export function judgmentsFor(judgments: Judgment[], file: string, caseIds: ReadonlySet<string>): Judgment[] {
  // A path ("evals/dev.jsonl") names the same file as its name.
  return judgments.filter((j) => caseIds.has(j.case) && (j.dataset === undefined || j.dataset.split(/[\\/]/).at(-1) === file));
}

/**
 * Judgments that disagree about one case's article once its id is resolved (a slug and a source id,
 * or one line with its dataset file named and one without): "answers" on one line, "no" on another.
 * @param judgments resolved judgments (`resolveJudgedArticles`) of one dataset (`judgmentsFor`).
 * @returns one problem per disagreeing line, naming the line it disagrees with; empty when none.
 */
export function conflictingJudgments(judgments: Judgment[]): DatasetProblem[] {
  const first = new Map<string, Judgment>();
  const out: DatasetProblem[] = [];
  for (const j of judgments) {
    const key = `${j.case}\u0000${j.article}`;
    const f = first.get(key);
    if (!f) first.set(key, j);
    else if (f.verdict !== j.verdict) out.push({ line: j.line, message: `case ${j.case}: ${j.article} is judged "${j.verdict}" here and "${f.verdict}" on line ${f.line}` });
  }
  return out;
}

/**
 * The articles judged to answer each case.
 * @param judgments parsed judgments (`readJudgments`).
 * @returns case id → source ids judged "answers" (cases with none are absent).
 */
function answeringArticles(judgments: Pick<Judgment, 'case' | 'article' | 'verdict'>[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const j of judgments) {
    if (j.verdict !== 'answers') continue;
    const set = out.get(j.case) ?? new Set<string>();
    set.add(j.article);
    out.set(j.case, set);
  }
  return out;
}

/**
 * Judged article ids against the index, as gold ids are (lib/evals/gold.ts `canonicalArticleIds`):
 * a source id or a slug, turned into the article's source id (its slug when it has none).
 * @param judgments the judgments of the cases being scored.
 * @param indexed the indexed articles' ids (`listIndexedArticleIds`).
 * @returns the judgments with canonical article ids, and those whose article is not indexed.
 */
export function resolveJudgedArticles(judgments: Judgment[], indexed: { slug: string; sourceId: string | null }[]): { judgments: Judgment[]; unknown: Judgment[] } {
  const canonical = canonicalArticleIds(indexed);
  const unknown = judgments.filter((j) => !canonical.has(j.article));
  return { judgments: judgments.filter((j) => canonical.has(j.article)).map((j) => ({ ...j, article: canonical.get(j.article)! })), unknown };
}

/** Answer metrics with judged articles counted as answering, over a set of case results. */
export interface JudgedMetrics {
  /** Answerable-type cases (gold not empty). */
  cases: number;
  /** Share (0–1) of them whose answer cites a gold article or one judged to answer; null for none. */
  cites_answering: number | null;
  /** Share (0–1) of their cited articles that are gold or judged to answer; null when none is cited. */
  answering_precision: number | null;
  /** Cited articles that are neither gold nor judged at all (counted as not answering above). */
  unjudged_citations: number;
}

/** `judgedAnswerMetrics`' result: the metrics, and which citations are still to be judged. */
export interface JudgedReport {
  overall: JudgedMetrics;
  byKind: Record<string, JudgedMetrics>;
  /** The unjudged citations of answerable-type cases (case id, source id), in case order. */
  unjudged: { case: string; article: string }[];
}

/**
 * Scores answers against gold plus judged answering articles.
 * @param results per-case results of `runAnswerEval` (cited and gold as source ids).
 * @param judgments parsed judgments; those of cases not in `results` are ignored.
 * @returns the metrics overall and per kind (kinds with an answerable-type case: unanswerable cases
 *   are scored by correct refusals, not here), and the unjudged citations.
 */
export function judgedAnswerMetrics(results: AnswerCaseResult[], judgments: Pick<Judgment, 'case' | 'article' | 'verdict'>[]): JudgedReport {
  const answering = answeringArticles(judgments);
  const judged = new Set(judgments.map((j) => `${j.case}\u0000${j.article}`));
  const answerable = results.filter((r) => r.gold.length > 0);
  const ok = (r: AnswerCaseResult, a: string) => r.gold.includes(a) || !!answering.get(r.id)?.has(a);
  const unjudgedOf = (r: AnswerCaseResult) => r.cited.filter((a) => !r.gold.includes(a) && !judged.has(`${r.id}\u0000${a}`));
  const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : null);
  const of = (rs: AnswerCaseResult[]): JudgedMetrics => ({
    cases: rs.length,
    cites_answering: share(rs.map((r) => r.cited.some((a) => ok(r, a)))),
    answering_precision: share(rs.flatMap((r) => r.cited.map((a) => ok(r, a)))),
    unjudged_citations: rs.reduce((n, r) => n + unjudgedOf(r).length, 0),
  });
  const byKind: Record<string, JudgedMetrics> = {};
  for (const kind of new Set(answerable.map((r) => r.kind))) byKind[kind] = of(answerable.filter((r) => r.kind === kind));
  return { overall: of(answerable), byKind, unjudged: answerable.flatMap((r) => unjudgedOf(r).map((a) => ({ case: r.id, article: a }))) };
}

/**
 * A plain-text table of `judgedAnswerMetrics`: one row per kind of answerable-type case, then
 * overall, then the unjudged citations (case and article, one per line) to judge next.
 */
export function formatJudgedReport(report: JudgedReport): string {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const head = ['kind', 'answerable', 'cites an answering article', 'answering precision', 'unjudged citations'];
  const row = (name: string, m: JudgedMetrics) => [name, String(m.cases), f(m.cites_answering), f(m.answering_precision), String(m.unjudged_citations)];
  const lines = [head, ...Object.entries(report.byKind).map(([k, m]) => row(k, m)), row('overall', report.overall)];
  return [
    'with judged articles (gold or judged to answer):',
    ...alignColumns(lines),
    ...(report.unjudged.length ? [`unjudged citations (case, article) — judge them to count them: ${report.unjudged.length}`, ...report.unjudged.map((u) => `  ${u.case}  ${u.article}`)] : []),
  ].join('\n');
}
