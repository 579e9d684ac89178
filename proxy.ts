/**
 * Next's proxy (the file once called middleware), run before routing. Only job: a path with
 * malformed percent-encoding ("/articles/%E0%A4") cannot be decoded into a route parameter, and
 * Next answers it with a bare 500; it gets a clear 400 here instead (JSON for /api/, text for pages).
 */
import { NextResponse, type NextRequest } from 'next/server';

/**
 * @param request the incoming request.
 * @returns a 400 response for an undecodable path, otherwise `NextResponse.next()`.
 */
export function proxy(request: NextRequest) {
  try {
    decodeURIComponent(request.nextUrl.pathname);
    return NextResponse.next();
  } catch {
    const message = 'This address has malformed percent-encoding (a % not followed by a valid UTF-8 sequence).';
    if (request.nextUrl.pathname.startsWith('/api/')) {
      return NextResponse.json({ error: { code: 'bad_request:path', message } }, { status: 400 });
    }
    return new NextResponse(`Bad request: ${message}\n`, { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}

export const config = {
  // Static assets never carry user-typed paths.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
