import { refusalBody } from '@/lib/request-guard';

export const dynamic = 'force-dynamic';

/**
 * GET /api/refused/router-state → 400. Reached by RSC requests whose `Next-Router-State-Tree`
 * header Next cannot parse: lib/request-guard.ts rewrites them here before Next reads them.
 * @returns a JSON 400 `{ error: { code: 'bad_request:router_state', message } }`, never cached.
 */
export function GET(): Response {
  return Response.json(refusalBody('router-state'), { status: 400, headers: { 'cache-control': 'no-store' } });
}
