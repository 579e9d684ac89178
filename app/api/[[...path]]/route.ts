/**
 * Any /api address no route answers: a JSON 404 naming the address, for every method, so an API
 * client never gets the help center's HTML "Not found" page (static routes take precedence over
 * this catch-all).
 */
import { AppError } from '@/lib/errors';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

const notFound = route({ visitor: 'none' }, ({ req }) => {
  const { pathname } = new URL(req.url);
  throw new AppError('not_found:route', `There is no API endpoint at ${pathname.slice(0, 200)}. See /api/openapi.json for the endpoints.`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
