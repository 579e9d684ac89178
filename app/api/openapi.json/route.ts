import { contentApiDocument } from '@/lib/content-api/openapi';
import { route } from '@/lib/route';

/** GET /api/openapi.json → the content API's OpenAPI 3.1 document (public; no token needed). */
export const GET = route({ visitor: 'none' }, () => Response.json(contentApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } }));
