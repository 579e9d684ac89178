'use client';

/**
 * Runs before first paint: applies the saved theme ("light" | "dark" in localStorage
 * "resolve:theme"), else the system preference, so the page never flashes the wrong theme.
 * Rendered only in the server HTML: on the client it returns null (React 19 skips unexpected
 * tags in <head> while hydrating), which avoids React's "script tag while rendering" warning.
 * Mirrors components/help/ThemeToggle. Also marks <html> with `js`, so styles for scripted
 * widgets (tabs, copy buttons in rendered articles) apply before hydration, and their no-script
 * fallback (every tab panel shown) only when scripts are off.
 */
const themeScript = `(function(){var e=document.documentElement;e.classList.add('js');try{var t=localStorage.getItem('resolve:theme');var d=t==='dark'||(t!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);e.classList.toggle('dark',d);e.style.colorScheme=d?'dark':'light';}catch(_){}})();`;

/**
 * @param nonce this response's CSP nonce (proxy.ts → app/layout.tsx); without it the
 *   Content-Security-Policy blocks the script.
 */
export function ThemeScript({ nonce }: { nonce?: string }) {
  if (typeof window !== 'undefined') return null;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of this file, run before first paint
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />;
}
