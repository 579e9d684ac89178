import { AssistantHeaderButton } from '@/components/assistant/AssistantDrawer';
import { HeaderSearch, HeaderSearchButton } from './HeaderSearch';
import { Logo } from './Logo';
import { ThemeToggle } from './ThemeToggle';

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-bg/85 backdrop-blur-md supports-[backdrop-filter]:bg-bg/75">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2.5 px-4 py-3 sm:px-6 lg:px-8">
        <Logo />
        {/* From lg only: at md the search box takes the free width (two flex-1 boxes left it "Sea…"). */}
        <div className="hidden flex-1 lg:block" aria-hidden="true" />
        <HeaderSearch />
        <div className="ml-auto flex items-center gap-1.5 lg:ml-0">
          <HeaderSearchButton />
          <ThemeToggle />
          <AssistantHeaderButton />
        </div>
      </div>
    </header>
  );
}
