import { readMediaFile } from '@/lib/content/media';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ path: string[] }> };

/**
 * GET /media/<collection>/<path> → an image an imported article shows (copied into the data
 * folder's media store at import, lib/content/media.ts). Image types only; 404 for anything else
 * or a path outside the store. Every image is sent with a CSP that lets it run no script, even an
 * SVG opened on its own. No visitor cookie: the answer is publicly cacheable.
 */
export const GET = route<Context>({ visitor: 'none' }, async (_r, { params }) => {
  const { path } = await params;
  const file = await readMediaFile(path);
  if (!file) return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const headers: Record<string, string> = {
    'content-type': file.contentType,
    'content-length': String(file.size),
    'last-modified': file.mtime.toUTCString(),
    // A re-import may replace a file under the same name: cache, but check back daily.
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
    // Any image opened on its own may run nothing (an SVG could carry script); proxy.ts leaves it this one.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox",
  };
  return new Response(new Uint8Array(file.body), { headers });
});
