/**
 * Per-client rate limiting for the public API and the admin (429 with Retry-After).
 *
 * Callers see one interface, `RateLimiter.take(key, limit, windowMs)`. The store depends on the
 * database: on the embedded PGlite (one process by construction) counts live in this process's
 * memory (`MemoryFixedWindowLimiter`); with `DATABASE_URL` they live in the Postgres server, through
 * rate-limiter-flexible's `RateLimiterPostgres` (table `rate_limits`, created by the library on
 * first use), so several instances share one budget per client.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { addressBucket, clientAddress } from './client-address';
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
   * @param key who is asking (route, kind and client; see `enforceRateLimit`).
   * @param limit requests allowed per window.
   * @param windowMs window length in milliseconds.
   * @returns the decision; a promise for shared stores.
   */
  take(key: string, limit: number, windowMs: number): RateLimitResult | Promise<RateLimitResult>;
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

/**
 * Limits per route: requests per window for one client (cookie + address; cookie-less clients by
 * address alone), and for one address overall (so rotating cookies does not escape them).
 */
export const RATE_LIMITS = {
  chat: { perClient: 20, perIp: 60, windowMs: 60_000 },
  search: { perClient: 240, perIp: 720, windowMs: 60_000 },
  feedback: { perClient: 60, perIp: 180, windowMs: 60_000 },
  /** Article views (the article page's beacon): one per page load. */
  view: { perClient: 120, perIp: 600, windowMs: 60_000 },
  handoff: { perClient: 10, perIp: 30, windowMs: 60_000 },
  conversation: { perClient: 120, perIp: 360, windowMs: 60_000 },
  /** Admin server actions (saves, releases); sign-in failures have their own throttle (lib/auth). */
  admin: { perClient: 120, perIp: 240, windowMs: 60_000 },
  /** Sign-in attempts of any outcome, per address; failures are throttled per account too. */
  login: { perClient: 30, perIp: 30, windowMs: 60_000 },
  /** The content API (bearer tokens; no visitor cookie, so per address). */
  api: { perClient: 600, perIp: 600, windowMs: 60_000 },
} as const;
export type RateLimitedRoute = keyof typeof RATE_LIMITS;

// ---------------------------------------------------------------------------------------------
// Shared store (DATABASE_URL): rate-limiter-flexible on Postgres.

const TABLE = 'rate_limits';

interface SharedStore {
  pool?: Pool;
  /** Resolves once the library has created its table. */
  ready?: Promise<void>;
  limiters: Map<string, RateLimiterPostgres>;
}

const globalForStore = globalThis as unknown as { __resolveRateLimitStore?: SharedStore };
function sharedStore(): SharedStore {
  globalForStore.__resolveRateLimitStore ??= { limiters: new Map() };
  return globalForStore.__resolveRateLimitStore;
}

/** A small pool of its own: counting must not wait behind slow search queries, nor they behind it. */
async function storePool(url: string): Promise<Pool> {
  const store = sharedStore();
  if (!store.pool) {
    const { default: pg } = await import('pg');
    store.pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });
    store.pool.on('error', (err) => console.error('[resolve] rate-limit store connection lost:', err.message));
  }
  return store.pool;
}

/** Keys are `varchar(255)` in the library's table: long keys (emails) are hashed. */
function storeKey(key: string): string {
  return key.length <= 200 ? key : `h:${createHash('sha256').update(key).digest('hex')}`;
}

/** rate-limiter-flexible's limiter API, as used here (memory and Postgres limiters share it). */
export type FlexibleLimiter = Pick<RateLimiterMemory, 'consume' | 'penalty' | 'get' | 'block' | 'delete'>;

/**
 * A rate-limiter-flexible limiter for `points` per `durationSec`, on the shared store when
 * DATABASE_URL is set (with an in-memory insurance limiter that takes over while the server does
 * not answer), else in memory. Limiters are cached per (prefix, points, duration).
 * @param opts.keyPrefix namespace of the keys (letters, digits, `_`).
 * @param opts.points allowed units per window.
 * @param opts.durationSec window length in seconds.
 * @returns the limiter; its `consume` rejects with a `RateLimiterRes` past the limit.
 * @throws the driver's error when the table cannot be created (server down at first use).
 */
