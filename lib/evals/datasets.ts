/**
 * Eval datasets kept in the database: create, import and export JSONL in exactly the format
 * `npm run eval` reads (lib/evals/dataset.ts), edit and delete cases, score a stored dataset in
 * this process and save the run (`db:<name>`), and read flagged cases with whether a later run
 * fixed them. Provenance (feedback id, conversation and message ids, who, when) stays in database
 * columns; the JSONL holds only the case fields the runner reads.
 */
import 'server-only';
import { z } from 'zod';
import type { Db } from '@/db/client';
import {
  deleteEvalConversations,
  failStaleJobs,
  findDataset,
  finishJob,
  insertCases,
  insertDataset,
  insertJob,
  listCases,
  listFlaggedCases,
  updateCase,
  type CaseRow,
  type FlaggedCaseRow,
} from '@/db/queries/eval-datasets';
import { listIndexedArticleIds } from '@/db/queries/evals';
import { getChatModel } from '@/lib/ai/chat-model';
import { AppError } from '@/lib/errors';
import { runAnswerEval } from './answers';
import { datasetVersion, evalKinds, readDataset, type EvalCase } from './dataset';
import { formatUnknownGold, resolveGold } from './gold';
import { runRetrievalEval } from './retrieval';
import { buildRunCases, type CaseScores } from './runs';
import { currentRunConfig, saveEvalRun } from './store';

