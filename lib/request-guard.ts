/**
 * Requests Next itself cannot answer, turned into clean 4xx answers before Next reads them.
 *
 * Next builds a WHATWG `Request` from every incoming request, and `proxy.ts` runs only after that,
 * so some requests fail inside Next with a bare 500 that no route or proxy can catch:
 * - a method the Fetch standard forbids: undici throws "'TRACE' HTTP method is unsupported" for
 *   `TRACE` (and `TRACK`; Node's HTTP parser already answers that one, and any method it does not
 *   know, with a 400);
 * - an RSC request (`RSC: 1`) whose `Next-Router-State-Tree` header is not the URI-encoded JSON
 *   router state Next expects ("The router state header was sent but could not be parsed").
 * `CONNECT` never reaches Next: Node emits it as the server's `connect` event, and with no listener
 * it closes the socket without a word.
 *
 * `installRequestGuard()` (called from instrumentation.ts) subscribes to Node's
 * `http.server.request.start` diagnostics channel, which fires for every request before Next sees
 * it, and rewrites such a request in place into `GET /api/refused/method` (405 with `Allow`) or
 * `GET /api/refused/router-state` (400); the routes in app/api/refused answer them, so the answer
 * goes through Next (and proxy.ts's security headers) like any other. Nothing is written to the
 * response here: Next would write after its end. A `CONNECT` gets its 405 on the raw socket, from
 * a `connect` listener added to each server (`net.server.socket` channel) that has none.
 */
import 'server-only';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseAndValidateFlightRouterState } from 'next/dist/server/app-render/parse-and-validate-flight-router-state';

/** Methods the Fetch standard forbids: undici's `new Request()` throws for them (Next would 500). */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** The methods this app's pages and routes answer (the `Allow` of every 405 this guard causes). */
export const ALLOWED_METHODS = 'GET, HEAD, OPTIONS, POST';

/** Where a request with a forbidden method is sent (app/api/refused/method: 405). */
export const REFUSED_METHOD_PATH = '/api/refused/method';
/** Where an RSC request with a malformed router-state header is sent (app/api/refused/router-state: 400). */
export const REFUSED_ROUTER_STATE_PATH = '/api/refused/router-state';

const RSC_HEADER = 'rsc';
const ROUTER_STATE_HEADER = 'next-router-state-tree';
/**
 * Next's flight headers (its `stripFlightHeaders` list): removed from a refused request, since the
 * refusal routes are plain route handlers, and an RSC request to them would only be redirected to
 * add Next's `_rsc` cache-busting parameter (a 307) instead of being answered.
 */
const FLIGHT_HEADERS = [RSC_HEADER, ROUTER_STATE_HEADER, 'next-router-prefetch', 'next-router-segment-prefetch', 'next-hmr-refresh'];

/** The part of Node's `IncomingMessage` the guard reads and rewrites. */
export interface GuardedRequest {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
}

/** Why a request was refused, or null when it goes to Next unchanged. */
export type Refusal = 'method' | 'router-state' | null;

/**
 * Whether Next can parse a `Next-Router-State-Tree` header value: the check is Next's own
 * (`parseAndValidateFlightRouterState`: at most 40,000 characters, URI-decodable, JSON, and the
 * shape of a router state), so it cannot drift from what the render expects.
 * @param value the header as Node gives it (several copies are joined with ", " into one string;
 *   an array is refused, as Next refuses it).
 * @returns true when Next would accept it. Never throws.
 */
