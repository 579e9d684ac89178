import { AssistantDrawer, AssistantLauncher } from '@/components/assistant/AssistantDrawer';
import { AssistantProvider } from '@/components/assistant/AssistantProvider';
import { CommandPalette } from '@/components/help/CommandPalette';
import { ProductsProvider } from '@/components/help/ProductScope';
import { getProducts } from '@/lib/products';
import { isBuildPhase, prepareApp } from '@/lib/startup';
import { getStartupState } from '@/lib/startup-state';
import { Preparing } from './Preparing';

/** How long a request waits for the start-up before it shows the preparing page, in ms: short, so a first start answers at once (the preparing page refreshes itself every 2 s). */
const PREPARING_AFTER_MS = 250;
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';

/**
 * The help center's frame around a page: skip link, header (search, theme, assistant), main,
 * footer, the assistant drawer and the search palette. Used by the (help) layout and by the root
 * not-found page, so a 404 anywhere looks like the help center.
 * @param children the page content, placed in `<main id="main">`.
 * While the first start-up is still running after PREPARING_AFTER_MS, renders the preparing page
 * (components/help/Preparing.tsx) instead. That only happens on pages rendered per request:
 * proxy.ts never lets a static page render before the start-up is done (its ISR copy would keep it).
 * @throws the database error if the product list cannot be read.
 */
export async function HelpShell({ children }: { children: React.ReactNode }) {
  // `next build` prerenders the home page without a database; that copy is never served (the
  // server revalidates every static page when it starts, lib/startup.ts).
  if (isBuildPhase()) return <Preparing state={getStartupState()} />;
  // The first start (migrations, sample, embeddings) can take a while: say so rather than hang.
  // Scheduled but not begun (the first seconds after the server started): say so at once.
  if (getStartupState().phase === 'scheduled') return <Preparing state={getStartupState()} />;
  if (getStartupState().phase !== 'ready') {
    const settled = await Promise.race([
      prepareApp().then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), PREPARING_AFTER_MS)),
    ]);
    if (!settled) return <Preparing state={getStartupState()} />;
  }
  const products = (await getProducts()).map(({ slug, title }) => ({ slug, title }));
  return (
    <AssistantProvider>
      <ProductsProvider products={products} />
      <a href="#main" className="sr-only rounded-lg bg-brand px-4 py-2 font-semibold text-brand-fg focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50">
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
