import type { Metadata } from 'next';
import { listProducts } from '@/db/queries/collections';
import { ProductForm } from '@/components/admin/ProductForm';
import { requireRole } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';
import { updateProductAction } from './actions';

export const metadata: Metadata = { title: 'Products' };
export const dynamic = 'force-dynamic';

/** Products (collections): name, description, colour and order as the help center shows them. */
export default async function ProductsAdminPage() {
  await requireRole();
  const products = await listProducts(await getAppDb());
  return (
    <main className="mx-auto max-w-3xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Products</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Each imported folder is a product. The import names it from its docs.json or VuePress config; what you save here stays through later imports.
      </p>
      {products.length === 0 ? (
        <p className="mt-8 rounded-xl border border-dashed border-slate-300 p-8 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">No published articles yet.</p>
      ) : (
        <ul className="mt-6 space-y-4">
          {products.map((p) => (
            <li key={p.slug}>
              <ProductForm product={p} action={updateProductAction} />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