export function isValidRouterStateHeader(value: string | string[]): boolean {
  try {
    return parseAndValidateFlightRouterState(value) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Why Next could not answer a request, without changing it.
 * @param request an incoming request (method, url, headers).
 * @returns `'method'` for a method undici refuses (FORBIDDEN_METHODS, any case); `'router-state'`
 *   for an RSC request (`rsc: 1` exactly, or a path ending in `.rsc`, which Next also treats as
 *   one) carrying a `Next-Router-State-Tree` header Next cannot parse; otherwise null.
 */
export function refusalFor(request: GuardedRequest): Refusal {
  if (FORBIDDEN_METHODS.has((request.method ?? '').toUpperCase())) return 'method';
  const state = request.headers[ROUTER_STATE_HEADER];
  if (state === undefined) return null;
  const pathname = (request.url ?? '/').split('?')[0];
  const rsc = request.headers[RSC_HEADER] === '1' || pathname.endsWith('.rsc');
  if (rsc && !isValidRouterStateHeader(state)) return 'router-state';
  return null;
}

/**
 * Rewrites, in place, a request Next could not answer into a GET of the route that refuses it
 * (a HEAD stays a HEAD, so Node still sends no body). Next's flight headers (`rsc`, the router
 * state, prefetch markers) are removed, so nothing downstream reads the bad one and Next answers
 * the refusal route directly.
 * @param request Node's `IncomingMessage` (or anything of that shape), before Next has read it.
 * @returns the refusal applied, or null when the request was left alone. Never throws.
 */
export function guardRequest(request: GuardedRequest): Refusal {
  const refusal = refusalFor(request);
  if (refusal === null) return null;
  request.method = request.method === 'HEAD' ? 'HEAD' : 'GET';
  request.url = refusal === 'method' ? REFUSED_METHOD_PATH : REFUSED_ROUTER_STATE_PATH;
  for (const name of FLIGHT_HEADERS) delete request.headers[name];
  return refusal;
}

/**
 * The JSON error body the refusals send, in the app's `{ error: { code, message } }` shape.
 * @param refusal `'method'` or `'router-state'`.
 * @returns the body object.
 */
export function refusalBody(refusal: Exclude<Refusal, null>): { error: { code: string; message: string } } {
  return refusal === 'method'
    ? { error: { code: 'method_not_allowed', message: `This method is not allowed here. Allowed: ${ALLOWED_METHODS}.` } }
    : { error: { code: 'bad_request:router_state', message: 'The Next-Router-State-Tree header could not be parsed.' } };
}

/** The raw HTTP/1.1 405 written to a CONNECT socket (Next never sees those requests). */
function connectRefusal(): string {
  const body = JSON.stringify(refusalBody('method'));
  return ['HTTP/1.1 405 Method Not Allowed', `Allow: ${ALLOWED_METHODS}`, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n');
}

/**
 * A redirect rendered into an ISR page (the article page's 308 from an old slug) reaches the
 * client with its `Location` header twice on the render that fills the cache (Next 16.4.6 sets it
 * while rendering and again from the cache entry); fetch clients then read "a, b". This keeps the
 * first value, just before the head is written. Responses without a repeated Location are untouched.
 * @param response the Node response of one request.
 */
export function keepOneLocation(response: ServerResponse): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const location = this.getHeader('location');
    if (Array.isArray(location) && location.length > 1) this.setHeader('location', location[0]);
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['writeHead'];
}

interface GuardState {
  installed: boolean;
}
const g = globalThis as unknown as { __resolveRequestGuard?: GuardState };

/**
 * Subscribes (once per process) to `http.server.request.start` (guardRequest on every request)
 * and `net.server.socket` (a `connect` listener answering 405 on each HTTP server without one).
 * Node-only; call it from instrumentation.ts `register()`.
 * @returns true when the guard is (now or already) installed.
 */
export async function installRequestGuard(): Promise<boolean> {
  g.__resolveRequestGuard ??= { installed: false };
  if (g.__resolveRequestGuard.installed) return true;
  const dc = await import('node:diagnostics_channel');
  const { Server } = await import('node:http');
  dc.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request?: GuardedRequest; response?: ServerResponse };
    if (request?.headers) guardRequest(request);
    if (response) keepOneLocation(response);
  });
  const served = new WeakSet<object>();
  dc.subscribe('net.server.socket', (message) => {
    const server = (message as { socket?: { server?: unknown } }).socket?.server;
    if (!(server instanceof Server) || served.has(server)) return;
    served.add(server);
    if (server.listenerCount('connect') > 0) return;
    server.on('connect', (_req, duplex) => {
      // A plain HTTP server's CONNECT socket is a net.Socket (typed as a Duplex).
      const socket = duplex as Socket;
      socket.on('error', () => {});
      socket.setTimeout(10_000, () => socket.destroy());
      socket.end(connectRefusal());
      // Read and drop whatever the client still sends: closing with unread input would be a reset,
      // which can destroy the 405 in transit.
      socket.resume();
    });
  });
  g.__resolveRequestGuard.installed = true;
  return true;
}
