/**
 * Eval datasets kept in the database: datasets, their cases with provenance, flags raised when an
 * article a case depends on is saved, and the admin's run jobs. Values arrive already shaped and
 * validated (lib/evals/datasets.ts); versions are computed there from the cases.
 */
import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { rows, type Db } from '../client';
import { evalCases, evalDatasets, evalJobs } from '../schema';

/** A dataset row with its case and open-flag counts. */
export interface DatasetRow {
  id: number;
  name: string;
  description: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  caseCount: number;
}

/** One stored case: the JSONL fields and its provenance. */
export interface CaseRow {
  id: number;
  datasetId: number;
  caseId: string;
  position: number;
  turns: string[];
  gold: string[];
  kind: string;
  collection: string | null;
  reference: string | null;
  origin: 'review' | 'import' | 'manual';
  feedbackId: number | null;
  conversationId: string | null;
  messageId: string | null;
  citedArticleIds: number[];
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The JSONL fields and provenance of a case to insert (position is appended). */
export type NewCase = Pick<CaseRow, 'caseId' | 'turns' | 'gold' | 'kind' | 'collection' | 'reference' | 'origin'> &
  Partial<Pick<CaseRow, 'feedbackId' | 'conversationId' | 'messageId' | 'citedArticleIds' | 'createdBy'>>;

/**
 * Every dataset, by name, with its number of cases.
 * @returns rows ordered by name.
 */
export async function listDatasets(db: Db): Promise<DatasetRow[]> {
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select d.id, d.name, d.description, d.created_by, d.created_at, d.updated_at,
               (select count(*) from eval_cases c where c.dataset_id = d.id)::int as case_count
        from eval_datasets d order by d.name`,
  );
  return res.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    description: String(r.description ?? ''),
    createdBy: (r.created_by as string | null) ?? null,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    caseCount: Number(r.case_count),
  }));
}

/**
 * One dataset by id or by name.
 * @returns null when there is none.
 */
export async function findDataset(db: Db, args: { id?: number; name?: string }): Promise<Omit<DatasetRow, 'caseCount'> | null> {
  const where = args.id !== undefined ? eq(evalDatasets.id, args.id) : eq(evalDatasets.name, args.name ?? '');
  const [row] = await db.select().from(evalDatasets).where(where).limit(1);
  return row ?? null;
}

/**
 * Creates a dataset.
 * @returns its id.
 * @throws AppError `conflict:dataset` when the name is taken.
 */
export async function insertDataset(db: Db, args: { name: string; description: string; createdBy: string | null }): Promise<number> {
  const [row] = await db.insert(evalDatasets).values(args).onConflictDoNothing().returning({ id: evalDatasets.id });
  if (!row) throw new AppError('conflict:dataset', `A dataset named “${args.name}” already exists.`);
  return row.id;
}

/**
 * A dataset's cases in order.
 * @returns rows by position, then id.
 */
export async function listCases(db: Db, args: { datasetId: number }): Promise<CaseRow[]> {
  const res = await db.select().from(evalCases).where(eq(evalCases.datasetId, args.datasetId)).orderBy(asc(evalCases.position), asc(evalCases.id));
  return res as CaseRow[];
}

/**
 * Appends cases to a dataset in one transaction (positions after the last one).
 * @returns the inserted cases' row ids in order, or `{ duplicate }` naming the first case that
 *   clashes with a stored one (same case id, or — for cases from a reviewed answer — the same
 *   answer); then nothing is inserted.
 */
export async function insertCases(db: Db, args: { datasetId: number; cases: NewCase[] }): Promise<{ ids: number[] } | { duplicate: { caseId: string; by: 'id' | 'answer'; existing: string } }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // Serialises appends to one dataset (positions), on PGlite and a server alike.
    await tx.execute(sql`select id from eval_datasets where id = ${args.datasetId} for update`);
    const ids = args.cases.map((c) => c.caseId);
    if (ids.length) {
      const [clash] = await tx
        .select({ caseId: evalCases.caseId })
        .from(evalCases)
        .where(and(eq(evalCases.datasetId, args.datasetId), inArray(evalCases.caseId, ids)))
        .limit(1);
      if (clash) return { duplicate: { caseId: clash.caseId, by: 'id' as const, existing: clash.caseId } };
    }
    for (const c of args.cases) {
      if (!c.conversationId || !c.messageId) continue;
      const [same] = await tx
        .select({ caseId: evalCases.caseId })
        .from(evalCases)
        .where(and(eq(evalCases.datasetId, args.datasetId), eq(evalCases.conversationId, c.conversationId), eq(evalCases.messageId, c.messageId)))
        .limit(1);
      if (same) return { duplicate: { caseId: c.caseId, by: 'answer' as const, existing: same.caseId } };
    }
    const [{ max }] = await rows<{ max: number | null }>(tx, sql`select max(position) as max from eval_cases where dataset_id = ${args.datasetId}`);
    let position = max === null || max === undefined ? 0 : Number(max) + 1;
    const out: number[] = [];
    for (const c of args.cases) {
      // The unique indexes are the last word (a concurrent add of the same answer): nothing inserted → duplicate.
      const [row] = await tx
        .insert(evalCases)
        .values({ ...c, datasetId: args.datasetId, position: position++, citedArticleIds: c.citedArticleIds ?? [] })
        .onConflictDoNothing()
        .returning({ id: evalCases.id });
      if (!row) throw new AppError('conflict:eval_case', `Case ${c.caseId} is already in this dataset.`);
      out.push(row.id);
    }
    await tx.update(evalDatasets).set({ updatedAt: new Date() }).where(eq(evalDatasets.id, args.datasetId));
    return { ids: out };
  });
}

/**
 * Changes a case's gold, reference and kind.
 * @throws AppError `not_found:eval_case` when the dataset has no such case.
 */
export async function updateCase(db: Db, args: { datasetId: number; id: number; gold: string[]; reference: string | null; kind: string }): Promise<void> {
  const res = await db
    .update(evalCases)
    .set({ gold: args.gold, reference: args.reference, kind: args.kind, updatedAt: new Date() })
    .where(and(eq(evalCases.datasetId, args.datasetId), eq(evalCases.id, args.id)))
    .returning({ id: evalCases.id });
  if (!res.length) throw new AppError('not_found:eval_case', 'This case no longer exists.');
  await db.update(evalDatasets).set({ updatedAt: new Date() }).where(eq(evalDatasets.id, args.datasetId));
}

/**
 * Deletes a case (and its flags).
 * @returns whether a case was deleted.
 */
export async function deleteCase(db: Db, args: { datasetId: number; id: number }): Promise<boolean> {
  const res = await db
    .delete(evalCases)
    .where(and(eq(evalCases.datasetId, args.datasetId), eq(evalCases.id, args.id)))
    .returning({ id: evalCases.id });
  if (res.length) await db.update(evalDatasets).set({ updatedAt: new Date() }).where(eq(evalDatasets.id, args.datasetId));
  return res.length > 0;
}

/**
 * Flags the stored cases that depend on an article: the ones whose gold names it (by source id or
 * slug) and the ones whose reviewed answer cited it. One flag row per case and save.
 * @param args.article the article as saved: id, slug, source id (null for articles written here),
 *   title and new version.
 * @returns the number of cases flagged.
 */
export async function flagCasesForArticle(db: Db, args: { article: { id: number; slug: string; sourceId: string | null; title: string; version: number } }): Promise<number> {
  const a = args.article;
  const ids = [a.slug, ...(a.sourceId ? [a.sourceId] : [])];
  const goldMatch = sql.join(
    ids.map((id) => sql`c.gold @> ${JSON.stringify([id])}::jsonb`),
    sql` or `,
  );
  const res = await rows<{ id: number }>(
    db,
    sql`insert into eval_case_flags (case_row_id, article_id, article_title, article_version, relation)
        select c.id, ${a.id}, ${a.title}, ${a.version}, case when (${goldMatch}) then 'gold' else 'cited' end
        from eval_cases c
        where (${goldMatch}) or c.cited_article_ids @> ${JSON.stringify([a.id])}::jsonb
        returning id`,
  );
  return res.length;
}

/** A flagged case: its latest flag, and the latest run of its dataset made after that flag. */
export interface FlaggedCaseRow {
  caseRowId: number;
  caseId: string;
  datasetId: number;
  datasetName: string;
  articleId: number | null;
  articleTitle: string;
  articleVersion: number;
  relation: 'gold' | 'cited';
  flaggedAt: Date;
  /** The newest run of `db:<dataset name>` after the flag that has this case; null when none yet. */
  laterRunId: number | null;
  laterScores: Record<string, { n: number; d: number }> | null;
}

/**
 * Cases with a flag, newest flag first, each with its newest later run's scores for the case.
 * @param args.limit at most this many (default 100).
 */
export async function listFlaggedCases(db: Db, args: { limit?: number } = {}): Promise<FlaggedCaseRow[]> {
  const res = await rows<Record<string, unknown>>(
    db,
    sql`select c.id as case_row_id, c.case_id, d.id as dataset_id, d.name as dataset_name,
               f.article_id, f.article_title, f.article_version, f.relation, f.flagged_at,
               later.run_id as later_run_id, later.scores as later_scores
        from eval_cases c
        join eval_datasets d on d.id = c.dataset_id
        join lateral (select * from eval_case_flags x where x.case_row_id = c.id order by x.flagged_at desc, x.id desc limit 1) f on true
        left join lateral (
          select r.id as run_id, e.scores from eval_runs r join eval_results e on e.run_id = r.id and e.case_id = c.case_id
          where r.dataset_name = 'db:' || d.name and r.created_at > f.flagged_at
          order by r.id desc limit 1) later on true
        order by f.flagged_at desc, c.id
        limit ${args.limit ?? 100}`,
  );
  return res.map((r) => ({
    caseRowId: Number(r.case_row_id),
    caseId: String(r.case_id),
    datasetId: Number(r.dataset_id),
    datasetName: String(r.dataset_name),
    articleId: r.article_id === null ? null : Number(r.article_id),
    articleTitle: String(r.article_title),
    articleVersion: Number(r.article_version),
    relation: r.relation as 'gold' | 'cited',
    flaggedAt: new Date(r.flagged_at as string),
    laterRunId: r.later_run_id === null || r.later_run_id === undefined ? null : Number(r.later_run_id),
    laterScores: (typeof r.later_scores === 'string' ? JSON.parse(r.later_scores) : r.later_scores) as FlaggedCaseRow['laterScores'],
  }));
}

/** A run job of the admin's Run button. */
export interface EvalJobRow {
  id: number;
  datasetId: number;
  status: 'running' | 'done' | 'failed';
  runId: number | null;
  error: string | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/**
 * Starts a job unless one is running anywhere (one scoring at a time in the server process).
 * @returns the new job's id, or null when another job is running.
 */
export async function insertJob(db: Db, args: { datasetId: number; startedBy: string | null }): Promise<number | null> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.execute(sql`lock table eval_jobs in share row exclusive mode`);
    const [running] = await tx.select({ id: evalJobs.id }).from(evalJobs).where(eq(evalJobs.status, 'running')).limit(1);
    if (running) return null;
    const [row] = await tx.insert(evalJobs).values({ datasetId: args.datasetId, startedBy: args.startedBy }).returning({ id: evalJobs.id });
    return row.id;
  });
}

/** Ends a job: done with its run, or failed with a message. */
export async function finishJob(db: Db, args: { id: number; status: 'done' | 'failed'; runId?: number | null; error?: string | null }): Promise<void> {
  await db
    .update(evalJobs)
    .set({ status: args.status, runId: args.runId ?? null, error: args.error ?? null, finishedAt: new Date() })
    .where(eq(evalJobs.id, args.id));
}

/**
 * Marks jobs still `running` after `olderThanMs` as failed (the process that ran them is gone).
 * @returns how many were marked.
 */
export async function failStaleJobs(db: Db, args: { olderThanMs: number }): Promise<number> {
  const res = await rows<{ id: number }>(
    db,
    sql`update eval_jobs set status = 'failed', error = 'The server stopped before the run finished.', finished_at = now()
        where status = 'running' and started_at < now() - make_interval(secs => ${args.olderThanMs / 1000}) returning id`,
  );
  return res.length;
}

/**
 * The latest jobs, newest first.
 * @param args.datasetId only this dataset's; args.limit default 10.
 */
export async function listJobs(db: Db, args: { datasetId?: number; limit?: number } = {}): Promise<EvalJobRow[]> {
  const q = db.select().from(evalJobs);
  const res = await (args.datasetId !== undefined ? q.where(eq(evalJobs.datasetId, args.datasetId)) : q).orderBy(desc(evalJobs.id)).limit(args.limit ?? 10);
  return res as EvalJobRow[];
}

/** Drops the conversations the answer eval's chat turns stored in the app database (client `eval`). */
export async function deleteEvalConversations(db: Db): Promise<void> {
  await db.execute(sql`delete from conversations where client_id = 'eval' and id like 'eval-%'`);
}

/** Published articles whose title or slug contains `q` (case-insensitive), best title match first, at most 20. */
export async function searchArticleTitles(db: Db, args: { q: string }): Promise<{ id: number; slug: string; title: string; collection: string; sourceId: string | null }[]> {
  const like = `%${args.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return rows(
    db,
    sql`select id, slug, title, collection, source_id as "sourceId" from articles
        where status = 'published' and (title ilike ${like} or slug ilike ${like})
        order by similarity(title, ${args.q}) desc, title limit 20`,
  );
}

/** Articles by id (any status), for showing and resolving picked gold articles. */
export async function getArticlesByIds(db: Db, args: { ids: number[] }): Promise<{ id: number; slug: string; title: string; collection: string; sourceId: string | null; status: string }[]> {
  if (!args.ids.length) return [];
  return rows(
    db,
    sql`select id, slug, title, collection, source_id as "sourceId", status from articles where id in (${sql.join(
      args.ids.map((i) => sql`${i}`),
      sql`, `,
    )})`,
  );
}

/** Article ids of the given slugs (the citations of a stored answer name articles by slug). */
export async function articleIdsBySlug(db: Db, args: { slugs: string[] }): Promise<number[]> {
  if (!args.slugs.length) return [];
  const res = await rows<{ id: number }>(
    db,
    sql`select id from articles where slug in (${sql.join(
      args.slugs.map((s) => sql`${s}`),
      sql`, `,
    )}) order by id`,
  );
  return res.map((r) => Number(r.id));
}
