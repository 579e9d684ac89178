/**
 * The one wrapper around every route handler (`route`) and server action (`runAction`): visitor
 * identity, client address, rate limit, body cap, error mapping. Route files only wire: parse,
 * call a verb, return.
 *
 * Order for a route: identity (the `resolve_client` cookie, made when absent) → rate limit (per
 * client and per address) → for a write to a route that knows its caller by a cookie, the CSRF
 * checks (from this site, `assertSameOrigin`: 403; a body of the route's type, `assertBodyType`:
 * 415) → session → body cap (`Content-Length` refused before reading; a chunked body counted while
 * read and cut off past the cap) → handler → errors mapped (AppError → its status and JSON;
 * anything else → a logged 500 with a generic message). A new visitor's Set-Cookie goes on every
 * answer, errors included, so its next request is the same visitor.
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { auditAdminAction } from './audit';
import { authorize, type StaffIdentity } from './auth/session';
import type { StaffRole } from './auth/roles';
import { clientAddress } from './client-address';
import { AppError, errorResponse } from './errors';
import { CLIENT_COOKIE, DEFAULT_BODY_LIMIT, assertContentLength, clientIdentity, parseJsonBody, readBodyText, validClientId } from './http';
import { enforceRateLimit, type RateLimitedRoute } from './rate-limit';

export interface RouteOptions {
  /** Which limits of `RATE_LIMITS` to count against; absent = not limited (cheap, cacheable reads). */
  rateLimit?: RateLimitedRoute;
  /** Largest request body in bytes (default 64 KiB); GET and HEAD bodies are never read. */
  maxBodyBytes?: number;
  /**
   * `cookie` (default): read the visitor id, make one when absent and send it. `none`: no visitor
   * (publicly cacheable answers such as media must not carry a Set-Cookie).
   */
  visitor?: 'cookie' | 'none';
  /**
   * A route that acts on the admin session cookie: the least role it needs. The request must carry
   * a session of that role; else 403 / 401 before the handler runs (after the CSRF checks below).
   */
  session?: StaffRole;
  /**
   * The body a write must declare in `Content-Type` (parameters such as `charset` allowed):
   * `json` (default) `application/json`, `multipart` `multipart/form-data`. A write (any method
   * but GET and HEAD) to a route that knows its caller by a cookie (the visitor cookie, i.e. every
   * route without `visitor: 'none'`, or `session`) is checked before the handler runs: it must come
   * from this site's pages (`Sec-Fetch-Site` / `Origin`, else 403 `forbidden:origin`) and declare
   * this type (else 415 `unsupported_media_type:body`), so a form or a `no-cors` fetch on another
   * site (a "simple request": text/plain, form-urlencoded, multipart) cannot write as a visitor.
   * Routes with `visitor: 'none'` and no session (bearer tokens, secrets) are not checked.
   */
  body?: 'json' | 'multipart';
}

/** What a wrapped handler gets besides Next's context. */
export interface RouteRequest {
  req: Request;
  /** The anonymous visitor id ('' with `visitor: 'none'`). */
  clientId: string;
  /** True when this request had no visitor cookie and `clientId` was just made. */
  isNewClient: boolean;
  /** The client's address (lib/client-address.ts). */
  address: string;
  /** The body parsed as JSON with `schema`, within the route's cap (400 / 413 AppErrors). */
  json<S extends z.ZodType>(schema: S): Promise<z.infer<S>>;
  /** The body as UTF-8 text, within the route's cap. */
  text(): Promise<string>;
  /** The signed-in staff member (routes with `session`); null otherwise. */
  user: StaffIdentity | null;
}

/**
 * Wraps a route handler.
 * @param opts rate-limit bucket, body cap in bytes, visitor mode, session role, body type of writes.
 * @param handler `(r, ctx) => Response`; `ctx` is Next's second argument (`{ params }`); give its
 *   type as the type argument for dynamic routes.
 * @returns the function to export as `GET` / `POST`: `(req, ctx) => Promise<Response>`; it never
 *   throws (errors become JSON `{ error: { code, message } }` with the AppError's status or 500:
 *   among them 403 `forbidden:origin` for a cross-site write and 415 `unsupported_media_type:body`
 *   for a write whose `Content-Type` is not `opts.body`'s, on routes that know their caller by a cookie).
 */
