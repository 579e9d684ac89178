/**
 * Verifies the password hashes written before better-auth (`scrypt$<N>$<r>$<p>$<salt b64>$<hash
 * b64>`, node:crypto scrypt, RFC 7914), which migration 0018 kept in `auth_accounts.password`: the
 * accounts made then still sign in. better-auth's `password.verify` hook (lib/auth/auth.ts) sends
 * such hashes here; every new or reset password is the library's own hash.
 */
import 'server-only';
import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The prefix of a hash in this format (`isLegacyPasswordHash`). */
const PREFIX = 'scrypt$';

/** Bounds accepted from a stored hash, so a tampered row cannot make verify allocate gigabytes. */
const LIMITS = { maxLogN: 20, maxR: 32, maxP: 16 };

/** scrypt needs about 128·N·r bytes (plus 128·r·p); Node's default maxmem (32 MiB) is too tight for N=2^15, r=8. */
function maxmemFor(N: number, r: number, p: number): number {
  return 2 * 128 * N * r + 128 * r * p;
}

function scryptAsync(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** True when a stored hash is in the pre-better-auth format (starts with `scrypt$`). */
export function isLegacyPasswordHash(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash; null when it is malformed or its parameters are out of bounds. */
function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((s) => (/^\d{1,8}$/.test(s) ? Number(s) : NaN));
  const b64 = /^[A-Za-z0-9+/]+={0,2}$/;
  if (!b64.test(parts[4]) || !b64.test(parts[5])) return null;
  const salt = Buffer.from(parts[4], 'base64');
  const key = Buffer.from(parts[5], 'base64');
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0 && N <= 2 ** LIMITS.maxLogN;
  if (!powerOfTwo || !(r >= 1 && r <= LIMITS.maxR) || !(p >= 1 && p <= LIMITS.maxP)) return null;
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null;
  return { N, r, p, salt, key };
}

/**
 * Checks a password against a stored hash in constant time (timingSafeEqual over the derived key).
 * @returns false for a wrong password and for a malformed or tampered hash; never throws for those.
 */
export async function verifyLegacyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  const derived = await scryptAsync(password, salt, key.length, { N, r, p, maxmem: maxmemFor(N, r, p) });
  return timingSafeEqual(derived, key);
}
