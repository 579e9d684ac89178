import { unknownApiRoute } from '@/lib/content-api/http';

export const dynamic = 'force-dynamic';

/**
 * Any path below /api/articles/<id>/ that is no route (`/nope`, `/publish/x`): a 404 JSON answer
 * naming the path and the routes there are, whatever the method, never the site's HTML 404 page.
 */
export const GET = unknownApiRoute;
export const HEAD = unknownApiRoute;
export const POST = unknownApiRoute;
export const PUT = unknownApiRoute;
export const PATCH = unknownApiRoute;
export const DELETE = unknownApiRoute;
export const OPTIONS = unknownApiRoute;
