import { ALLOWED_METHODS, refusalBody } from '@/lib/request-guard';

export const dynamic = 'force-dynamic';

/**
 * GET /api/refused/method → 405 with `Allow`. Reached by requests whose method Next cannot take
 * (TRACE, TRACK): lib/request-guard.ts rewrites them here before Next reads them.
 * @returns a JSON 405 `{ error: { code: 'method_not_allowed', message } }`, never cached.
 */
export function GET(): Response {
  return Response.json(refusalBody('method'), { status: 405, headers: { allow: ALLOWED_METHODS, 'cache-control': 'no-store' } });
}
