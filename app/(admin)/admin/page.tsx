import type { Metadata } from 'next';
import Link from 'next/link';
import { FileText, Plus } from 'lucide-react';
import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { countArticlesNeedingReview, listArticlesForAdmin } from '@/db/queries/articles';
import { articleStatus } from '@/db/schema';
import { ArticleFilter } from '@/components/admin/ArticleFilter';
import { NeedsReviewBadge } from '@/components/admin/ReviewFlags';
import { StatusBadge } from '@/components/admin/StatusBadge';
import { collectionLabel } from '@/components/help/format';
import { listProducts } from '@/db/queries/collections';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { publishDueArticlesIfAny } from '@/lib/content/editor';
import { archiveFromListAction } from './articles/actions';
import { WriteForm } from '@/components/admin/ViewOnly';

// Absolute: a page in the same segment as admin/layout.tsx gets the root layout's title template, not the admin one.
export const metadata: Metadata = { title: { absolute: 'Articles · Resolve Admin' } };

const paramsSchema = z.object({
  q: z.string().max(200).catch('').default(''),
  status: z.enum(articleStatus).optional().catch(undefined),
  review: z.literal('1').optional().catch(undefined),
});

const LIMIT = 500;

/** "5 min ago", "3 d ago", else "Mar 4, 2025" (UTC), rendered on the server. */
function relativeTime(d: Date, now: number): string {
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const tabs: { label: string; status?: (typeof articleStatus)[number] }[] = [
  { label: 'All' },
  { label: 'Published', status: 'published' },
  { label: 'Drafts', status: 'draft' },
  { label: 'Archived', status: 'archived' },
];

export default async function AdminArticlesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const me = await requireRole();
  const raw = await searchParams;
  const { q, status, review } = paramsSchema.parse({
    q: typeof raw.q === 'string' ? raw.q : undefined,
    status: typeof raw.status === 'string' ? raw.status : undefined,
    review: typeof raw.review === 'string' ? raw.review : undefined,
  });
  const needsReview = review === '1';
  const db = await getAppDb();
  // Scheduled articles whose time has come go live before the list is read (the start-up interval
  // may not have run yet).
  await publishDueArticlesIfAny(db);
  const [rows, reviewCount, products] = await Promise.all([listArticlesForAdmin(db, { q, status, needsReview, limit: LIMIT }), countArticlesNeedingReview(db), listProducts(db)]);
  // The product's name as the help center shows it ("BTCPay Server", not "Btcpay Docs").
  const productTitle = new Map(products.map((p) => [p.slug, p.title]));
  const now = Date.now();
  const href = (s?: string, r?: boolean) => {
    const p = new URLSearchParams();
    if (q) p.set('q', q);
    if (s) p.set('status', s);
    if (r) p.set('review', '1');
    const qs = p.toString();
    return qs ? `/admin?${qs}` : '/admin';
  };

  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Articles</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {rows.length === LIMIT ? `Showing the ${LIMIT} most recently edited` : `${rows.length} ${rows.length === 1 ? 'article' : 'articles'}`}
            {q ? <> matching “{q}”</> : null}
          </p>
        </div>
        {hasRole(me.role, 'editor') ? (
          <Link
            href="/admin/articles/new"
            data-testid="admin-new-article"
            className="inline-flex items-center gap-1.5 rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400"
          >
            <Plus className="size-4" aria-hidden="true" /> New article
          </Link>
        ) : null}
      </div>

      <div className="mt-5 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <nav aria-label="Filter by status" className="-mx-1 flex gap-1 overflow-x-auto px-1 text-sm">
          {tabs.map((t) => {
            const active = !needsReview && t.status === status;
            return (
              <Link
                key={t.label}
                href={href(t.status)}
                aria-current={active ? 'page' : undefined}
                className={
                  active
                    ? 'rounded-md bg-white px-3 py-1.5 font-medium text-slate-900 shadow-xs ring-1 ring-slate-200 dark:bg-slate-800 dark:text-white dark:ring-slate-700'
                    : 'rounded-md px-3 py-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800/60 dark:hover:text-white'
                }
              >
                {t.label}
              </Link>
            );
          })}
          {reviewCount > 0 || needsReview ? (
            <Link
              href={href(undefined, true)}
              aria-current={needsReview ? 'page' : undefined}
              data-testid="admin-needs-review-tab"
              title="Articles with text addressed to an AI assistant"
              className={
                needsReview
                  ? 'rounded-md bg-white px-3 py-1.5 font-medium whitespace-nowrap text-orange-800 shadow-xs ring-1 ring-orange-300 dark:bg-slate-800 dark:text-orange-200 dark:ring-orange-400/40'
                  : 'rounded-md px-3 py-1.5 whitespace-nowrap text-orange-800 hover:bg-orange-50 dark:text-orange-300 dark:hover:bg-orange-400/10'
              }
            >
              Needs review ({reviewCount})
            </Link>
          ) : null}
        </nav>
        <ArticleFilter q={q} status={status ?? ''} review={needsReview} />
      </div>

      <div className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs dark:border-slate-800 dark:bg-slate-900">
        {rows.length === 0 ? (
          <div className="flex flex-col items-center gap-2 px-6 py-16 text-center">
            <FileText className="size-8 text-slate-400" aria-hidden="true" />
            <p className="font-medium">{q || status || needsReview ? 'No articles match this filter.' : 'No articles yet.'}</p>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {q || status || needsReview ? (
                <Link href="/admin" className="text-indigo-700 hover:underline dark:text-indigo-300">
                  Clear the filter
                </Link>
              ) : (
                'Write the first one with “New article”.'
              )}
            </p>
          </div>
        ) : (
          <table className="w-full table-fixed text-left text-sm">
            <caption className="sr-only">Articles, most recently edited first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium text-slate-600 dark:border-slate-800 dark:bg-slate-900/60 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Title
                </th>
                <th scope="col" className="hidden w-28 px-3 py-2.5 font-medium sm:table-cell">
                  Status
                </th>
                <th scope="col" className="hidden w-44 px-3 py-2.5 font-medium lg:table-cell">
                  Collection
                </th>
                <th scope="col" className="hidden w-48 px-3 py-2.5 font-medium md:table-cell">
                  Category
                </th>
                <th scope="col" className="hidden w-32 px-4 py-2.5 text-right font-medium sm:table-cell">
                  Updated
                </th>
                <th scope="col" className="w-28 px-3 py-2.5 text-right font-medium sm:w-32">
                  <span className="sr-only">Archive</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((a) => (
                <tr key={a.id} data-testid="admin-article-row" data-slug={a.slug} className="group relative hover:bg-slate-50 dark:hover:bg-slate-800/40">
                  <td className="px-4 py-2.5">
                    <Link
                      href={`/admin/articles/${a.id}`}
                      className="block truncate font-medium text-slate-900 after:absolute after:inset-0 group-hover:text-indigo-700 focus-visible:outline-none focus-visible:after:rounded-md focus-visible:after:ring-2 focus-visible:after:ring-indigo-500 dark:text-slate-100 dark:group-hover:text-indigo-300"
                    >
                      {a.title}
                    </Link>
                    <div className="mt-0.5 flex min-w-0 items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
                      <span className="sm:hidden">
                        <StatusBadge status={a.status} />
                      </span>
                      <span className="truncate font-mono">{a.slug}</span>
                      <span className="shrink-0 sm:hidden">· {relativeTime(a.updatedAt, now)}</span>
                    </div>
                    {a.hasDraft || a.publishAt ? (
                      <div className="mt-1 flex flex-wrap gap-1.5 text-xs">
                        {a.hasDraft ? (
                          <span
                            data-testid="admin-row-draft"
                            className="rounded-full bg-amber-50 px-2 py-0.5 font-medium text-amber-900 ring-1 ring-amber-600/25 ring-inset dark:bg-amber-400/10 dark:text-amber-200 dark:ring-amber-400/25"
                          >
                            Draft changes not published
                          </span>
                        ) : null}
                        {a.publishAt ? (
                          <span className="rounded-full bg-indigo-50 px-2 py-0.5 font-medium text-indigo-900 ring-1 ring-indigo-600/25 ring-inset dark:bg-indigo-400/10 dark:text-indigo-200 dark:ring-indigo-400/25">
                            Scheduled <time dateTime={a.publishAt.toISOString()}>{a.publishAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</time>
                          </span>
                        ) : null}
                      </div>
                    ) : null}
                    {a.reviewFlagCount > 0 ? (
                      <div className="mt-1">
                        <NeedsReviewBadge count={a.reviewFlagCount} />
                      </div>
                    ) : null}
                  </td>
                  <td className="hidden px-3 py-2.5 sm:table-cell">
                    <StatusBadge status={a.status} />
                  </td>
                  <td className="hidden truncate px-3 py-2.5 text-slate-600 lg:table-cell dark:text-slate-400" title={a.collection}>
                    {productTitle.get(a.collection) ?? collectionLabel(a.collection)}
                  </td>
                  <td className="hidden truncate px-3 py-2.5 text-slate-600 md:table-cell dark:text-slate-400">{a.categoryName ?? <span className="text-slate-400 dark:text-slate-500">—</span>}</td>
                  <td className="hidden px-4 py-2.5 text-right whitespace-nowrap text-slate-600 tabular-nums sm:table-cell dark:text-slate-400">
                    <time dateTime={a.updatedAt.toISOString()} title={`${a.updatedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`}>
                      {relativeTime(a.updatedAt, now)}
                    </time>
                    <span className="sr-only">, version {a.version}</span>
                  </td>
                  <td className="px-3 py-2.5 text-right">
                    {/* Above the row's full-size link (z-10), so the button gets the click. */}
                    <WriteForm action={archiveFromListAction} className="relative z-10">
                      <input type="hidden" name="id" value={a.id} />
                      <input type="hidden" name="expectedVersion" value={a.version} />
                      <input type="hidden" name="archived" value={a.status === 'archived' ? '0' : '1'} />
                      <input type="hidden" name="back" value={href(status, needsReview).replace(/^\/admin/, '')} />
                      <button
                        type="submit"
                        data-testid={a.status === 'archived' ? 'admin-row-unarchive' : 'admin-row-archive'}
                        aria-label={`${a.status === 'archived' ? 'Unarchive' : 'Archive'} “${a.title}”`}
                        className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
                      >
                        {a.status === 'archived' ? 'Unarchive' : 'Archive'}
                      </button>
                    </WriteForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </main>
  );
}
