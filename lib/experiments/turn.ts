/** The experiment arm a chat turn runs in: the running experiment (if any) and the visitor's arm. */
import 'server-only';
import type { Db } from '@/db/client';
import { getRunningExperiment } from '@/db/queries/experiments';
import type { ExperimentArm } from '@/db/schema';
import { assignArm } from './assign';
import { parseStoredVariantConfig, resolveTurnConfig, type TurnConfig } from './config';

/** What a turn under an experiment carries. */
export interface TurnExperiment {
  experimentId: number;
  arm: ExperimentArm;
  /** The knobs the turn runs with: production for `control`, production + overrides for `variant`. */
  config: TurnConfig;
}

/**
 * The arm of this visitor in the running experiment.
 * @param args.visitorId the browser client id (cookie); the same id always gets the same arm.
 * @returns null when no experiment is running; else the arm and its configuration (a variant
 *   whose stored config no longer validates runs with production values, and is still recorded
 *   as `variant`, so its answers are not silently counted as control).
 * @throws database errors.
 */
export async function experimentForVisitor(db: Db, args: { visitorId: string }): Promise<TurnExperiment | null> {
  const running = await getRunningExperiment(db);
  if (!running) return null;
  const arm = assignArm({ experimentId: running.id, visitorId: args.visitorId, trafficShare: running.trafficShare });
  const config = resolveTurnConfig(arm === 'variant' ? parseStoredVariantConfig(running.config) : null);
  return { experimentId: running.id, arm, config };
}
