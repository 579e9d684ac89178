import { AssistantDrawer, AssistantLauncher } from '@/components/assistant/AssistantDrawer';
import { AssistantProvider } from '@/components/assistant/AssistantProvider';
import { CommandPalette } from '@/components/help/CommandPalette';
import { ProductsProvider } from '@/components/help/ProductScope';
import { listProducts } from '@/db/queries/collections';
import { getAppDb } from '@/lib/startup';
import { SiteFooter } from '@/components/help/SiteFooter';
import { SiteHeader } from '@/components/help/SiteHeader';

export default async function HelpLayout({ children }: { children: React.ReactNode }) {
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
