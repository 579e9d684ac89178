import type { Metadata } from 'next';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { z } from 'zod';
import { listCategoriesForAdmin, type AdminCategory } from '@/db/queries/categories';
import { listProducts } from '@/db/queries/collections';
import { SAMPLE_COLLECTION } from '@/lib/content/types';
import { collectionLabel } from '@/components/help/format';
import { requireRole } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';
import { createCategoryAction, moveCategoryAction, renameCategoryAction } from './actions';
import { WriteForm } from '@/components/admin/ViewOnly';

export const metadata: Metadata = { title: 'Categories' };
export const dynamic = 'force-dynamic';

const paramsSchema = z.object({
  ok: z.string().max(300).optional().catch(undefined),
  error: z.string().max(300).optional().catch(undefined),
  for: z.coerce.number().int().optional().catch(undefined),
});

const input =
  'block w-full rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
const inputBad = 'border-red-500 dark:border-red-500';
const button =
  'inline-flex shrink-0 items-center justify-center rounded-lg border border-slate-300 bg-white px-2.5 py-1.5 text-sm font-medium text-slate-800 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800';

const buttonPrimary =
  'inline-flex shrink-0 items-center justify-center rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:bg-indigo-500 dark:hover:bg-indigo-400';

/** Categories per product: create, rename, reorder (the order the help center lists them in). */
export default async function CategoriesAdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const raw = await searchParams;
  const q = paramsSchema.parse({
    ok: typeof raw.ok === 'string' ? raw.ok : undefined,
    error: typeof raw.error === 'string' ? raw.error : undefined,
    for: typeof raw.for === 'string' ? raw.for : undefined,
  });
  const db = await getAppDb();
  const [cats, products] = await Promise.all([listCategoriesForAdmin(db), listProducts(db)]);
  // The products with published articles first; the sample's product only while it is in use (a
  // fresh install) — after an import it would put new categories in a product nobody sees.
  const live = products.map((p) => p.slug);
  const collections = [...new Set([...(live.length ? live : [SAMPLE_COLLECTION]), ...cats.map((c) => c.collection)])].filter((c) => c !== SAMPLE_COLLECTION || live.length === 0 || live.includes(c));
  const byCollection = new Map<string, AdminCategory[]>();
  for (const c of cats) byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
  const titleOf = (slug: string) => products.find((p) => p.slug === slug)?.title ?? collectionLabel(slug);
  const createError = q.error && q.for === -1 ? q.error : null;

  return (
    <main className="mx-auto max-w-3xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Categories</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">The help center lists each product’s categories in this order. Renaming keeps the category’s address.</p>
      <div
        role="status"
        aria-live="polite"
        data-testid="categories-message"
        className={
          q.ok ? 'mt-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-200 dark:ring-emerald-400/25' : 'sr-only'
        }
      >
        {q.ok}
      </div>
      {q.error && q.for === undefined ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-600/20 dark:bg-red-500/10 dark:text-red-200">
          {q.error}
        </p>
      ) : null}

      <WriteForm action={createCategoryAction} className="mt-6 rounded-xl border border-slate-200 bg-white p-4 shadow-xs dark:border-slate-800 dark:bg-slate-900" data-testid="category-create">
        <h2 className="font-semibold">New category</h2>
        <div className="mt-3 grid gap-3 sm:grid-cols-[minmax(0,1fr)_12rem_auto] sm:items-end">
          <div className="space-y-1">
            <label htmlFor="new-category-name" className="block text-sm font-medium">
              Name
            </label>
            <input
              id="new-category-name"
              name="name"
              required
              maxLength={120}
              aria-invalid={createError ? true : undefined}
              aria-describedby={createError ? 'new-category-error' : undefined}
              className={`${input} ${createError ? inputBad : ''}`}
              data-testid="category-new-name"
            />
          </div>
          <div className="space-y-1">
            <label htmlFor="new-category-collection" className="block text-sm font-medium">
              Product
            </label>
            <select id="new-category-collection" name="collection" className={input} data-testid="category-new-collection">
              {collections.map((c) => (
                <option key={c} value={c}>
                  {titleOf(c)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonPrimary} data-testid="category-create-submit">
            Create
          </button>
        </div>
        {createError ? (
          <p id="new-category-error" className="mt-2 text-sm text-red-700 dark:text-red-300">
            {createError}
          </p>
        ) : null}
      </WriteForm>

      {[...byCollection.entries()].map(([collection, list]) => (
        <section key={collection} aria-labelledby={`cat-${collection}`} className="mt-8">
          <h2 id={`cat-${collection}`} className="text-lg font-semibold">
            {titleOf(collection)}
          </h2>
          <ol className="mt-3 divide-y divide-slate-100 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {list.map((c, i) => {
              const err = q.error && q.for === c.id ? q.error : null;
              return (
                <li key={c.id} data-testid="category-row" data-slug={c.slug} className="flex flex-wrap items-start gap-2 px-3 py-2.5">
                  <span className="w-6 pt-1.5 text-right text-sm text-slate-500 tabular-nums dark:text-slate-400" aria-hidden="true">
                    {i + 1}.
                  </span>
                  <WriteForm action={renameCategoryAction} className="flex min-w-0 flex-1 flex-wrap items-center gap-2">
                    <input type="hidden" name="id" value={c.id} />
                    <label htmlFor={`cat-name-${c.id}`} className="sr-only">
                      Name of category {i + 1}
                    </label>
                    <input
                      id={`cat-name-${c.id}`}
                      name="name"
                      defaultValue={c.name}
                      maxLength={120}
                      aria-invalid={err ? true : undefined}
                      aria-describedby={err ? `cat-err-${c.id}` : `cat-meta-${c.id}`}
                      className={`${input} ${err ? inputBad : ''} min-w-0 flex-1 basis-40`}
                      data-testid="category-name"
                    />
                    <button type="submit" className={button} data-testid="category-rename">
                      Rename
                    </button>
                    <span id={`cat-meta-${c.id}`} className="w-full text-xs text-slate-600 dark:text-slate-400">
                      /categories/{c.slug} · {c.articleCount} {c.articleCount === 1 ? 'article' : 'articles'}
                    </span>
                    {err ? (
                      <span id={`cat-err-${c.id}`} className="w-full text-sm text-red-700 dark:text-red-300">
                        {err}
                      </span>
                    ) : null}
                  </WriteForm>
                  <div className="flex gap-1">
                    {(['up', 'down'] as const).map((d) => (
                      <WriteForm key={d} action={moveCategoryAction}>
                        <input type="hidden" name="id" value={c.id} />
                        <input type="hidden" name="direction" value={d} />
                        <button type="submit" disabled={d === 'up' ? i === 0 : i === list.length - 1} aria-label={`Move “${c.name}” ${d}`} className={button} data-testid={`category-move-${d}`}>
                          {d === 'up' ? <ArrowUp className="size-4" aria-hidden="true" /> : <ArrowDown className="size-4" aria-hidden="true" />}
                        </button>
                      </WriteForm>
                    ))}
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </main>
  );
}
