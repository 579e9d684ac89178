import type { Metadata } from 'next';
import { listProducts } from '@/db/queries/collections';
import { ImportForm } from '@/components/admin/ImportForm';
import { requireRole } from '@/lib/auth/session';
import { untouchedSampleIsLive } from '@/lib/content/save';
import { getAppDb } from '@/lib/startup';

export const metadata: Metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

/** Import a zip of Markdown/MDX into a collection, with progress and the CLI's report. */
export default async function ImportAdminPage() {
  await requireRole('editor');
  const db = await getAppDb();
  // The choice to keep the sample only matters while an import would archive it: articles written
  // without a category (product `resolve` too) kept it on offer after the sample was gone.
  const [products, sampleLive] = await Promise.all([listProducts(db), untouchedSampleIsLive(db)]);
  return (
    <main className="mx-auto max-w-3xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Import</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        Upload a zip of a docs folder. Each file becomes an article of the collection; a later upload updates changed articles, skips unchanged ones and unpublishes articles whose file is gone. Large
        folders: <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">npm run import -- &lt;folder&gt;</code>.
      </p>
      <ImportForm collections={products.map((p) => p.slug)} sampleLive={sampleLive} />
    </main>
  );
}
