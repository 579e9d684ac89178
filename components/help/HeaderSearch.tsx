'use client';

import { Search } from 'lucide-react';
import { usePathname } from 'next/navigation';
import { openSearchPalette } from '@/components/assistant/ask';
import { SearchBox } from './SearchBox';
import { ariaShortcut, shortcutText, useModifierKey } from './shortcut';

/** Home and /search have their own big search box; the header then shows only a palette button. */
function hasOwnSearch(pathname: string | null): boolean {
  return pathname === '/' || pathname === '/search';
}

/** The header's search box (full width on its own row on phones). One `search-input` per page. */
export function HeaderSearch() {
  const pathname = usePathname();
  if (hasOwnSearch(pathname)) return null;
  return (
    <div className="order-last w-full md:order-none md:w-auto md:max-w-md md:flex-1">
      <SearchBox key={pathname} variant="header" />
    </div>
  );
}

/** Icon button opening the search palette (⌘K / Ctrl K), shown where the header has no search box. */
export function HeaderSearchButton() {
  const pathname = usePathname();
  const modifier = useModifierKey();
  if (!hasOwnSearch(pathname)) return null;
  return (
    <button
      type="button"
      onClick={openSearchPalette}
      aria-label="Search articles"
      aria-keyshortcuts={ariaShortcut(modifier, 'K')}
      title={modifier ? `Search (${shortcutText(modifier, 'K')})` : 'Search'}
      className="inline-flex size-9 items-center justify-center rounded-lg text-muted hover:bg-surface-2 hover:text-fg"
    >
      <Search className="size-[18px]" aria-hidden="true" />
    </button>
  );
}
