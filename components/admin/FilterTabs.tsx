import Link from 'next/link';

export interface FilterTab {
  label: string;
  href: string;
  active: boolean;
}

/**
 * A row of filter links for an admin list (the current one marked `aria-current="page"`).
 * @param props.label accessible name of the navigation, e.g. "Filter handoffs".
 */
export function FilterTabs({ label, tabs }: { label: string; tabs: FilterTab[] }) {
  return (
    <nav aria-label={label} className="mt-4 flex gap-1">
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.active ? 'page' : undefined}
          className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap ${t.active ? 'bg-slate-900 text-white dark:bg-white dark:text-slate-900' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
