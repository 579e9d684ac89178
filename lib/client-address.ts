/**
 * The client's network address, as far as this server can prove it.
 *
 * Next 16 gives route handlers and server actions no socket: `NextRequest.ip` was removed in
 * Next 15, and `next start` only fills `X-Forwarded-For` with the socket's address when the client
 * sent none (`??=` in Next's base server), so a client that writes its own header picks its own
 * address. We therefore take the peer address from Node itself: `installPeerAddressHook()` (called
 * from instrumentation.ts) subscribes to Node's `http.server.request.start` diagnostics channel,
 * which fires for every request before Next sees it, and stamps the request with the socket's
 * address in `x-resolve-peer`, signed with a random per-process secret. A client cannot forge the
 * stamp (it does not know the secret; any value it sends is overwritten). A request without a valid
 * stamp (a test calling a handler directly; the first requests of a process, accepted before
 * instrumentation ran) gets the address `unverified`.
 *
 * `RESOLVE_TRUSTED_PROXY_HOPS` (default 0) says how many proxies in front of the app append to
 * X-Forwarded-For. 0: the socket's peer, headers ignored. N: the N-th entry from the right of
 * X-Forwarded-For (the address the outermost trusted proxy saw); never the left-most entry a
 * client can write, unless the chain is shorter than N (then the left-most trusted one).
 */
import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { env } from './env';

export const PEER_HEADER = 'x-resolve-peer';
/** The address of a request whose peer this process could not see. */
export const UNVERIFIED_ADDRESS = 'unverified';

interface PeerHookState {
  secret: string;
  installed: boolean;
}

// On globalThis: instrumentation and every route bundle load this module separately, and all must
// share the one secret of this process.
const g = globalThis as unknown as { __resolvePeerHook?: PeerHookState };
function hookState(): PeerHookState {
  g.__resolvePeerHook ??= { secret: randomBytes(18).toString('base64url'), installed: false };
  return g.__resolvePeerHook;
}

/**
 * Subscribes (once per process) to Node's `http.server.request.start` channel and stamps every
 * incoming request with `x-resolve-peer: <secret> <socket address>`, replacing whatever the
 * client sent in that header. Node-only; call it from instrumentation.ts `register()`.
 * @returns true when the hook is (now or already) installed.
 */
export async function installPeerAddressHook(): Promise<boolean> {
  const state = hookState();
  if (state.installed) return true;
  const dc = await import('node:diagnostics_channel');
  dc.subscribe('http.server.request.start', (message) => {
    const { request, socket } = message as { request?: { headers: Record<string, unknown> }; socket?: { remoteAddress?: string } };
    if (!request) return;
    request.headers[PEER_HEADER] = `${state.secret} ${socket?.remoteAddress ?? ''}`;
  });
  state.installed = true;
  return true;
}

/**
 * The stamp the hook would put on a request from `address` (tests use it to act as a real socket).
 * @param address an IP address string.
 * @returns the `x-resolve-peer` header value.
 */
export function peerStampFor(address: string): string {
  return `${hookState().secret} ${address}`;
}

/** The socket's address from a valid stamp, or null (no stamp, forged stamp, empty address). */
function verifiedPeer(headers: Headers): string | null {
  const stamp = headers.get(PEER_HEADER);
  if (!stamp) return null;
  const space = stamp.indexOf(' ');
  if (space <= 0) return null;
  const given = Buffer.from(stamp.slice(0, space));
  const secret = Buffer.from(hookState().secret);
  if (given.length !== secret.length || !timingSafeEqual(given, secret)) return null;
  return normalizeAddress(stamp.slice(space + 1));
}

/**
 * Normalizes one address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes `1.2.3.4`, brackets and
 * ports of `[v6]:port` / `v4:port` are dropped, IPv6 is lower-cased.
 * @param raw an address as a socket or an X-Forwarded-For entry gives it.
 * @returns the address, or null when it is not an IP address.
 */
export function normalizeAddress(raw: string): string | null {
  let a = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  if (/^::ffff:[\d.]+$/i.test(a)) a = a.slice(7);
  if (isIPv4(a)) return a;
  if (isIPv6(a)) return a.toLowerCase();
  return null;
}

/** X-Forwarded-For entries, left to right, over every copy of the header. */
function forwardedFor(headers: Headers): string[] {
  const raw = headers.get('x-forwarded-for');
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The client's address for rate limits and sign-in throttling.
 * @param headers the request's headers (a route's `req.headers`, or `await headers()` in an action).
 * @param hops trusted proxy hops; default `env().RESOLVE_TRUSTED_PROXY_HOPS`.
 * @returns a normalized IP address, `unverified` when this process did not see the socket and no
 *   trusted proxy named one, or `invalid` when the trusted entry is not an IP address.
 */
export function clientAddress(headers: Headers, hops = env().RESOLVE_TRUSTED_PROXY_HOPS): string {
  const peer = verifiedPeer(headers);
  if (hops <= 0) return peer ?? UNVERIFIED_ADDRESS;
  // Right to left: what our own socket saw, then what each trusted proxy appended.
  const chain = [...forwardedFor(headers)].reverse();
  if (chain.length === 0) return peer ?? UNVERIFIED_ADDRESS;
  const entry = chain[Math.min(hops, chain.length) - 1];
  return normalizeAddress(entry) ?? 'invalid';
}

/**
 * The rate-limit bucket of an address: IPv4 as is; IPv6 by its /64 prefix, since one subscriber
 * usually holds a whole /64 and could otherwise take a new address (and a new budget) per request.
 * @returns e.g. `203.0.113.7`, `2001:db8:1:2::/64`, or the input for non-addresses.
 */
export function addressBucket(address: string): string {
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  if (right.some((p) => p.includes('.'))) return address; // embedded IPv4 form; rare, keep whole
  const full = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${full
    .slice(0, 4)
    .map((p) => p.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
