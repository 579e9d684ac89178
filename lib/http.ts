/**
 * Small request helpers behind the route wrapper (lib/route.ts): the anonymous browser client id (a
 * random, httpOnly cookie; no personal data), and body reading capped in bytes (Content-Length
 * checked first, a streamed body cut off past the cap) with JSON parsing and clear 4xx errors.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from './errors';

export const CLIENT_COOKIE = 'resolve_client';

/** The shape of a visitor cookie's value (what `clientIdentity` makes). */
const CLIENT_ID = /^[A-Za-z0-9-]{8,64}$/;

/**
 * A visitor cookie's value when it has the shape this app makes, for code that reads the cookie
 * without a Request (server actions, pages).
 * @param value the cookie's value, or undefined. @returns it, or '' when absent or malformed.
 */
export function validClientId(value: string | undefined): string {
  return value && CLIENT_ID.test(value) ? value : '';
}

/**
 * Reads the client id cookie, or makes a new one.
 * @returns `{ clientId, setCookie }`; `setCookie` is a Set-Cookie header value when a new id was made.
 */
export function clientIdentity(req: Request): { clientId: string; setCookie: string | null } {
  const cookie = req.headers.get('cookie') ?? '';
  const m = new RegExp(`(?:^|;\\s*)${CLIENT_COOKIE}=([A-Za-z0-9-]{8,64})`).exec(cookie);
  if (m) return { clientId: m[1], setCookie: null };
  const clientId = randomUUID();
  const secure = new URL(req.url).protocol === 'https:' ? '; Secure' : '';
  return {
    clientId,
    setCookie: `${CLIENT_COOKIE}=${clientId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${60 * 60 * 24 * 365}${secure}`,
  };
}

/** Default cap of a JSON request body, in bytes (64 KiB). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/**
 * Reads a request body as UTF-8 text without ever holding more than `maxBytes` of it: a
 * `Content-Length` above the cap is refused before reading, and a body without one (chunked) is
 * counted while it streams and cut off as soon as the count passes the cap (the rest is never
 * read; the stream is cancelled).
 * @param maxBytes the cap in bytes.
 * @returns the body text ('' for no body).
 * @throws AppError `payload_too_large:body` (413) past the cap, `bad_request:body` (400) when the
 *   body is not valid UTF-8 or the client aborted it.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyBytes(req, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('bad_request:body', 'Request body must be UTF-8 text');
  }
}

/**
 * Refuses a body whose declared `Content-Length` is over the cap, before any of it is read.
 * @throws AppError `payload_too_large:body` (413); `bad_request:body` for a malformed length.
 */
export function assertContentLength(req: Request, maxBytes: number): void {
  const declared = req.headers.get('content-length');
  if (declared === null) return;
  if (!/^\s*\d{1,20}\s*$/.test(declared)) throw new AppError('bad_request:body', 'Content-Length must be a whole number of bytes');
  if (Number(declared) > maxBytes) throw tooLarge(maxBytes);
}

/** A lone surrogate: a high one not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` without NUL and with each lone surrogate replaced by U+FFFD (unchanged, and not copied, when already valid). */
function validText(s: string): string {
  const noNul = s.includes('\u0000') ? s.replaceAll('\u0000', '') : s;
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(noNul) ? noNul.replace(LONE_SURROGATE, '\uFFFD') : noNul;
}

/** Object keys made valid as values are (a reviver sees values only); arrays and objects walked in place. */
function withValidKeys(value: object): object {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (value[i] !== null && typeof value[i] === 'object') value[i] = withValidKeys(value[i]);
    return value;
  }
  const obj = value as Record<string, unknown>;
  let renamed = false;
  for (const k of Object.keys(obj)) if (validText(k) !== k) renamed = true;
  const out: Record<string, unknown> = renamed ? {} : obj;
  for (const [k, v] of Object.entries(obj)) {
    // Defined, not assigned: a "__proto__" key stays a plain property (as JSON.parse made it).
    Object.defineProperty(out, renamed ? validText(k) : k, { value: v !== null && typeof v === 'object' ? withValidKeys(v) : v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large:body', `Request body is larger than ${maxBytes} bytes`);
}

/**
 * Parses a JSON body with a zod schema, reading at most `maxBytes` (see `readBodyText`). Every
 * string value (object keys too) is made valid text before validation: NUL characters (`\u0000`)
 * are removed (they carry no meaning in any field, and PostgreSQL refuses them in text and jsonb),
 * and a lone UTF-16 surrogate (`"\udfff"`, which no keyboard types) becomes U+FFFD, as a UTF-8
 * decoder reads an invalid byte; PostgreSQL's jsonb refused it (a 500 in /api/chat before).
 * @param maxBytes reject larger bodies with 413 (default 64 KiB).
 * @returns the parsed value.
 * @throws AppError `bad_request:body` (not JSON, nested too deeply for the parser's stack, or
 *   invalid: the message lists the fields),
 *   `payload_too_large:body`.
 */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, maxBytes = DEFAULT_BODY_LIMIT): Promise<z.infer<S>> {
  const text = await readBodyText(req, maxBytes);
  let json: unknown;
  try {
    json = JSON.parse(text, (_key, value: unknown) => (typeof value === 'string' ? validText(value) : value));
    if (json !== null && typeof json === 'object') json = withValidKeys(json);
  } catch (err) {
    // Valid JSON nested deeper than the parser's stack ("[[[[…]]]]" 100,000 deep) is no request body either.
    if (err instanceof RangeError) throw new AppError('bad_request:body', 'Request body is nested too deeply');
    throw new AppError('bad_request:body', 'Request body must be JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError('bad_request:body', parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  }
  return parsed.data;
}

/**
 * Reads a request body as bytes without ever holding more than `maxBytes` of it (the same rules
 * as `readBodyText`: a `Content-Length` above the cap refused before reading, a chunked body cut
 * off as soon as it passes the cap).
 * @param maxBytes the cap in bytes.
 * @returns the body (empty for no body).
 * @throws AppError `payload_too_large:body` (413) past the cap, `bad_request:body` (400) when the
 *   client aborted it.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  assertContentLength(req, maxBytes);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        void reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request:body', 'The request body could not be read.');
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks, size);
}

/**
 * A handler for the methods an API route does not support: 405 JSON naming them, with
 * `Allow` (RFC 9110 §15.5.6), instead of Next's empty 405.
 * @param allow the methods the route does support, e.g. `['GET', 'PATCH', 'DELETE']` (HEAD and
 *   OPTIONS, which Next answers itself for every route, are added).
 * @returns a route handler answering `{ error: { code: 'method_not_allowed', message } }`.
 */
export function methodNotAllowed(allow: string[]): (req: Request) => Response {
  const methods = [...allow, ...(allow.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
  return (req) =>
    Response.json({ error: { code: 'method_not_allowed', message: `${req.method} is not supported here; use ${methods.join(', ')}.` } }, { status: 405, headers: { allow: methods.join(', ') } });
}
