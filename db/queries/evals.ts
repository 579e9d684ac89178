/**
 * Evaluation: the articles gold ids may name, and stored eval runs with their per-case results.
 */
import 'server-only';
import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { articles, evalResults, evalRuns } from '../schema';
import { AppError } from '@/lib/errors';

/**
 * The articles search can return (published), with the two ids a gold entry may use.
 * @returns `{ slug, sourceId }` per published article (`sourceId` null for articles written here).
 */
export async function listIndexedArticleIds(db: Db): Promise<{ slug: string; sourceId: string | null }[]> {
  return db.select({ slug: articles.slug, sourceId: articles.sourceId }).from(articles).where(eq(articles.status, 'published'));
}

/** One case of a run as stored (see `eval_results` in db/schema.ts). */
export interface EvalResultRow {
  caseId: string;
  kind: string;
  gold: string[];
  turns: string[];
  /** metric name → numerator/denominator of the case (lib/evals/runs.ts `CaseScores`). */
  scores: Record<string, { n: number; d: number }>;
  detail: Record<string, unknown>;
  searchMs: number | null;
  ttftMs: number | null;
  answerMs: number | null;
}

/** A run as stored, without its cases. */
export interface EvalRunRow {
  id: number;
  datasetName: string;
  datasetVersion: string;
  cases: number;
  retrievalMetrics: Record<string, unknown>;
  answerMetrics: Record<string, unknown> | null;
  config: Record<string, unknown>;
  gitCommit: string | null;
  durationMs: number;
  createdAt: Date;
}

/**
 * Stores a run and its per-case results in one transaction.
 * @param args.run the run's columns (id and created_at are set by the database).
 * @param args.results one row per case, in dataset order.
 * @returns the new run's id.
 * @throws database errors (e.g. two results with one case id).
 */
export async function insertEvalRun(db: Db, args: { run: Omit<EvalRunRow, 'id' | 'createdAt'>; results: EvalResultRow[] }): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(evalRuns).values(args.run).returning({ id: evalRuns.id });
    // Batches keep each statement's parameter count far below Postgres' 65,535.
    for (let i = 0; i < args.results.length; i += 500) {
      await tx.insert(evalResults).values(args.results.slice(i, i + 500).map((r, j) => ({ ...r, runId: row.id, position: i + j })));
    }
    return row.id;
  });
}

/**
 * A stored run with its cases in dataset order.
 * @throws AppError `not_found:eval_run` when there is no run with that id.
 */
export async function getEvalRun(db: Db, args: { id: number }): Promise<EvalRunRow & { results: EvalResultRow[] }> {
  const [run] = await db.select().from(evalRuns).where(eq(evalRuns.id, args.id)).limit(1);
  if (!run) throw new AppError('not_found:eval_run', `No eval run ${args.id}`);
  const results = await db
    .select({
      caseId: evalResults.caseId,
      kind: evalResults.kind,
      gold: evalResults.gold,
      turns: evalResults.turns,
      scores: evalResults.scores,
      detail: evalResults.detail,
      searchMs: evalResults.searchMs,
      ttftMs: evalResults.ttftMs,
      answerMs: evalResults.answerMs,
    })
    .from(evalResults)
    .where(eq(evalResults.runId, args.id))
    .orderBy(asc(evalResults.position));
  return { ...run, results };
}

/**
 * The most recent runs, newest first, without their cases.
 * @param args.limit at most this many (default 20).
 */
export async function listEvalRuns(db: Db, args: { limit?: number } = {}): Promise<EvalRunRow[]> {
  return db
    .select()
    .from(evalRuns)
    .orderBy(desc(evalRuns.id))
    .limit(args.limit ?? 20);
}
