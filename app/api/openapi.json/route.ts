import { contentApiDocument } from '@/lib/content-api/openapi';
import { route } from '@/lib/route';
import { methodNotAllowed } from '@/lib/http';

/** GET /api/openapi.json → the content API's OpenAPI 3.1 document (public; no token needed). */
export const GET = route({ visitor: 'none' }, () => Response.json(contentApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } }));

const notAllowed = methodNotAllowed(['GET']);
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
