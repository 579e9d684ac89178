import { AssistantDrawer, AssistantLauncher } from '@/components/assistant/AssistantDrawer';
import { AssistantProvider } from '@/components/assistant/AssistantProvider';
import { CommandPalette } from '@/components/help/CommandPalette';
import { ProductsProvider } from '@/components/help/ProductScope';
import { listProducts } from '@/db/queries/collections';
import { getAppDb } from '@/lib/startup';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';

/**
 * The help center's frame around a page: skip link, header (search, theme, assistant), main,
 * footer, the assistant drawer and the search palette. Used by the (help) layout and by the root
 * not-found page, so a 404 anywhere looks like the help center.
 * @param children the page content, placed in `<main id="main">`.
 * @throws the database error if the product list cannot be read.
 */
export async function HelpShell({ children }: { children: React.ReactNode }) {
  const products = (await listProducts(await getAppDb())).map(({ slug, title }) => ({ slug, title }));
  return (
    <AssistantProvider>
      <ProductsProvider products={products} />
      <a
        href="#main"
        className="sr-only rounded-lg bg-brand px-4 py-2 font-semibold text-brand-fg focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50"
      >
        Skip to content
      </a>
      <div className="flex min-h-dvh flex-col">
        <SiteHeader />
        <main id="main" tabIndex={-1} className="flex-1 focus:outline-none">
          {children}
        </main>
        <SiteFooter />
      </div>
      <AssistantLauncher />
      <AssistantDrawer />
      <CommandPalette />
    </AssistantProvider>
  );
}
