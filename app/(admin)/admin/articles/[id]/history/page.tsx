import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ArrowLeft } from 'lucide-react';
import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { getRevision, listRevisions, type RevisionListItem } from '@/db/queries/revisions';
import { listCategoriesForAdmin } from '@/db/queries/categories';
import { DiffLines, DiffWords } from '@/components/admin/DiffView';
import { StatusBadge } from '@/components/admin/StatusBadge';
import { requireRole } from '@/lib/auth/session';
import { diffText, diffWords } from '@/lib/content/diff';
import { getEditorArticle } from '@/lib/content/editor';
import { restoreRevisionAction } from '../../actions';
import { WriteForm } from '@/components/admin/ViewOnly';

export const metadata: Metadata = { title: 'Article history' };

const idParam = z.coerce.number().int().positive().max(2_000_000_000);
const paramsSchema = z.object({
  from: idParam.optional().catch(undefined),
  to: idParam.optional().catch(undefined),
  error: z.string().max(300).optional().catch(undefined),
});

function kindLabel(r: RevisionListItem): string {
  switch (r.kind) {
    case 'draft':
      return 'Draft saved (not live)';
    case 'publish':
      return 'Published';
    case 'status':
      return r.status === 'archived' ? 'Archived' : r.status === 'published' ? 'Published (status)' : 'Set to draft';
    case 'restore':
      return `Restored v${r.baseVersion ?? '?'}`;
    case 'discard':
      return 'Draft discarded';
    case 'conflict':
      return `Refused: conflict (edited from v${r.baseVersion ?? r.version})`;
    default:
      return 'Saved';
  }
}

/** Restore as a plain form (works without JavaScript); shown in the last column, or under "What" on phones. */
function RestoreButton({
  id,
  revision,
  baseVersion,
  label,
  className,
  testId = 'history-restore',
}: {
  id: number;
  revision: RevisionListItem;
  baseVersion: number;
  label: string;
  className?: string;
  testId?: string;
}) {
  return (
    <WriteForm action={restoreRevisionAction} className={className}>
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="revisionId" value={revision.id} />
      <input type="hidden" name="expectedVersion" value={baseVersion} />
      <button
        type="submit"
        data-testid={testId}
        aria-label={`Restore ${label}`}
        className="rounded-lg border border-slate-300 px-2.5 py-1 text-xs font-semibold hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Restore
      </button>
    </WriteForm>
  );
}

