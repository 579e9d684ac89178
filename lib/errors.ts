/**
 * One error type for the whole app. `code` is `<kind>:<subject>`, e.g. `not_found:article`;
 * `httpStatus()` maps the kind to a status. Database and unexpected errors are logged, never shown.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'precondition_failed'
  | 'precondition_required'
  | 'rate_limited'
  | 'unavailable';

const statusByKind: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  precondition_failed: 412,
  precondition_required: 428,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  constructor(code: `${ErrorKind}:${string}`, message: string) {
    super(message);
    this.code = code;
    this.kind = code.split(':')[0] as ErrorKind;
  }
  /** HTTP status for this error's kind (400–503). */
  get status(): number {
    return statusByKind[this.kind];
  }
}

/**
 * Maps any thrown value to a JSON response: AppError keeps its status and message; anything else
 * is logged and becomes a generic 500 without internals.
 * @param where what failed, for the log line (e.g. `POST /api/feedback`).
 * @returns a `Response` with body `{ error: { code, message } }`.
 */
export function errorResponse(err: unknown, where?: string): Response {
  if (err instanceof AppError) {
    // Rate-limit errors carry how long to wait (lib/rate-limit.ts).
    const retry = (err as { retryAfterSec?: unknown }).retryAfterSec;
    const headers: Record<string, string> = {};
    if (typeof retry === 'number') headers['retry-after'] = String(retry);
    // RFC 6750 §3: a bearer-token 401 names the scheme.
    if (err.code === 'unauthorized:token') headers['www-authenticate'] = 'Bearer realm="resolve"';
    return Response.json({ error: { code: err.code, message: err.message } }, { status: err.status, headers });
  }
  console.error(`[resolve] unexpected error${where ? ` in ${where}` : ''}:`, err);
  return Response.json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } }, { status: 500 });
}
