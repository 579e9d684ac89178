/**
 * The inline theme script's source and its CSP hash, shared by components/help/ThemeScript.tsx
 * (which renders it) and lib/security-headers.ts (which allows it by hash on nonce-policy pages,
 * so the root layout never reads a per-request nonce and pages can be static).
 * `tests/security-headers.test.ts` checks that the hash matches the source; change both together.
 */

/**
 * Runs before first paint: applies the saved theme ("light" | "dark" in localStorage
 * "resolve:theme"), else the system preference, and marks <html> with `js`.
 */
export const THEME_SCRIPT = `(function(){var e=document.documentElement;e.classList.add('js');try{var t=localStorage.getItem('resolve:theme');var d=t==='dark'||(t!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);e.classList.toggle('dark',d);e.style.colorScheme=d?'dark':'light';}catch(_){}})();`;

/** `'sha256-…'` CSP source of THEME_SCRIPT (base64 of the SHA-256 of its UTF-8 bytes). */
export const THEME_SCRIPT_HASH = "'sha256-Iz0yGZK8J53gM5T2EvczYm2Nhc4Xu07zBKO7ZOSH6ME='";
