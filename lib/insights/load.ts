/** Everything /admin/insights shows for one window, gathered from the database in parallel. */
import 'server-only';
import type { Db } from '@/db/client';
import { listExperiments, type ExperimentRow } from '@/db/queries/experiments';
import {
  articleHelpfulness,
  deflectionSeries,
  experimentArmCounts,
  handoffRateByCategory,
  helpfulnessSeries,
  noResultSearches,
  problemQuestions,
  type ArmCounts,
  type ArticleHelpfulness,
  type CategoryHandoffs,
  type NoResultSearches,
} from '@/db/queries/insights';
import { compareArms } from './experiments';
import { groupQuestions, type QuestionGroup } from './groups';
import type { InsightsWindow } from './range';
import { rateSeries, type RatePoint } from './series';

/** Experiments whose comparison the page shows: the running one and the latest stopped ones. */
const EXPERIMENTS_SHOWN = 3;

export interface InsightsData {
  answers: RatePoint[];
  articles: RatePoint[];
  perArticle: ArticleHelpfulness[];
  deflection: RatePoint[];
  byCategory: CategoryHandoffs[];
  searches: NoResultSearches;
  groups: QuestionGroup[];
  /** null when the questions could not be embedded (a hosted model failing): the page says so. */
  groupsError: string | null;
  experiments: { experiment: ExperimentRow; arms: ArmCounts[]; comparison: ReturnType<typeof compareArms> }[];
}

/**
 * Loads the insights of a window.
 * @throws database errors (the page's error boundary shows them); an embedding failure only
 *   empties the question groups and sets `groupsError`.
 */
export async function loadInsights(db: Db, w: InsightsWindow): Promise<InsightsData> {
  const [helpful, perArticle, deflection, byCategory, searches, problems, experiments] = await Promise.all([
    helpfulnessSeries(db, w),
    articleHelpfulness(db, { ...w, limit: 50 }),
    deflectionSeries(db, w),
    handoffRateByCategory(db, w),
    noResultSearches(db, { since: w.since, until: w.until, limit: 20 }),
    problemQuestions(db, { since: w.since, until: w.until, limit: 500 }),
    listExperiments(db),
  ]);
  const series = (type: 'message' | 'article') =>
    rateSeries(
      w.buckets,
      helpful.filter((h) => h.targetType === type).map((h) => ({ bucket: h.bucket, hits: h.up, total: h.up + h.down })),
    );
  let groups: QuestionGroup[] = [];
  let groupsError: string | null = null;
  try {
    groups = await groupQuestions(problems);
  } catch (err) {
    console.error('[resolve] grouping questions failed', err);
    groupsError = 'The questions could not be grouped: the embedding model did not answer. Reload to try again.';
  }
  const shown = experiments.filter((e) => e.startedAt).slice(0, EXPERIMENTS_SHOWN);
  const withArms = await Promise.all(
    shown.map(async (experiment) => {
      const arms = await experimentArmCounts(db, { experimentId: experiment.id });
      return { experiment, arms, comparison: compareArms(arms) };
    }),
  );
  return {
    answers: series('message'),
    articles: series('article'),
    perArticle,
    deflection: rateSeries(
      w.buckets,
      deflection.map((d) => ({ bucket: d.bucket, hits: d.deflected, total: d.conversations })),
    ),
    byCategory,
    searches,
    groups,
    groupsError,
    experiments: withArms,
  };
}
