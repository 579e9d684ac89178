'use client';

import { useActionState, useId } from 'react';
import type { ProductFormResult } from '@/app/(admin)/admin/products/schema';
import { ProductIcon } from '@/components/help/ProductIcon';
import { WriteForm } from '@/components/admin/ViewOnly';

interface ProductFormProps {
  product: { slug: string; title: string; description: string; color: string | null; locale: string; position: number; articles: number; edited: boolean };
  action: (prev: ProductFormResult | null, formData: FormData) => Promise<ProductFormResult>;
}

const input =
  'mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 aria-[invalid=true]:border-red-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

/** One product's edit form: name, description, brand colour, home-page order. */
export function ProductForm({ product, action }: ProductFormProps) {
  const [state, formAction, pending] = useActionState(action, null);
  const id = useId();
  const err = (f: string) => (state && !state.ok ? state.fieldErrors?.[f] : undefined);
  const field = (name: string, label: string, el: React.ReactNode, hint?: string) => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {el}
      {err(name) ? (
        <p id={`${id}-${name}-err`} className="mt-1 text-xs text-red-700 dark:text-red-400">
          {err(name)}
        </p>
      ) : hint ? (
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{hint}</p>
      ) : null}
    </div>
  );
  const describedBy = (name: string) => (err(name) ? `${id}-${name}-err` : undefined);
  return (
    <WriteForm action={formAction} data-testid="product-form" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <input type="hidden" name="slug" value={product.slug} />
      <div className="mb-4 flex items-center gap-3">
        <ProductIcon title={product.title} color={product.color} className="size-9 text-base" />
        <div className="min-w-0">
          <h2 className="truncate font-semibold">{product.title}</h2>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            <code>{product.slug}</code> · {product.articles} published · {product.edited ? 'edited here (imports keep these values)' : 'from the import'}
          </p>
        </div>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {field(
          'title',
          'Name',
          <input id={`${id}-title`} name="title" defaultValue={product.title} required maxLength={80} aria-invalid={!!err('title')} aria-describedby={describedBy('title')} className={input} />,
        )}
        {field(
          'color',
          'Brand colour',
          <input id={`${id}-color`} name="color" defaultValue={product.color ?? ''} placeholder="#0177ff" aria-invalid={!!err('color')} aria-describedby={describedBy('color')} className={input} />,
          'Hex, e.g. #0177ff; blank uses the theme colour.',
        )}
        <div className="sm:col-span-2">
          {field(
            'description',
            'Description',
            <textarea
              id={`${id}-description`}
              name="description"
              defaultValue={product.description}
              maxLength={200}
              rows={2}
              aria-invalid={!!err('description')}
              aria-describedby={describedBy('description')}
              className={input}
            />,
            'One line shown on the home page card.',
          )}
        </div>
        {field(
          'locale',
          'Language',
          <input id={`${id}-locale`} name="locale" defaultValue={product.locale} required maxLength={35} aria-invalid={!!err('locale')} aria-describedby={describedBy('locale')} className={input} />,
          'Language tag of the articles, e.g. en, de, pt-BR.',
        )}
        {field(
          'position',
          'Order on the home page',
          <input
            id={`${id}-position`}
            name="position"
            type="number"
            min={-999}
            max={999}
            step={1}
            defaultValue={product.position}
            aria-invalid={!!err('position')}
            aria-describedby={describedBy('position')}
            className={input}
          />,
          'Lower comes first; ties by name.',
        )}
      </div>
      <div className="mt-4 flex items-center gap-3">
        <button type="submit" disabled={pending} className="inline-flex h-9 items-center rounded-lg bg-indigo-600 px-4 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60">
          {pending ? 'Saving…' : 'Save'}
        </button>
        <p role="status" className={`text-sm ${state && !state.ok ? 'text-red-700 dark:text-red-400' : 'text-emerald-700 dark:text-emerald-400'}`}>
          {state?.message}
        </p>
      </div>
    </WriteForm>
  );
}
