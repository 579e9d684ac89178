import Link from 'next/link';
import { LogoMark } from './Logo';

export function SiteFooter() {
  return (
    <footer className="mt-24 border-t border-line bg-surface">
      {/* pb-24 at every width: the page ends above the floating Ask button (bottom-5/6, h-12), which
          otherwise covers the footer's last links (on a phone the last row, from md on the right-hand ones). */}
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 pt-10 pb-24 sm:px-6 md:flex-row md:items-center md:justify-between lg:px-8">
        <div className="flex items-center gap-3">
          <LogoMark className="size-7" />
          <div>
            <p className="text-sm font-semibold text-fg">Resolve Help Center</p>
            <p className="text-sm text-muted">Guides, answers and an assistant that cites its sources.</p>
          </div>
        </div>
        <nav aria-label="Footer">
          <ul className="flex flex-wrap gap-x-6 gap-y-2 text-sm text-muted">
            <li>
              <Link href="/" className="hover:text-fg">
                Home
              </Link>
            </li>
            <li>
              <Link href="/search" className="hover:text-fg">
                Search
              </Link>
            </li>
            <li>
              <Link href="/assistant" className="hover:text-fg">
                Assistant
              </Link>
            </li>
          </ul>
        </nav>
      </div>
    </footer>
  );
}
