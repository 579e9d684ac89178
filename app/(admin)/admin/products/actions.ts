'use server';

import { revalidatePath } from 'next/cache';
import { updateProduct } from '@/db/queries/collections';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { productFormSchema, type ProductFormResult } from './schema';

/**
 * Saves a product's title, description, colour, language and order (form fields `slug`, `title`,
 * `description`, `color`, `locale`, `position`). Imports keep these values from then on. Never throws for
 * user input: every failure becomes a message for the form. Rate-limited with the admin limits.
 */
export async function updateProductAction(_prev: ProductFormResult | null, formData: FormData): Promise<ProductFormResult> {
  return runAction<ProductFormResult>(
    {
      name: 'admin.updateProduct',
      rateLimit: 'admin',
      role: 'editor',
      onError: (err) => {
        if (err?.status === 404) return { ok: false, message: 'This product has no articles any more. Reload the page.' };
        if (err?.kind === 'rate_limited' || err?.kind === 'forbidden' || err?.kind === 'unauthorized') return { ok: false, message: err.message };
        return { ok: false, message: 'The product could not be saved. Try again.' };
      },
    },
    async () => {
      const parsed = productFormSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) {
        const fieldErrors: Record<string, string> = {};
        for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
        return { ok: false, message: 'Please fix the highlighted fields.', fieldErrors };
      }
      const f = parsed.data;
      await updateProduct(await getAppDb(), { slug: f.slug, title: f.title, description: f.description, color: f.color || null, locale: f.locale, position: f.position });
      revalidatePath('/admin/products');
      revalidatePath('/', 'layout');
      return { ok: true, message: `Saved “${f.title}”.` };
    },
  );
}
