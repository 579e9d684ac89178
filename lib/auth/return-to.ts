/**
 * Where a sign-in returns to: the admin page that sent the visitor to /admin/login. proxy.ts passes
 * the page asked for in a request header; `requireRole` puts it in the login address as `next`;
 * the sign-in action opens it. Only an admin page of this site is accepted, so `next` can never send
 * anyone elsewhere (an open redirect).
 */

/** Request header proxy.ts sets on /admin requests: the path and query asked for. */
export const ADMIN_PATH_HEADER = 'x-resolve-admin-path';

/** Longest `next` accepted, in characters. */
const MAX_NEXT = 1000;

/**
 * The page a sign-in should open.
 * @param next the `next` value as given (any string, or absent).
 * @returns `next` when it is an admin page of this site (`/admin` or `/admin/…`, not the sign-in
 *   page itself, no scheme, no `//` or backslash, no control characters, at most 1,000 characters);
 *   otherwise `/admin`.
 */
export function safeAdminReturn(next: string | null | undefined): string {
  if (!next || next.length > MAX_NEXT) return '/admin';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(next) || next.startsWith('//')) return '/admin';
  if (!(next === '/admin' || next.startsWith('/admin/') || next.startsWith('/admin?'))) return '/admin';
  if (next === '/admin/login' || next.startsWith('/admin/login?') || next.startsWith('/admin/login/')) return '/admin';
  try {
    // Resolved against a dummy origin it must stay on that origin and path prefix.
    const url = new URL(next, 'http://resolve.invalid');
    if (url.origin !== 'http://resolve.invalid' || !(url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) return '/admin';
  } catch {
    return '/admin';
  }
  return next;
}

/**
 * The sign-in address for a page.
 * @param path the admin page asked for (from ADMIN_PATH_HEADER), or null.
 * @returns `/admin/login`, with `?next=` when `path` is a safe admin page other than /admin.
 */
export function loginAddress(path: string | null): string {
  const next = safeAdminReturn(path);
  return next === '/admin' ? '/admin/login' : `/admin/login?next=${encodeURIComponent(next)}`;
}
