'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { createCategory, moveCategory, renameCategory } from '@/db/queries/categories';
import { listProducts } from '@/db/queries/collections';
import { slugify } from '@/lib/content/save';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { createCategorySchema, moveCategorySchema, renameCategorySchema } from './schema';

type Outcome = { ok: string } | { error: string; field?: string; id?: number };

/** Back to the page with the outcome in the address (the page shows it next to the form). */
function back(o: Outcome): never {
  const p = new URLSearchParams();
  if ('ok' in o) p.set('ok', o.ok);
  else {
    p.set('error', o.error);
    if (o.id) p.set('for', String(o.id));
  }
  redirect(`/admin/categories?${p.toString()}`);
}

async function run(name: string, formData: FormData, body: (fd: Record<string, FormDataEntryValue>) => Promise<Outcome>): Promise<never> {
  const outcome = await runAction<Outcome>({ name, rateLimit: 'admin', role: 'editor', onError: (err) => ({ error: err?.message ?? 'Something went wrong. Try again.' }) }, async () => {
    if (!(formData instanceof FormData)) return { error: 'The form could not be read.' };
    const out = await body(Object.fromEntries(formData));
    revalidatePath('/admin/categories');
    revalidatePath('/', 'layout');
    return out;
  });
  back(outcome);
}

/**
 * Creates a category at the end of a product's list; the slug comes from the name.
 * @param formData `name`, `collection`.
 */
export async function createCategoryAction(formData: FormData): Promise<void> {
  await run('admin.createCategory', formData, async (f) => {
    const parsed = createCategorySchema.safeParse(f);
    if (!parsed.success) return { error: parsed.error.issues[0].message, id: -1 };
    const db = await getAppDb();
    if (!(await listProducts(db)).some((p) => p.slug === parsed.data.collection) && parsed.data.collection !== 'resolve') return { error: 'Pick a product from the list.', id: -1 };
    const made = await createCategory(db, { name: parsed.data.name, collection: parsed.data.collection, slug: slugify(parsed.data.name) });
    return { ok: `Created “${parsed.data.name}” (/categories/${made.slug}).` };
  });
}

/**
 * Renames a category (the address stays).
 * @param formData `id`, `name`.
 */
export async function renameCategoryAction(formData: FormData): Promise<void> {
  await run('admin.renameCategory', formData, async (f) => {
    const parsed = renameCategorySchema.safeParse(f);
    if (!parsed.success) return { error: parsed.error.issues[0].message, id: Number(f.id) || undefined };
    await renameCategory(await getAppDb(), parsed.data);
    return { ok: `Renamed to “${parsed.data.name}”.` };
  });
}

/**
 * Moves a category one place up or down within its product.
 * @param formData `id`, `direction` (`up` | `down`).
 */
export async function moveCategoryAction(formData: FormData): Promise<void> {
  await run('admin.moveCategory', formData, async (f) => {
    const parsed = moveCategorySchema.safeParse(f);
    if (!parsed.success) return { error: 'The form could not be read.' };
    await moveCategory(await getAppDb(), parsed.data);
    return { ok: 'Order saved.' };
  });
}
