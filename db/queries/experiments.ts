/** Online experiments (see db/schema.ts `experiments`): admin CRUD and the running one for chat turns. */
import 'server-only';
import { and, desc, eq, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { experiments } from '../schema';

export type ExperimentRow = typeof experiments.$inferSelect;

/** Every experiment, newest first. */
export async function listExperiments(db: Db): Promise<ExperimentRow[]> {
  return db.select().from(experiments).orderBy(desc(experiments.createdAt), desc(experiments.id));
}

/**
 * One experiment by id.
 * @returns null when there is none.
 */
async function getExperiment(db: Db, args: { id: number }): Promise<ExperimentRow | null> {
  const [row] = await db.select().from(experiments).where(eq(experiments.id, args.id)).limit(1);
  return row ?? null;
}

/**
 * Creates a draft experiment (not started).
 * @param args.config the variant's overrides, already validated (lib/experiments/config.ts).
 * @param args.trafficShare share of visitors in the variant arm, 0–1, already validated.
 * @returns the new row.
 */
export async function createExperiment(db: Db, args: { name: string; description: string; config: Record<string, unknown>; trafficShare: number; createdBy: string | null }): Promise<ExperimentRow> {
  const [row] = await db.insert(experiments).values({ name: args.name, description: args.description, config: args.config, trafficShare: args.trafficShare, createdBy: args.createdBy }).returning();
  return row;
}

/**
 * Starts a draft experiment. Only one runs at a time, so results of two never mix.
 * @param args.now start time (default now).
 * @throws AppError `not_found:experiment` for an unknown id; `conflict:experiment` when it was
 *   already started (a stopped experiment is not restarted: create a new one) or another one is
 *   running.
 */
export async function startExperiment(db: Db, args: { id: number; now?: Date }): Promise<ExperimentRow> {
  return db.transaction(async (tx) => {
    // Serialize starts: two admins starting two experiments at once must not both succeed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('resolve.experiments.start'))`);
    const [row] = await tx.select().from(experiments).where(eq(experiments.id, args.id)).limit(1);
    if (!row) throw new AppError('not_found:experiment', 'There is no such experiment.');
    if (row.startedAt) throw new AppError('conflict:experiment', 'This experiment was already started. Create a new one to run it again.');
    const [running] = await tx
      .select({ name: experiments.name })
      .from(experiments)
      .where(and(isNotNull(experiments.startedAt), isNull(experiments.stoppedAt), ne(experiments.id, args.id)))
      .limit(1);
    if (running) throw new AppError('conflict:experiment', `“${running.name}” is running. Stop it first.`);
    const [started] = await tx
      .update(experiments)
      .set({ startedAt: args.now ?? new Date() })
      .where(eq(experiments.id, args.id))
      .returning();
    return started;
  });
}

/**
 * Stops a running experiment; its results stay.
 * @throws AppError `not_found:experiment` for an unknown id; `conflict:experiment` when it is not running.
 */
export async function stopExperiment(db: Db, args: { id: number; now?: Date }): Promise<ExperimentRow> {
  const [row] = await db
    .update(experiments)
    .set({ stoppedAt: args.now ?? new Date() })
    .where(and(eq(experiments.id, args.id), isNotNull(experiments.startedAt), isNull(experiments.stoppedAt)))
    .returning();
  if (row) return row;
  const exists = await getExperiment(db, { id: args.id });
  if (!exists) throw new AppError('not_found:experiment', 'There is no such experiment.');
  throw new AppError('conflict:experiment', 'This experiment is not running.');
}

/** The running experiment (started, not stopped), or null. */
export async function getRunningExperiment(db: Db): Promise<ExperimentRow | null> {
  const [row] = await db
    .select()
    .from(experiments)
    .where(and(isNotNull(experiments.startedAt), isNull(experiments.stoppedAt)))
    .orderBy(desc(experiments.startedAt))
    .limit(1);
  return row ?? null;
}
