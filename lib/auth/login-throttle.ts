/**
 * Sign-in throttle, per account and per client address, on the app's rate-limit store
 * (rate-limiter-flexible: memory on the embedded database, the Postgres server with DATABASE_URL,
 * so every instance sees the same lock).
 *
 * - Account: 5 failed sign-ins for one email within 15 minutes lock that email for 15 minutes,
 *   whatever address or X-Forwarded-For the attempts come from; the right password is refused
 *   during the lock. The price: anyone can lock an admin out for 15 minutes by guessing wrong 5
 *   times. That is the trade for making password guessing against one account slow everywhere.
 * - Address: 20 failures from one address (any emails) lock that address for 15 minutes, against
 *   spraying one password over many emails.
 * A successful sign-in clears the account's count (not the address's: an attacker who owns one
 * account must not reset its address by signing in to it).
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { addressBucket } from '@/lib/client-address';
import { flexibleLimiter, type FlexibleLimiter } from '@/lib/rate-limit';

export interface LoginThrottleSettings {
  /** Failures of one account before its lock. */
  accountFailures: number;
  /** Failures from one address before its lock. */
  addressFailures: number;
  /** Seconds over which failures are counted (a fixed window from the first failure). */
  windowSec: number;
  /** Seconds a lock lasts. */
  lockSec: number;
  /** Key namespace (tests use their own). */
  prefix: string;
}

export const LOGIN_THROTTLE: LoginThrottleSettings = { accountFailures: 5, addressFailures: 20, windowSec: 15 * 60, lockSec: 15 * 60, prefix: 'login' };

/** Why a sign-in is refused before the password is checked. */
export interface LoginLock {
  scope: 'account' | 'address';
  /** Seconds until the lock ends (≥ 1). */
  retryAfterSec: number;
}

/** The key of an email: its sha256, so the store holds no addresses of people. */
function accountKey(email: string): string {
  return `acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('hex')}`;
}

/** Failed sign-ins counted per account and per address; see the module comment for the rules. */
export class LoginThrottle {
  /** @param settings limits, window and lock in seconds, key prefix (default `LOGIN_THROTTLE`). */
  constructor(private readonly settings: LoginThrottleSettings = LOGIN_THROTTLE) {}

  private limiter(scope: 'account' | 'address'): Promise<FlexibleLimiter> {
    const s = this.settings;
    return flexibleLimiter({ keyPrefix: `${s.prefix}_${scope}`, points: scope === 'account' ? s.accountFailures : s.addressFailures, durationSec: s.windowSec });
  }

  private targets(args: { email: string; address: string }): [scope: 'account' | 'address', key: string, max: number][] {
    return [
      ['account', accountKey(args.email), this.settings.accountFailures],
      ['address', `addr:${addressBucket(args.address)}`, this.settings.addressFailures],
    ];
  }

  /**
   * Whether the account or the address is locked now.
   * @param args.email as typed (trimmed and lower-cased here); args.address the client's address.
   * @returns the lock with the longer wait, or null when both may try.
   */
  async lockFor(args: { email: string; address: string }): Promise<LoginLock | null> {
    let lock: LoginLock | null = null;
    for (const [scope, key, max] of this.targets(args)) {
      const res = await (await this.limiter(scope)).get(key);
      if (res && res.consumedPoints >= max && res.msBeforeNext > 0) {
        const retryAfterSec = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
        if (!lock || retryAfterSec > lock.retryAfterSec) lock = { scope, retryAfterSec };
      }
    }
    return lock;
  }

  /** Counts one failed sign-in for the account and the address; the one that reaches its limit is locked for `lockSec`. */
  async recordFailure(args: { email: string; address: string }): Promise<void> {
    for (const [scope, key, max] of this.targets(args)) {
      const limiter = await this.limiter(scope);
      const res = await limiter.penalty(key, 1);
      if (res.consumedPoints >= max) await limiter.block(key, this.settings.lockSec);
    }
  }

  /** Clears the account's failures after a successful sign-in. */
  async recordSuccess(args: { email: string }): Promise<void> {
    await (await this.limiter('account')).delete(accountKey(args.email));
  }
}

const g = globalThis as unknown as { __resolveLoginThrottle?: LoginThrottle };

/** The app's throttle (one per process; its counts live in the shared store). */
export function getLoginThrottle(): LoginThrottle {
  g.__resolveLoginThrottle ??= new LoginThrottle();
  return g.__resolveLoginThrottle;
}

/**
 * The sentence a locked sign-in shows.
 * @returns e.g. "This account is locked after 5 failed sign-ins. Try again in 15 minutes."
 */
export function lockMessage(lock: LoginLock, settings: LoginThrottleSettings = LOGIN_THROTTLE): string {
  const wait = lock.retryAfterSec >= 90 ? `${Math.ceil(lock.retryAfterSec / 60)} minutes` : `${lock.retryAfterSec} seconds`;
  return lock.scope === 'account'
    ? `This account is locked after ${settings.accountFailures} failed sign-ins. Try again in ${wait}, even with the right password.`
    : `Too many failed sign-ins from your network. Try again in ${wait}.`;
}
