'use client';

import { COPIED_MS, copyText } from './clipboard';
import { type HTMLAttributes, type KeyboardEvent, type MouseEvent, useCallback, useEffect, useRef, useState } from 'react';

type Props = Omit<HTMLAttributes<HTMLDivElement>, 'dangerouslySetInnerHTML' | 'children'> & {
  /** Sanitized HTML from `renderMarkdown` / `renderArticle` (lib/content). */
  html: string;
};

/** Tabs and panels of the group a tab belongs to (direct children only: groups may nest). */
function groupParts(tab: Element): { tabs: HTMLElement[]; panels: HTMLElement[] } | null {
  const group = tab.closest('[data-tabs]');
  if (!group) return null;
  const tabs = Array.from(group.querySelectorAll<HTMLElement>(':scope > .tabs-list > [role="tab"]'));
  const panels = Array.from(group.querySelectorAll<HTMLElement>(':scope > [role="tabpanel"]'));
  return { tabs, panels };
}

function selectTab(tab: HTMLElement, focus: boolean): void {
  const parts = groupParts(tab);
  if (!parts) return;
  parts.tabs.forEach((t, i) => {
    const on = t === tab;
    t.setAttribute('aria-selected', on ? 'true' : 'false');
    t.tabIndex = on ? 0 : -1;
    const panel = parts.panels[i];
    if (panel) {
      if (on) panel.removeAttribute('data-inactive');
      else panel.setAttribute('data-inactive', '');
    }
  });
  if (focus) tab.focus();
}

/**
 * Rendered Markdown with its behaviour: copy buttons on code blocks (announced "Copied" through a
 * polite live region), ARIA tabs (click, ←/→, Home/End; automatic activation) and wide tables that
 * take keyboard focus only when they actually scroll. Works by event delegation on the HTML string,
 * so the server-rendered markup stays the one source; without JavaScript all tab panels show.
 * Props: `html` (sanitized), plus any div attribute (`className`, `data-testid`, `onClick`, …).
 */
export function ProseHtml({ html, onClick, onKeyDown, ...rest }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('');
  const timers = useRef(new Map<Element, number>());

  const handleClick = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      onClick?.(e);
      if (e.defaultPrevented) return;
      const target = e.target as Element;
      const copy = target.closest<HTMLButtonElement>('button[data-copy]');
      if (copy && ref.current?.contains(copy)) {
        const code = copy.closest('.code-block')?.querySelector('pre');
        if (!code) return;
        void copyText((code.textContent ?? '').replace(/\n$/, '')).then((ok) => {
          const label = copy.querySelector('.code-copy-text');
          if (label) label.textContent = ok ? 'Copied' : 'Copy failed';
          copy.toggleAttribute('data-copied', ok);
          // Cleared first so a second copy is announced again.
          setStatus('');
          requestAnimationFrame(() => setStatus(ok ? 'Copied' : 'Could not copy; select the code and copy it by hand'));
          window.clearTimeout(timers.current.get(copy));
          timers.current.set(
            copy,
            window.setTimeout(() => {
              if (label) label.textContent = 'Copy';
              copy.removeAttribute('data-copied');
              setStatus('');
            }, COPIED_MS),
          );
        });
        return;
      }
      const tab = target.closest<HTMLElement>('[role="tab"]');
      if (tab && ref.current?.contains(tab)) selectTab(tab, false);
    },
    [onClick],
  );

  const handleKeyDown = useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      onKeyDown?.(e);
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const tab = (e.target as Element).closest<HTMLElement>('[role="tab"]');
      if (!tab || !ref.current?.contains(tab)) return;
      const parts = groupParts(tab);
      if (!parts) return;
      const i = parts.tabs.indexOf(tab);
      const n = parts.tabs.length;
      const next = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (next < 0) return;
      e.preventDefault();
      selectTab(parts.tabs[next], true);
    },
    [onKeyDown],
  );

  // A table region is a tab stop only while it scrolls sideways (the server marks all of them,
  // which is right when this script never runs).
  // biome-ignore lint/correctness/useExhaustiveDependencies: new html means new tables to observe
  useEffect(() => {
    const root = ref.current;
    if (!root || typeof ResizeObserver === 'undefined') return;
    const wraps = Array.from(root.querySelectorAll<HTMLElement>('.table-wrap'));
    if (!wraps.length) return;
    const update = () => {
      for (const w of wraps) {
        const scrolls = w.scrollWidth > w.clientWidth + 1;
        if (scrolls) w.setAttribute('tabindex', '0');
        else w.removeAttribute('tabindex');
        w.toggleAttribute('data-scrolls', scrolls);
      }
    };
    update();
    const ro = new ResizeObserver(update);
    for (const w of wraps) ro.observe(w);
    return () => ro.disconnect();
  }, [html]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const t of pending.values()) window.clearTimeout(t);
    };
  }, []);

  return (
    <>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: delegated handlers for the real buttons (copy, tabs) inside the article */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: html is the sanitized render of lib/content/render.ts */}
      <div ref={ref} {...rest} onClick={handleClick} onKeyDown={handleKeyDown} dangerouslySetInnerHTML={{ __html: html }} />
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </>
  );
}