function utc(d: Date): string {
  return `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/**
 * An article's history: every revision with its author and time, a diff of any two (pick "from" and
 * "to"), and Restore on each (a new revision; nothing is lost). Times are shown in UTC.
 */
export default async function ArticleHistoryPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const { id: rawId } = await params;
  if (!/^\d{1,9}$/.test(rawId) || Number(rawId) < 1) notFound();
  const id = Number(rawId);
  const db = await getAppDb();
  const article = await getEditorArticle(db, { id });
  if (!article) notFound();
  const raw = await searchParams;
  const q = paramsSchema.parse({
    from: typeof raw.from === 'string' ? raw.from : undefined,
    to: typeof raw.to === 'string' ? raw.to : undefined,
    error: typeof raw.error === 'string' ? raw.error : undefined,
  });
  const revisions = await listRevisions(db, { articleId: id, limit: 500 });
  const toId = q.to ?? revisions[0]?.id;
  const fromId = q.from ?? revisions[1]?.id ?? toId;
  const [from, to] = await Promise.all([fromId ? getRevision(db, { articleId: id, revisionId: fromId }) : null, toId ? getRevision(db, { articleId: id, revisionId: toId }) : null]);
  // A move to another category is a change too: named on its own line (the body may be the same).
  const categoryName = new Map(from && to && from.categoryId !== to.categoryId ? (await listCategoriesForAdmin(db)).map((c) => [c.id, c.name]) : []);
  const categoryLabel = (cid: number | null) => (cid === null ? 'No category' : (categoryName.get(cid) ?? `category #${cid} (deleted)`));
  const label = (r: { id: number; version: number; kind: string }) => `v${r.version}${r.kind === 'conflict' ? ` (refused #${r.id})` : ''}`;

  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <Link href={`/admin/articles/${id}`} className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
        <ArrowLeft className="size-4" aria-hidden="true" /> Back to the editor
      </Link>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">History: {article.title}</h1>
        <StatusBadge status={article.status} />
        <span className="text-sm text-slate-600 dark:text-slate-400">
          current v{article.version}
          {article.hasDraft ? ' · draft not published' : ''}
        </span>
      </div>
      {q.error ? (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-600/20 dark:bg-red-500/10 dark:text-red-200 dark:ring-red-400/25">
          {q.error}
        </p>
      ) : null}

      <form id="compare-form" method="get" className="mt-5 flex flex-wrap items-center gap-3 text-sm">
        <p className="text-slate-700 dark:text-slate-300">Pick a “from” and a “to” revision in the list, then compare.</p>
        <button
          type="submit"
          data-testid="history-compare"
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 font-semibold shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
        >
          Compare
        </button>
      </form>

      <div className="mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Revisions, newest first</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">
                From
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                To
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Version
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                What
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                Author
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
                When
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                <span className="sr-only">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {revisions.map((r) => {
              const isCurrent = r.kind !== 'conflict' && r.version === article.version;
              return (
                <tr key={r.id} data-testid="history-row" data-kind={r.kind} data-version={r.version} className={r.kind === 'conflict' ? 'bg-red-50/60 dark:bg-red-500/5' : undefined}>
                  <td className="px-3 py-2">
                    <input type="radio" form="compare-form" name="from" value={r.id} defaultChecked={r.id === fromId} aria-label={`Compare from ${label(r)}`} className="size-4 accent-indigo-600" />
                  </td>
                  <td className="px-3 py-2">
                    <input type="radio" form="compare-form" name="to" value={r.id} defaultChecked={r.id === toId} aria-label={`Compare to ${label(r)}`} className="size-4 accent-indigo-600" />
                  </td>
                  <td className="px-3 py-2 font-mono tabular-nums">
                    {label(r)}
                    {isCurrent ? <span className="ml-1.5 rounded bg-indigo-50 px-1.5 py-0.5 font-sans text-xs text-indigo-800 dark:bg-indigo-400/10 dark:text-indigo-200">current</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <span className={r.kind === 'conflict' ? 'font-medium text-red-800 dark:text-red-300' : undefined}>{kindLabel(r)}</span>
                    <div className="text-xs text-slate-600 sm:hidden dark:text-slate-400">
                      {r.author ?? 'unknown'} · <time dateTime={r.createdAt.toISOString()}>{utc(r.createdAt)}</time>
                    </div>
                    {isCurrent ? null : <RestoreButton id={id} revision={r} baseVersion={article.version} label={label(r)} className="mt-1.5 sm:hidden" testId="history-restore-compact" />}
                  </td>
                  <td className="hidden max-w-[16rem] truncate px-3 py-2 text-slate-700 md:table-cell dark:text-slate-300" data-testid="history-author">
                    {r.author ?? 'unknown'}
                  </td>
                  <td className="hidden px-3 py-2 whitespace-nowrap text-slate-700 tabular-nums sm:table-cell dark:text-slate-300">
                    <time dateTime={r.createdAt.toISOString()}>{utc(r.createdAt)}</time>
                  </td>
                  <td className="hidden px-3 py-2 text-right sm:table-cell">{isCurrent ? null : <RestoreButton id={id} revision={r} baseVersion={article.version} label={label(r)} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {from && to ? (
        <section aria-labelledby="diff-title" className="mt-6" data-testid="history-diff">
          <h2 id="diff-title" className="text-lg font-semibold">
            Changes from {label(from)} to {label(to)}
          </h2>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Added text is underlined and marked “+”, removed text is struck through and marked “−”.</p>
          <dl className="mt-3 space-y-2 text-sm [overflow-wrap:anywhere]">
            <div>
              <dt className="inline font-medium">Title: </dt>
              <dd className="inline">
                <DiffWords words={diffWords(from.title, to.title)} />
              </dd>
            </div>
            <div>
              <dt className="inline font-medium">Summary: </dt>
              <dd className="inline">{from.summary || to.summary ? <DiffWords words={diffWords(from.summary, to.summary)} /> : <span className="text-slate-600 dark:text-slate-400">none</span>}</dd>
            </div>
            {from.categoryId !== to.categoryId ? (
              <div data-testid="history-category-change">
                <dt className="inline font-medium">Category: </dt>
                <dd className="inline">
                  <DiffWords
                    words={[
                      { type: 'removed', text: categoryLabel(from.categoryId) },
                      { type: 'same', text: ' → ' },
                      { type: 'added', text: categoryLabel(to.categoryId) },
                    ]}
                  />
                </dd>
              </div>
            ) : null}
          </dl>
          <div className="mt-3">
            <DiffLines diff={diffText(from.body, to.body)} labels={[label(from), label(to)]} testId="history-body-diff" />
          </div>
        </section>
      ) : null}
    </main>
  );
}
