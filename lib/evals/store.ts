/**
 * Saving and reading eval runs: the configuration of this process (models, fusion, classifier,
 * prompt, commit) and the verbs that write a run and read one back for a comparison.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { getEvalRun, insertEvalRun, type EvalRunRow } from '@/db/queries/evals';
import { getEmbeddingModel } from '@/lib/ai/embeddings';
import { ANSWERABILITY_MODEL } from '@/lib/assistant/answerability';
import { PROMPT_VERSION } from '@/lib/assistant/prompt';
import { LEG_WEIGHTS, RRF_K } from '@/lib/search/hybrid';
import type { AnswerReport } from './answers';
import type { RetrievalReport } from './retrieval';
import { gitCommit, type EvalRunConfig, type RunCase } from './runs';

/**
 * The configuration this process evaluates with.
 * @param args.dataset file name and version (lib/evals/dataset.ts `datasetVersion`).
 * @param args.chatModelId the chat model's id when answers are evaluated, else null.
 * @param args.k, args.scoped, args.index how the retrieval eval ran.
 * @returns the config to store with the run.
 */
export async function currentRunConfig(args: {
  dataset: { name: string; version: string };
  chatModelId: string | null;
  k: number;
  scoped: boolean;
  index: EvalRunConfig['index'];
}): Promise<EvalRunConfig> {
  const trained = typeof ANSWERABILITY_MODEL.trainedOn.trained === 'string' ? ANSWERABILITY_MODEL.trainedOn.trained : null;
  return {
    dataset: args.dataset,
    models: { embedding: (await getEmbeddingModel()).id, chat: args.chatModelId },
    fusion: { rrfK: RRF_K, weights: { ...LEG_WEIGHTS } },
    classifier: { version: `${trained ?? 'unknown'}@${ANSWERABILITY_MODEL.threshold}`, trained, threshold: ANSWERABILITY_MODEL.threshold },
    prompt: PROMPT_VERSION,
    gitCommit: gitCommit(),
    k: args.k,
    scoped: args.scoped,
    index: args.index,
  };
}

/**
 * Stores a run: its metrics, per-case results and config, in one transaction.
 * @param args.retrieval the retrieval report (its per-case lists are stored through `cases`).
 * @param args.answers the answer report, or null for a retrieval-only run.
 * @param args.cases lib/evals/runs.ts `buildRunCases` of the same reports.
 * @param args.durationMs wall time of the scoring, ms.
 * @returns the run id.
 * @throws database errors.
 */
export async function saveEvalRun(db: Db, args: { config: EvalRunConfig; retrieval: RetrievalReport; answers: AnswerReport | null; cases: RunCase[]; durationMs: number }): Promise<number> {
  const { results: _r, ...retrievalMetrics } = args.retrieval;
  const answerMetrics = args.answers ? { model: args.answers.model, overall: args.answers.overall, byKind: args.answers.byKind } : null;
  return insertEvalRun(db, {
    run: {
      datasetName: args.config.dataset.name,
      datasetVersion: args.config.dataset.version,
      cases: args.cases.length,
      // JSON round trip: NaN percentiles of empty groups become null, as jsonb stores them.
      retrievalMetrics: JSON.parse(JSON.stringify(retrievalMetrics)),
      answerMetrics: answerMetrics ? JSON.parse(JSON.stringify(answerMetrics)) : null,
      config: args.config as unknown as Record<string, unknown>,
      gitCommit: args.config.gitCommit,
      durationMs: Math.round(args.durationMs),
    },
    results: args.cases,
  });
}

/** A stored run as lib/evals/compare.ts reads it. */
export type StoredRun = Omit<EvalRunRow, 'config'> & { config: EvalRunConfig; results: RunCase[] };

/**
 * Reads a stored run with its cases.
 * @throws AppError `not_found:eval_run` for an unknown id; database errors.
 */
export async function loadEvalRun(db: Db, args: { id: number }): Promise<StoredRun> {
  const run = await getEvalRun(db, args);
  return { ...run, config: run.config as unknown as EvalRunConfig };
}
