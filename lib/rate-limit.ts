/**
 * Per-client rate limiting for the public API (429 with Retry-After).
 *
 * The limiter sits behind the `RateLimiter` interface. The implementation here is a fixed window
 * kept in this process's memory: good for one instance; with several instances each keeps its own
 * counts, so swap in a shared store (e.g. rate-limiter-flexible on Postgres) behind the same interface.
 */
import 'server-only';
import { AppError } from './errors';
import { env } from './env';

export interface RateLimitResult {
  ok: boolean;
  /** Requests left in the current window (0 when limited). */
  remaining: number;
  /** Seconds until the window resets (≥ 1 when limited). */
  retryAfterSec: number;
}

export interface RateLimiter {
  /**
   * Counts one request for `key`.
   * @param key who is asking (see `clientKey`).
   * @param limit requests allowed per window.
   * @param windowMs window length in milliseconds.
   */
  take(key: string, limit: number, windowMs: number): RateLimitResult;
}

/** In-process fixed-window counter. Memory is bounded: expired windows are swept as keys pile up. */
export class MemoryFixedWindowLimiter implements RateLimiter {
  private windows = new Map<string, { start: number; count: number; windowMs: number }>();
  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  take(key: string, limit: number, windowMs: number): RateLimitResult {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.sweep(t);
      w = { start: t, count: 0, windowMs };
      this.windows.set(key, w);
    }
    const retryAfterSec = Math.max(1, Math.ceil((w.start + windowMs - t) / 1000));
    if (w.count >= limit) return { ok: false, remaining: 0, retryAfterSec };
    w.count += 1;
    return { ok: true, remaining: limit - w.count, retryAfterSec };
  }

  private sweep(t: number) {
    for (const [k, w] of this.windows) if (t - w.start >= w.windowMs) this.windows.delete(k);
    // Still full (a flood of distinct keys): drop the oldest half rather than grow without bound.
    if (this.windows.size >= this.maxKeys) {
      let n = Math.floor(this.maxKeys / 2);
      for (const k of this.windows.keys()) {
        if (n-- <= 0) break;
        this.windows.delete(k);
      }
    }
  }
}

/** Limits per route: requests per minute for one client (cookie + IP), and for one IP overall. */
export const RATE_LIMITS = {
  chat: { perClient: 20, perIp: 60, windowMs: 60_000 },
  search: { perClient: 240, perIp: 720, windowMs: 60_000 },
  feedback: { perClient: 60, perIp: 180, windowMs: 60_000 },
  handoff: { perClient: 10, perIp: 30, windowMs: 60_000 },
} as const;
export type RateLimitedRoute = keyof typeof RATE_LIMITS;

const globalForLimiter = globalThis as unknown as { resolveRateLimiter?: RateLimiter };

/** The process's limiter (shared across route modules and hot reloads). */
export function getRateLimiter(): RateLimiter {
  globalForLimiter.resolveRateLimiter ??= new MemoryFixedWindowLimiter();
  return globalForLimiter.resolveRateLimiter;
}

/** Replaces the process's limiter (tests, or a shared store). */
export function setRateLimiter(limiter: RateLimiter): void {
  globalForLimiter.resolveRateLimiter = limiter;
}

/**
 * The client's IP as seen by the server: the first `x-forwarded-for` hop (set by the proxy in
 * front of Next), else `x-real-ip`, else 'local'.
 */
export function clientIp(req: Request): string {
  const xff = req.headers.get('x-forwarded-for');
  const first = xff?.split(',')[0]?.trim();
  return (first || req.headers.get('x-real-ip')?.trim() || 'local').slice(0, 64);
}

/**
 * Counts a request against the route's limits (per cookie + IP, and per IP so rotating cookies
 * does not escape them). `RESOLVE_RATE_LIMIT=off` turns limiting off (benchmarks).
 * @param clientId the anonymous client cookie value ('' when the request has none).
 * @throws AppError `rate_limited:<route>`; its `retryAfterSec` goes into the Retry-After header.
 */
export function enforceRateLimit(req: Request, route: RateLimitedRoute, clientId: string): void {
  if (env().RESOLVE_RATE_LIMIT === 'off') return;
  const limits = RATE_LIMITS[route];
  const ip = clientIp(req);
  const limiter = getRateLimiter();
  const perIp = limiter.take(`${route}|ip|${ip}`, limits.perIp, limits.windowMs);
  const perClient = limiter.take(`${route}|c|${clientId}|${ip}`, limits.perClient, limits.windowMs);
  const hit = !perClient.ok ? perClient : !perIp.ok ? perIp : null;
  if (hit) {
    throw new RateLimitError(route, hit.retryAfterSec);
  }
}

/** A 429 that knows when to come back. */
export class RateLimitError extends AppError {
  constructor(
    route: string,
    readonly retryAfterSec: number,
  ) {
    super(`rate_limited:${route}`, `Too many requests. Please wait ${retryAfterSec} s and try again.`);
  }
}
