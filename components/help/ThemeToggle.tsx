'use client';

import { Moon, Sun } from 'lucide-react';
import { useEffect, useState } from 'react';

const KEY = 'resolve:theme';

/** The theme saved by the toggle ('light' | 'dark'), or null for none (or no storage). */
function savedTheme(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function apply(dark: boolean) {
  const el = document.documentElement;
  el.classList.toggle('dark', dark);
  el.style.colorScheme = dark ? 'dark' : 'light';
}

/**
 * Light/dark switch. The choice is kept in localStorage ("resolve:theme"); without a choice the
 * system preference applies and is followed live. The first paint is set by the inline script in
 * app/layout.tsx, so this only reads the class it left.
 */
export function ThemeToggle() {
  const [dark, setDark] = useState<boolean | null>(null);

  useEffect(() => {
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const el = document.documentElement;
    // No `js` class: the inline script never ran, because the page was rendered in the browser
    // (Next sends a 404's body as data only). Apply the theme here, or a 404 ignores a dark theme.
    if (!el.classList.contains('js')) {
      el.classList.add('js');
      const saved = savedTheme();
      apply(saved === 'dark' || (saved !== 'light' && mq.matches));
    }
    setDark(el.classList.contains('dark'));
    const onChange = (e: MediaQueryListEvent) => {
      const saved = savedTheme();
      if (saved !== 'light' && saved !== 'dark') {
        apply(e.matches);
        setDark(e.matches);
      }
    };
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);

  const toggle = () => {
    const next = !document.documentElement.classList.contains('dark');
    apply(next);
    setDark(next);
    try {
      localStorage.setItem(KEY, next ? 'dark' : 'light');
    } catch {}
  };

  const label = dark ? 'Switch to light theme' : 'Switch to dark theme';
  return (
    <button
      type="button"
      onClick={toggle}
      data-testid="theme-toggle"
      aria-label={dark === null ? 'Toggle dark theme' : label}
      title={dark === null ? 'Toggle dark theme' : label}
      className="inline-flex size-9 items-center justify-center rounded-lg text-muted transition hover:bg-surface-2 hover:text-fg"
    >
      {/* Both icons are rendered and swapped by CSS so the server HTML matches either theme. */}
      <Sun className="hidden size-[18px] dark:block" aria-hidden="true" />
      <Moon className="size-[18px] dark:hidden" aria-hidden="true" />
    </button>
  );
}