export async function flexibleLimiter(opts: { keyPrefix: string; points: number; durationSec: number }): Promise<FlexibleLimiter> {
  const url = env().DATABASE_URL;
  const store = sharedStore();
  const cacheKey = `${url ? 'pg' : 'mem'}|${opts.keyPrefix}|${opts.points}|${opts.durationSec}`;
  const cached = store.limiters.get(cacheKey);
  if (cached) return cached;
  const memory = new RateLimiterMemory({ keyPrefix: opts.keyPrefix, points: opts.points, duration: opts.durationSec });
  if (!url) {
    store.limiters.set(cacheKey, memory as unknown as RateLimiterPostgres);
    return memory;
  }
  const pool = await storePool(url);
  const base = { storeClient: pool, storeType: 'pool', tableName: TABLE, keyPrefix: opts.keyPrefix, points: opts.points, duration: opts.durationSec, insuranceLimiter: memory };
  if (!store.ready) {
    // The first limiter creates the table (CREATE TABLE IF NOT EXISTS; a concurrent creator on
    // another instance is tolerated by the library); later ones skip that.
    store.ready = new Promise<void>((resolve, reject) => {
      new RateLimiterPostgres({ ...base, tableCreated: false }, (err?: unknown) => (err ? reject(err) : resolve()));
    });
    store.ready.catch(() => {
      store.ready = undefined; // try again on the next request
    });
  }
  await store.ready;
  const limiter = store.limiters.get(cacheKey) ?? new RateLimiterPostgres({ ...base, tableCreated: true });
  store.limiters.set(cacheKey, limiter);
  return limiter;
}

/** `RateLimiter` over rate-limiter-flexible (fixed window from the first request of a key). */
export class FlexibleRateLimiter implements RateLimiter {
  /**
   * @returns `{ ok, remaining, retryAfterSec }`; never rejects for a limited key.
   * @throws AppError `unavailable:rate_limit` (503) when the store's table cannot be created; once
   *   it exists, a server that stops answering is covered by the in-memory insurance limiter.
   */
  async take(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    let limiter: FlexibleLimiter;
    try {
      limiter = await flexibleLimiter({ keyPrefix: 'rl', points: limit, durationSec: Math.max(1, Math.round(windowMs / 1000)) });
    } catch (err) {
      console.error('[resolve] rate-limit store unavailable:', (err as Error).message);
      throw new AppError('unavailable:rate_limit', 'The service is not available right now. Please try again shortly.');
    }
    try {
      const res = await limiter.consume(storeKey(key));
      return { ok: true, remaining: res.remainingPoints, retryAfterSec: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { ok: false, remaining: 0, retryAfterSec: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
      throw err;
    }
  }
}

/**
 * Ends the shared store's connections (scripts and tests that must exit; the pool also lets the
 * process exit when idle).
 */
export async function closeRateLimitStore(): Promise<void> {
  const store = sharedStore();
  const pool = store.pool;
  globalForStore.__resolveRateLimitStore = undefined;
  await pool?.end();
}

// ---------------------------------------------------------------------------------------------

const globalForLimiter = globalThis as unknown as { resolveRateLimiter?: RateLimiter };

/**
 * The process's limiter (shared across route modules and hot reloads): rate-limiter-flexible on
 * Postgres when DATABASE_URL is set, else the in-memory fixed window; or what `setRateLimiter` set.
 */
export function getRateLimiter(): RateLimiter {
  globalForLimiter.resolveRateLimiter ??= env().DATABASE_URL ? new FlexibleRateLimiter() : new MemoryFixedWindowLimiter();
  return globalForLimiter.resolveRateLimiter;
}

/** Replaces the process's limiter (tests). */
export function setRateLimiter(limiter: RateLimiter): void {
  globalForLimiter.resolveRateLimiter = limiter;
}

/**
 * Counts a request against the route's limits: per client (cookie + address bucket; a request
 * without a cookie counts as the address alone) and per address bucket. The address is
 * `clientAddress()` (socket peer or trusted proxy hop), IPv6 by /64. `RESOLVE_RATE_LIMIT=off`
 * turns limiting off (benchmarks).
 * @param req anything with the request's headers.
 * @param clientId the anonymous client cookie value ('' when the request had none).
 * @throws RateLimitError (`rate_limited:<route>`, 429) with `retryAfterSec` for the Retry-After header.
 */
export async function enforceRateLimit(req: { headers: Headers }, route: RateLimitedRoute, clientId: string): Promise<void> {
  if (env().RESOLVE_RATE_LIMIT === 'off') return;
  const limits = RATE_LIMITS[route];
  const ip = addressBucket(clientAddress(req.headers));
  const limiter = getRateLimiter();
  const [perIp, perClient] = await Promise.all([limiter.take(`${route}|ip|${ip}`, limits.perIp, limits.windowMs), limiter.take(`${route}|c|${clientId}|${ip}`, limits.perClient, limits.windowMs)]);
  const hit = !perClient.ok ? perClient : !perIp.ok ? perIp : null;
  if (hit) throw new RateLimitError(route, hit.retryAfterSec);
}

/** A 429 that knows when to come back. */
class RateLimitError extends AppError {
  constructor(
    route: string,
    readonly retryAfterSec: number,
  ) {
    super(`rate_limited:${route}`, `Too many requests. Please wait ${retryAfterSec} s and try again.`);
  }
}
