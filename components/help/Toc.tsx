'use client';

import { ChevronDown, ListTree } from 'lucide-react';
import { useEffect, useState } from 'react';

export interface TocItem {
  id: string;
  text: string;
  depth: number;
}

/** Id of the heading the reader is in: the last one above the top third of the viewport. */
function useActiveHeading(ids: string[]): string | null {
  const [active, setActive] = useState<string | null>(null);
  useEffect(() => {
    if (ids.length === 0) return;
    const update = () => {
      const line = window.innerHeight * 0.3;
      let current: string | null = null;
      for (const id of ids) {
        const el = document.getElementById(id);
        if (el && el.getBoundingClientRect().top <= line) current = id;
      }
      setActive(current ?? ids[0]);
    };
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
    };
  }, [ids]);
  return active;
}

function TocLinks({ items, active, onPick }: { items: TocItem[]; active: string | null; onPick?: () => void }) {
  return (
    <ol className="space-y-0.5 border-l border-line text-sm">
      {items.map((t) => {
        const isActive = t.id === active;
        return (
          <li key={t.id}>
            <a
              href={`#${t.id}`}
              onClick={onPick}
              aria-current={isActive ? 'location' : undefined}
              className={`-ml-px block border-l-2 py-1 pr-2 leading-snug transition ${t.depth === 3 ? 'pl-7' : 'pl-4'} ${
                isActive ? 'border-brand font-medium text-brand' : 'border-transparent text-muted hover:border-line-strong hover:text-fg'
              }`}
            >
              {t.text}
            </a>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * Table of contents from the article's h2/h3 headings. `sidebar` is the sticky desktop column;
 * `collapsible` is the phone version, a disclosure above the article body.
 */
export function Toc({ items, variant }: { items: TocItem[]; variant: 'sidebar' | 'collapsible' }) {
  const [ids] = useState(() => items.map((t) => t.id));
  const active = useActiveHeading(ids);
  const [open, setOpen] = useState(false);
  if (items.length === 0) return null;

  if (variant === 'sidebar') {
    return (
      <nav aria-label="On this page" className="sticky top-24">
        <p className="mb-3 flex items-center gap-2 text-xs font-semibold uppercase tracking-wider text-subtle">
          <ListTree className="size-3.5" aria-hidden="true" />
          On this page
        </p>
        <div className="max-h-[calc(100dvh-9rem)] overflow-y-auto pb-4">
          <TocLinks items={items} active={active} />
        </div>
      </nav>
    );
  }

  return (
    <nav aria-label="On this page" className="rounded-xl border border-line bg-surface">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="toc-collapsible"
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between gap-2 rounded-xl px-4 py-3 text-sm font-medium text-fg"
      >
        <span className="flex items-center gap-2">
          <ListTree className="size-4 text-subtle" aria-hidden="true" />
          On this page
        </span>
        <ChevronDown className={`size-4 text-subtle transition ${open ? 'rotate-180' : ''}`} aria-hidden="true" />
      </button>
      <div id="toc-collapsible" hidden={!open} className="px-4 pb-3">
        <TocLinks items={items} active={active} onPick={() => setOpen(false)} />
      </div>
    </nav>
  );
}
