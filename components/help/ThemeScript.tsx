'use client';

import { THEME_SCRIPT } from '@/lib/theme-script';

/**
 * Runs before first paint: applies the saved theme ("light" | "dark" in localStorage
 * "resolve:theme"), else the system preference, so the page never flashes the wrong theme.
 * Rendered only in the server HTML: on the client it returns null (React 19 skips unexpected
 * tags in <head> while hydrating), which avoids React's "script tag while rendering" warning.
 * Mirrors components/help/ThemeToggle. Also marks <html> with `js`, so styles for scripted
 * widgets (tabs, copy buttons in rendered articles) apply before hydration, and their no-script
 * fallback (every tab panel shown) only when scripts are off.
 * It carries no nonce: the nonce policy allows it by its hash (lib/theme-script.ts), the static
 * pages' policy by 'unsafe-inline' (lib/security-headers.ts), so the same HTML works under both.
 */
export function ThemeScript() {
  if (typeof window !== 'undefined') return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script (lib/theme-script.ts), run before first paint
  return <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />;
}