export function route(opts: RouteOptions, handler: (r: RouteRequest) => Response | Promise<Response>): (req?: Request) => Promise<Response>;
export function route<Ctx>(opts: RouteOptions, handler: (r: RouteRequest, ctx: Ctx) => Response | Promise<Response>): (req: Request, ctx: Ctx) => Promise<Response>;
export function route<Ctx>(opts: RouteOptions, handler: (r: RouteRequest, ctx: Ctx) => Response | Promise<Response>): (req: Request, ctx: Ctx) => Promise<Response> {
  const maxBytes = opts.maxBodyBytes ?? DEFAULT_BODY_LIMIT;
  return async (reqOrNone, ctx) => {
    // Next always passes the request; callers in tests and scripts may call a GET with none.
    const req = reqOrNone ?? new Request('http://localhost/');
    let setCookie: string | null = null;
    let res: Response;
    try {
      let clientId = '';
      if (opts.visitor !== 'none') ({ clientId, setCookie } = clientIdentity(req));
      if (opts.rateLimit) await enforceRateLimit(req, opts.rateLimit, setCookie ? '' : clientId);
      const write = req.method !== 'GET' && req.method !== 'HEAD';
      if (write && (opts.visitor !== 'none' || opts.session)) {
        assertSameOrigin(req);
        assertBodyType(req, opts.body ?? 'json');
      }
      let user: StaffIdentity | null = null;
      if (opts.session) user = await authorize(opts.session, req.headers);
      if (write) assertContentLength(req, maxBytes);
      res = await handler(
        {
          req,
          clientId,
          isNewClient: setCookie !== null,
          address: clientAddress(req.headers),
          json: (schema) => parseJsonBody(req, schema, maxBytes),
          text: () => readBodyText(req, maxBytes),
          user,
        },
        ctx,
      );
    } catch (err) {
      res = errorResponse(err, `${req.method} ${safePath(req.url)}`);
    }
    return setCookie ? withCookie(res, setCookie) : res;
  };
}

const CROSS_SITE_MESSAGE = 'Cross-site request refused: send it from the pages of this site.';

/**
 * CSRF check for a write that relies on a cookie (the visitor cookie or the admin session): the
 * request must come from a page of this site. Browsers send `Sec-Fetch-Site` (same-origin) and
 * `Origin` with every cross-site POST; a request with neither (curl, a server) carries no victim's
 * cookie by accident. The Origin's host must equal the Host (or X-Forwarded-Host) the request was
 * sent to.
 * @param req the incoming request (only its headers and URL are read).
 * @throws AppError `forbidden:origin` (403) when `Sec-Fetch-Site` is anything but `same-origin`
 *   or `none`, or `Origin` is `null` or names another host.
 */
function assertSameOrigin(req: Request): void {
  const site = req.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new AppError('forbidden:origin', CROSS_SITE_MESSAGE);
  const origin = req.headers.get('origin');
  if (origin === null) return;
  const host = (req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? safeHost(req.url)).split(',')[0].trim().toLowerCase();
  if (origin === 'null' || safeHost(origin) !== host) throw new AppError('forbidden:origin', CROSS_SITE_MESSAGE);
}

/** The media type each `RouteOptions.body` stands for, and how to say it. */
const BODY_TYPES = {
  json: { type: 'application/json', message: 'Send the body as JSON, with Content-Type: application/json.' },
  multipart: { type: 'multipart/form-data', message: 'Send the body as multipart/form-data.' },
} as const;

/**
 * The second CSRF check of a cookie route's write: its declared body type. The types a page on
 * another site can send without asking (a form's or a `no-cors` fetch's text/plain,
 * application/x-www-form-urlencoded, multipart/form-data) are refused unless the route takes that
 * type; `application/json` needs a CORS preflight, which this app never grants.
 * @param req the incoming request (only `Content-Type` is read; the type is compared without its
 *   parameters and case).
 * @param body the route's `RouteOptions.body`.
 * @throws AppError `unsupported_media_type:body` (415) when `Content-Type` is absent or another type.
 */