/** A dataset name: 1–60 of lower-case letters, digits, `.`, `_`, `-`, starting with a letter or digit. */
const datasetNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the dataset a name.')
  .max(60, 'At most 60 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'Lower-case letters, digits, dots, dashes and underscores, e.g. reviewed-answers.');

/** The run name of a stored dataset (`eval_runs.dataset_name`), also what `npm run eval -- --dataset` takes. */
export const storedDatasetRunName = (name: string): string => `db:${name}`;

/**
 * A stored case as the runner's case: the JSONL fields, `collection` and `reference` only when set.
 * @returns an `EvalCase` (not validated here).
 */
export function toEvalCase(row: Pick<CaseRow, 'caseId' | 'turns' | 'gold' | 'kind' | 'collection' | 'reference'>): EvalCase {
  return {
    id: row.caseId,
    turns: row.turns,
    gold: row.gold,
    kind: row.kind as EvalCase['kind'],
    ...(row.collection ? { collection: row.collection } : {}),
    ...(row.reference ? { reference: row.reference } : {}),
  };
}

/**
 * Cases as a JSONL file: one object per line, keys in the documented order (id, turns, gold, kind,
 * collection, reference), LF line ends, a final newline, no byte-order mark.
 * @returns the file's text ('' for no cases).
 */
export function casesToJsonl(cases: EvalCase[]): string {
  return cases
    .map(
      (c) => `${JSON.stringify({ id: c.id, turns: c.turns, gold: c.gold, kind: c.kind, ...(c.collection ? { collection: c.collection } : {}), ...(c.reference ? { reference: c.reference } : {}) })}\n`,
    )
    .join('');
}

/** A dataset with its cases and version, for the admin's dataset page. */
export interface DatasetView {
  id: number;
  name: string;
  description: string;
  createdBy: string | null;
  createdAt: Date;
  cases: CaseRow[];
  /** `datasetVersion` of the cases (sha256 hex); '' for an empty dataset. */
  version: string;
}

/**
 * A stored dataset with its cases and version.
 * @throws AppError `not_found:dataset`.
 */
export async function getDatasetView(db: Db, args: { id?: number; name?: string }): Promise<DatasetView> {
  const d = await findDataset(db, args);
  if (!d) throw new AppError('not_found:dataset', 'There is no such dataset.');
  const cases = await listCases(db, { datasetId: d.id });
  return { id: d.id, name: d.name, description: d.description, createdBy: d.createdBy, createdAt: d.createdAt, cases, version: cases.length ? datasetVersion(cases.map(toEvalCase)) : '' };
}

/**
 * Creates an empty dataset.
 * @returns its id.
 * @throws AppError `bad_request:dataset` (bad name, message says why), `conflict:dataset` (name taken).
 */
export async function createDataset(db: Db, args: { name: string; description?: string; by: string | null }): Promise<number> {
  const name = datasetNameSchema.safeParse(args.name);
  if (!name.success) throw new AppError('bad_request:dataset', name.error.issues[0].message);
  return insertDataset(db, { name: name.data, description: (args.description ?? '').trim().slice(0, 500), createdBy: args.by });
}

/**
 * A stored dataset as its JSONL file.
 * @returns the file name (`<name>.jsonl`) and text.
 * @throws AppError `not_found:dataset`.
 */
export async function exportDataset(db: Db, args: { id?: number; name?: string }): Promise<{ fileName: string; text: string }> {
  const d = await getDatasetView(db, args);
  return { fileName: `${d.name}.jsonl`, text: casesToJsonl(d.cases.map(toEvalCase)) };
}

/**
 * Adds the cases of a JSONL file to a dataset (validated exactly as `npm run eval` validates:
 * BOM and CRLF accepted, every bad line named). The cases get provenance `import`, `by`, now.
 * @returns the number of cases added.
 * @throws DatasetError (lib/evals/dataset.ts) for an invalid file; AppError `conflict:eval_case`
 *   when a case id is already in the dataset (nothing is added).
 */
export async function importDatasetText(db: Db, args: { datasetId: number; text: string; by: string | null }): Promise<number> {
  const parsed = readDataset(args.text);
  const res = await insertCases(db, {
    datasetId: args.datasetId,
    cases: parsed.cases.map((c) => ({
      caseId: c.id,
      turns: c.turns,
      gold: c.gold,
      kind: c.kind,
      collection: c.collection ?? null,
      reference: c.reference ?? null,
      origin: 'import' as const,
      createdBy: args.by,
    })),
  });
  if ('duplicate' in res)
    throw new AppError('conflict:eval_case', `Case ${res.duplicate.caseId} (line ${parsed.lines.get(res.duplicate.caseId) ?? '?'}) is already in this dataset; nothing was imported.`);
  return res.ids.length;
}

/** The edit form of a case: gold ids (source ids or slugs), reference, kind. */
const caseEditSchema = z.object({
  gold: z.array(z.string().trim().min(1).max(1000)).max(20, 'At most 20 gold articles.'),
  reference: z.string().trim().max(2000, 'At most 2,000 characters.'),
  kind: z.enum(evalKinds),
});

/**
 * Checks a case's gold and kind as the runner will: kind and gold agree, and every gold id names
 * an indexed (published) article by source id or slug.
 * @returns a message for the form, or null when the case is fine.
 */
export async function caseProblem(db: Db, c: { kind: string; gold: string[] }): Promise<string | null> {
  if (c.kind === 'unanswerable' && c.gold.length > 0) return 'An unanswerable case has no gold articles; remove them or pick another kind.';
  if (c.kind !== 'unanswerable' && c.gold.length === 0) return `A ${c.kind} case needs at least one gold article (or make it unanswerable).`;
  const indexed = await listIndexedArticleIds(db);
  const known = new Set(indexed.flatMap((a) => [a.slug, ...(a.sourceId ? [a.sourceId] : [])]));
  const unknown = c.gold.filter((g) => !known.has(g));
  return unknown.length ? `No published article has the id ${unknown.map((u) => `“${u}”`).join(', ')} (use a source id or a slug).` : null;
}

/**
 * Edits a stored case's gold, reference and kind after checking them (`caseProblem`).
 * @throws AppError `bad_request:eval_case` (the message says what is wrong), `not_found:eval_case`.
 */
export async function editCase(db: Db, args: { datasetId: number; id: number; gold: string[]; reference: string; kind: string }): Promise<void> {
  const parsed = caseEditSchema.safeParse(args);
  if (!parsed.success) throw new AppError('bad_request:eval_case', parsed.error.issues[0].message);
  const gold = [...new Set(parsed.data.gold)];
  const problem = await caseProblem(db, { kind: parsed.data.kind, gold });
  if (problem) throw new AppError('bad_request:eval_case', problem);
  const reference = parsed.data.kind === 'unanswerable' ? null : parsed.data.reference || null;
  await updateCase(db, { datasetId: args.datasetId, id: args.id, gold, reference, kind: parsed.data.kind });
}

/**
 * Scores a stored dataset against the app's own index (retrieval, then answers through the chat
 * turn with the configured chat model) and saves the run as `db:<name>`. Validation first, as the
 * runner does: schema, kind/gold agreement and unknown gold ids fail before any scoring.
 * @param args.answers also play the answers (default true).
 * @returns the saved run's id.
 * @throws AppError `not_found:dataset`, `bad_request:dataset` (no cases, invalid cases or unknown
 *   gold ids; the message lists them); model and database errors.
 */
export async function scoreStoredDataset(db: Db, args: { datasetId: number; answers?: boolean }): Promise<number> {
  const d = await getDatasetView(db, { id: args.datasetId });
  if (!d.cases.length) throw new AppError('bad_request:dataset', 'The dataset has no cases to run.');
  let dataset;
  try {
    dataset = readDataset(casesToJsonl(d.cases.map(toEvalCase)));
  } catch (err) {
    throw new AppError('bad_request:dataset', (err as Error).message);
  }
  const { cases, unknown } = await resolveGold(db, dataset);
  if (unknown.length) throw new AppError('bad_request:dataset', formatUnknownGold(unknown));
  const t0 = performance.now();
  const retrieval = await runRetrievalEval(db, cases, { k: 10, scope: true });
  let answers = null;
  let chatModelId: string | null = null;
  if (args.answers !== false) {
    const chat = await getChatModel();
    chatModelId = chat.id;
    try {
      answers = await runAnswerEval(db, cases, { chat, scope: true });
    } finally {
      // The chat turns were stored as conversations of the client `eval`; they are not user answers.
      await deleteEvalConversations(db);
    }
  }
  const durationMs = performance.now() - t0;
  const config = await currentRunConfig({ dataset: { name: storedDatasetRunName(d.name), version: dataset.version }, chatModelId, k: retrieval.k, scoped: retrieval.scoped, index: 'app-db' });
  return saveEvalRun(db, { config, retrieval, answers, cases: buildRunCases(cases, retrieval, answers), durationMs });
}

/** A job still running after this long is taken as lost (the server restarted), ms. */
const STALE_JOB_MS = 30 * 60 * 1000;

/**
 * Starts scoring a stored dataset in this process (the admin's Run button) and returns at once;
 * the job row says running, then done with the run id, or failed with the reason.
 * @returns the job id, or null when another run is still going (one at a time).
 * @throws AppError `not_found:dataset`; database errors.
 */
export async function startDatasetRun(db: Db, args: { datasetId: number; by: string | null; answers?: boolean }): Promise<number | null> {
  if (!(await findDataset(db, { id: args.datasetId }))) throw new AppError('not_found:dataset', 'There is no such dataset.');
  await failStaleJobs(db, { olderThanMs: STALE_JOB_MS });
  const jobId = await insertJob(db, { datasetId: args.datasetId, startedBy: args.by });
  if (jobId === null) return null;
  void scoreStoredDataset(db, { datasetId: args.datasetId, answers: args.answers }).then(
    (runId) => finishJob(db, { id: jobId, status: 'done', runId }),
    (err) => {
      if (!(err instanceof AppError)) console.error('[resolve] eval run failed:', err);
      const message = err instanceof AppError ? err.message : 'The run failed on the server (see its log).';
      return finishJob(db, { id: jobId, status: 'failed', error: message.slice(0, 2000) });
    },
  );
  return jobId;
}

/**
 * Whether a case passed in a run, from its scores: a case with gold passes when a gold article is
 * in the top 5 and, when answers were scored, the answer cites gold; an unanswerable case passes
 * when the answer refused without sources.
 * @returns true / false, or null when the run did not score what decides it.
 */
export function casePasses(scores: CaseScores | null): boolean | null {
  if (!scores) return null;
  if (scores.correct_refusals) return scores.correct_refusals.n === 1;
  if (!scores['hit@5']) return null;
  const hit = scores['hit@5'].n === 1;
  return scores.cites_gold ? hit && scores.cites_gold.n === 1 : hit;
}

/** A flagged case with what the newest run after the flag says: `fixed`, `failing`, or `pending` (no run yet). */
export type FlaggedCase = FlaggedCaseRow & { status: 'fixed' | 'failing' | 'pending' };

/**
 * Flagged cases, newest flag first, each with whether a run after the flag has it passing.
 * @param args.limit default 100.
 */
export async function flaggedCases(db: Db, args: { limit?: number } = {}): Promise<FlaggedCase[]> {
  const list = await listFlaggedCases(db, args);
  return list.map((f) => {
    const pass = f.laterRunId === null ? null : casePasses(f.laterScores);
    return { ...f, status: pass === null ? 'pending' : pass ? 'fixed' : 'failing' };
  });
}
