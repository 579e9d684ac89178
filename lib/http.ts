/**
 * Small request helpers shared by route handlers: the anonymous browser client id (a random,
 * httpOnly cookie; no personal data) and JSON body parsing with clear 4xx errors.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from './errors';

export const CLIENT_COOKIE = 'resolve_client';

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

/**
 * Parses a JSON body with a zod schema.
 * @param maxBytes reject larger bodies with 413 (default 64 KiB).
 * @throws AppError `bad_request:body` (not JSON / invalid, message lists the fields),
 *   `payload_too_large:body`.
 */
export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, maxBytes = 64 * 1024): Promise<z.infer<S>> {
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError('payload_too_large:body', `Request body is larger than ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('bad_request:body', 'Request body must be JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'bad_request:body',
      parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
    );
  }
  return parsed.data;
}