function assertBodyType(req: Request, body: 'json' | 'multipart'): void {
  const declared = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (declared !== BODY_TYPES[body].type) throw new AppError('unsupported_media_type:body', BODY_TYPES[body].message);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname.slice(0, 200);
  } catch {
    return '?';
  }
}

function withCookie(res: Response, cookie: string): Response {
  try {
    res.headers.append('set-cookie', cookie);
    return res;
  } catch {
    // Immutable headers (a fetched response passed through): copy it.
    const copy = new Response(res.body, res);
    copy.headers.append('set-cookie', cookie);
    return copy;
  }
}

/** What a server action body gets. */
export interface ActionContext {
  /** The client's address (lib/client-address.ts). */
  address: string;
  /** The visitor cookie's value, or '' (actions never set it: see `runAction`). */
  clientId: string;
  /** The signed-in staff member (actions with `role`); null otherwise. */
  user: StaffIdentity | null;
}

/** `ActionContext` of an action with a `role`: the user is there. */
export type StaffActionContext = ActionContext & { user: StaffIdentity };

export interface ActionOptions<R> {
  /** For the log line of an unexpected error, e.g. `admin.saveArticle`. */
  name: string;
  /** Which limits of `RATE_LIMITS` to count against. */
  rateLimit?: RateLimitedRoute;
  /**
   * The least role the action needs. Checked before the body, from the session cookie: nobody
   * signed in is `unauthorized:session` (401), a lower role `forbidden:role` (403) with a message
   * naming both, passed to `onError` like any AppError. Every admin action but sign-in and
   * sign-out has one (tests/roles.test.ts checks).
   */
  role?: StaffRole;
  /**
   * Turns an error into the action's answer: the AppError, or null for an unexpected error (already
   * logged). Absent: AppErrors and unexpected errors are thrown to Next (its error page; in
   * production the message is replaced by a digest).
   */
  onError?: (err: AppError | null) => R;
}

/**
 * Runs a server action's body inside the wrapper: rate limit by address and visitor cookie, then
 * the role check (`opts.role`: the one place actions are authorized), then the body, then the audit log (`admin.*` actions, lib/audit.ts), then error mapping. Next's own control-flow throws (`redirect()`, `notFound()`) pass
 * through. The action's request body is parsed by Next before our code runs; its cap is Next's
 * `serverActions.bodySizeLimit` (next.config.ts). The visitor cookie is read but never set here:
 * setting a cookie in an action makes Next re-render the page, and admins are identified by
 * their session anyway.
 * @param opts name, rate-limit bucket, error mapper.
 * @param body the action's work.
 * @returns what `body` returns, or what `onError` makes of its error.
 * @throws what `body` threw when there is no `onError` (a generic Error for unexpected ones);
 *   Next's redirect / not-found signals always.
 */
export async function runAction<R>(opts: ActionOptions<R> & { role: StaffRole }, body: (ctx: StaffActionContext) => Promise<R>): Promise<R>;
export async function runAction<R>(opts: ActionOptions<R>, body: (ctx: ActionContext) => Promise<R>): Promise<R>;
export async function runAction<R>(opts: ActionOptions<R>, body: (ctx: StaffActionContext) => Promise<R>): Promise<R> {
  try {
    const h = await headers();
    const clientId = validClientId((await cookies()).get(CLIENT_COOKIE)?.value);
    if (opts.rateLimit) await enforceRateLimit({ headers: h }, opts.rateLimit, clientId);
    const user = opts.role ? await authorize(opts.role) : null;
    const result = await body({ address: clientAddress(h), clientId, user: user as StaffIdentity });
    await auditAdminAction(opts.name, result);
    return result;
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof AppError) {
      if (err.code === 'forbidden:role') await auditAdminAction(opts.name, { ok: false, message: err.message });
      if (opts.onError) return opts.onError(err);
      throw err;
    }
    console.error(`[resolve] action ${opts.name} failed:`, err);
    if (opts.onError) return opts.onError(null);
    throw new Error('Something went wrong on our side. Please try again.');
  }
}
