/**
 * Property-based fuzzing of the public routes over real HTTP: hostile query strings, path
 * segments (malformed percent-encoding included), JSON bodies and headers, generated with
 * fast-check and sent with bounded concurrency. The property: no input gets a 5xx or a dropped
 * connection.
 *
 *   npm run fuzz -- [--url http://localhost:3000] [--runs 10000] [--concurrency 8] [--seed N]
 *                   [--timeout 20000] [--examples 5] [--data-dir .data/fuzz] [--json]
 *
 * When nothing answers at --url and a production build exists (.next/BUILD_ID), the script starts
 * `next start` on the URL's port itself (rate limits off, embedded database in --data-dir, sample
 * content seeded) and stops it at the end. Each input is one request on its own TCP connection
 * (written by hand, so paths, headers and Content-Length can be wrong on purpose).
 * Prints counts by status class and by route, the 5xx and dropped connections with examples and
 * the seed that reproduces the run. Exit codes: 0 none; 1 any 5xx, dropped connection, timeout or
 * error page served with another status (a streamed page that failed after its 200); 2 bad
 * arguments or no server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { DEFAULT_BODY_LIMIT } from '@/lib/http';

/** One generated request. `path` is sent byte for byte; `group` names the route family for the report. */
interface FuzzRequest {
  group: string;
  method: string;
  path: string;
  headers: [string, string][];
  body?: Buffer;
  /** Content-Length to declare instead of the body's length (a mismatch on purpose). */
  declaredLength?: number;
}

/** What came back for one request. `status` 0: no status line (see `outcome`). */
interface FuzzResult {
  status: number;
  outcome: 'response' | 'dropped' | 'timeout';
  /** Client hung up or declared more body than it sent: no answer is a fine outcome. */
  incompleteOnPurpose: boolean;
  error?: string;
  /** A non-5xx answer that is the app's error page ("We couldn’t load this page"): a hidden server error. */
  errorPage?: boolean;
  ms: number;
}

/** The text of app/error.tsx and app/(help)/error.tsx. */
const ERROR_PAGE = /We couldn(?:’|&#x27;|')t load this page/;

// ---------------------------------------------------------------- generators

const HEX = '0123456789ABCDEF';
/** Percent-encodes the UTF-8 bytes of `s` except unreserved characters (lone surrogates become U+FFFD). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

const byteEscape = fc.integer({ min: 0, max: 255 }).map((b) => `%${HEX[b >> 4]}${HEX[b & 15]}`);
/** Known-bad percent sequences: truncated multi-byte, lone continuation, surrogate, overlong, not hex. */
const malformedPercent = fc.constantFrom('%', '%E0%A4', '%ED%A0%80', '%C0%AF', '%80', '%FF', '%G1', '%%', '%E0%A4%', '%F0%9F%98', '%2', '%u0041', '%C3', '%F4%90%80%80', '%ED%BF%BF');
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text on purpose
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF', 'a\u0000b', '\u202Ertl', '😀'.repeat(50), '𝐑𝐞𝐚𝐝', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '../../etc/passwd') },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 9000 }).map((n) => 'a'.repeat(n)) },
);
const words = fc.constantFrom('refund', 'payout', 'how do i refund a payment', 'two-factor', 'invoice INV-2024-0042', 'next js', 'spree', 'x', 'a & b', '"quoted"', '-negated', 'or', 'and');

/** Known slugs and names, filled from the server before the run so some inputs hit real rows. */
const known = { slugs: ['refund-a-payment'], categories: ['payments'], products: ['ledgerly'], collections: ['ledgerly'] };
/** One of a `known` list, read when the value is generated (after the server was asked). */
const oneKnown = (list: () => string[]) => fc.nat().map((i) => list()[i % list().length]);

/** A path segment: often valid, often hostile. */
const segment = fc.oneof(
  { weight: 2, arbitrary: oneKnown(() => [...known.slugs, ...known.categories, ...known.products]) },
  { weight: 3, arbitrary: text.map(pct) },
  { weight: 3, arbitrary: fc.array(byteEscape, { minLength: 1, maxLength: 8 }).map((a) => a.join('')) },
  { weight: 3, arbitrary: fc.tuple(text.map(pct), malformedPercent, text.map(pct)).map(([a, b, c]) => a + b + c) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('..', '.', '%2e%2e', '%2E%2E%2F%2E%2E', '%2F', '%5C', '..%2F..%2Fetc%2Fpasswd', '%00', '~', '%20', '+', ';', ':', '@', '!$&()*,=', "'", '%27', '%3Cscript%3E'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 7000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,60}$/) },
);

/** A query-string value or key. */
const queryPart = fc.oneof(
  { weight: 3, arbitrary: words.map(pct) },
  { weight: 3, arbitrary: text.map(pct) },
  { weight: 2, arbitrary: fc.tuple(text.map(pct), malformedPercent).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e9', 'NaN', '0x10', '999999999999999999999', 'true', '1', 'yes', '[]', '%5B%5D', '+++', '%00') },
  { weight: 1, arbitrary: text },
);
const queryKey = fc.oneof({ weight: 5, arbitrary: fc.constantFrom('q', 'limit', 'prefix', 'collection', 'q', 'page', 'offset', 'q[]', 'Q') }, { weight: 1, arbitrary: queryPart });
const queryString = fc.array(fc.tuple(queryKey, queryPart, fc.boolean()), { maxLength: 6 }).map((pairs) => pairs.map(([k, v, bare]) => (bare && v === '' ? k : `${k}=${v}`)).join('&'));

const cookieValue = fc.oneof(
  fc.constant(''),
  fc.stringMatching(/^[A-Za-z0-9-]{8,64}$/).map((v) => `resolve_client=${v}`),
  text.map((t) => `resolve_client=${t}`),
  fc.constantFrom('resolve_client=', 'resolve_client=a; resolve_client=b', 'resolve.session_token=deadbeef.sig', '=;=;=', 'a'.repeat(6000), 'resolve_client="quoted-client-1"'),
  fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,10}$/), fc.string({ maxLength: 20 })), { maxLength: 30 }).map((c) => c.map(([k, v]) => `${k}=${v}`).join('; ')),
);
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-16',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
      'application/json;;;',
      '*/*',
      'application/xml',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
/** Extra headers: odd but mostly legal; a few that break the HTTP syntax on purpose. */
const oddHeaders = fc.array(
  fc.oneof(
    fc.tuple(fc.constant('x-forwarded-for'), fc.oneof(fc.ipV4(), fc.ipV6(), fc.string({ maxLength: 30 }), fc.constant('1.2.3.4, 5.6.7.8, unknown'))),
    fc.tuple(fc.constant('accept'), fc.constantFrom('text/html', 'application/json', '*/*', 'text/event-stream', '', 'x/y;q=abc')),
    fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', 'identity;q=0', '*;q=0', 'x')),
    fc.tuple(fc.constant('range'), fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=99999999-', 'lines=1-2')),
    fc.tuple(fc.constant('if-none-match'), fc.string({ maxLength: 30 })),
    fc.tuple(fc.constant('next-router-state-tree'), fc.oneof(fc.string({ maxLength: 60 }), fc.constant('%5B%22%22%5D'))),
    fc.tuple(fc.constant('rsc'), fc.constantFrom('1', '0', 'x')),
    fc.tuple(fc.constant('next-action'), fc.oneof(fc.stringMatching(/^[0-9a-f]{40,42}$/), fc.string({ maxLength: 20 }))),
    // Not `chunked`: a request that announces chunks and sends none only waits for them.
    fc.tuple(fc.constant('transfer-encoding'), fc.constantFrom('gzip', 'x', 'identity')),
    fc.tuple(fc.stringMatching(/^x-[a-z-]{1,20}$/), fc.string({ maxLength: 100 })),
    fc.tuple(fc.constant('x-bad'), fc.constantFrom('a\rb', 'a\nb', '\u0000', 'é')),
  ),
  { maxLength: 3 },
);

// JSON bodies
const convId = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(101), '../x', 'a b', 'conv-1', 'u1') },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 1 }) },
);
const messagePart = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('text'), text: fc.oneof(words, text) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('source-url'), sourceId: text, url: fc.oneof(fc.webUrl(), fc.constantFrom('/articles/x', '//evil.example', 'javascript:alert(1)')), title: text }),
  },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        type: fc.constantFrom('tool-handoff_to_human', 'tool-search_help_center'),
        toolCallId: text,
        state: fc.constantFrom('input-available', 'output-available', 'input-streaming', 'x'),
        input: fc.anything({ maxDepth: 2 }),
        output: fc.anything({ maxDepth: 2 }),
      },
      { requiredKeys: ['type'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom('step-start', 'reasoning', 'data-suggestions', 'file'), text) }) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);
const chatMessage = (role: fc.Arbitrary<unknown>) =>
  fc.record(
    { id: fc.oneof(fc.constantFrom('u1', 'a1', 'u2'), fc.stringMatching(/^[A-Za-z0-9-]{1,30}$/), text), role, parts: fc.array(messagePart, { maxLength: 4 }), metadata: fc.anything({ maxDepth: 1 }) },
    { requiredKeys: ['id', 'role', 'parts'] },
  );
const validTurn = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/),
  messages: fc
    .tuple(fc.array(chatMessage(fc.constantFrom('user', 'assistant')), { maxLength: 3 }), words, fc.constantFrom('u1', 'u2', 'q'))
    .map(([history, q, id]) => [...history, { id, role: 'user', parts: [{ type: 'text', text: q }] }]),
  collection: fc.option(
    fc.oneof(
      oneKnown(() => [...known.collections, 'Spree Commerce', 'nope', '']),
      text,
    ),
    { nil: undefined },
  ),
});
const chatBody = fc.oneof(
  { weight: 3, arbitrary: validTurn },
  {
    weight: 3,
    arbitrary: fc.record(
      { id: convId, messages: fc.array(chatMessage(fc.oneof(fc.constantFrom('user', 'assistant', 'system', 'tool'), text)), { maxLength: 5 }), collection: fc.anything({ maxDepth: 1 }) },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);
const feedbackBody = fc.oneof(
  fc.record(
    {
      targetType: fc.oneof(fc.constantFrom('article', 'message'), text),
      targetId: fc.oneof(
        oneKnown(() => [...known.slugs, 'u1', 'a1']),
        text,
      ),
      conversationId: convId,
      rating: fc.oneof(fc.constantFrom('up', 'down'), fc.anything({ maxDepth: 0 })),
      reason: fc.oneof(fc.constantFrom("Didn't answer my question", 'Out of date'), text),
      comment: text,
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
const handoffBody = fc.oneof(
  fc.record(
    {
      conversationId: convId,
      toolCallId: fc.oneof(fc.stringMatching(/^call_[A-Za-z0-9]{1,20}$/), text),
      email: fc.oneof(fc.emailAddress(), text),
      summary: text,
      category: fc.oneof(fc.constantFrom('payouts', 'billing', 'other'), text),
      stepsTried: fc.array(text, { maxLength: 4 }),
      citedArticles: fc.array(fc.record({ title: text, url: fc.oneof(fc.constant('/articles/refund-a-payment'), text) }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);
/** A JSON body, or bytes that are not JSON, or JSON with a twist (BOM, huge nesting). */
const bodyOf = (json: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 8, arbitrary: json.map((v) => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', '{', '{"id":', '[]', 'null', '\uFEFF{}', '{"a":1}{"b":2}', '['.repeat(5000) + ']'.repeat(5000), `{"id":"x","messages":${'['.repeat(3000)}`)
        .map((s) => Buffer.from(s, 'utf8')),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 70_000, max: 2_500_000 })
        .map((n) => Buffer.from(JSON.stringify({ id: 'big', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'a'.repeat(n) }] }] }))),
    },
  );

const pageBase = fc.constantFrom('/', '/search', '/assistant', '/admin/login', '/articles/refund-a-payment', '/products/ledgerly', '/no-such-page');
/** `[route, path]`: a dynamic route and a path with generated segments for it. */
const dynamicPath: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.tuple(fc.constantFrom('/articles/', '/categories/', '/products/', '/api/chat/', '/admin/articles/'), segment).map(([p, s]): [string, string] => [`${p}[…]`, p + s]),
  fc.array(segment, { minLength: 1, maxLength: 4 }).map((s): [string, string] => ['/media/[...path]', `/media/${s.join('/')}`]),
  fc.tuple(fc.constantFrom('/articles/', '/categories/', '/api/chat/'), segment, segment).map(([p, a, b]): [string, string] => [`${p}[…]/[…]`, `${p}${a}/${b}`]),
  segment.map((s): [string, string] => ['/[unmatched]', `/${s}`]),
);

/** Methods Node's HTTP parser knows; it refuses any other (FOO, TRACK) with a 400 before reading the body. */
const PARSED_METHODS = new Set(http.METHODS);
/** Largest body sent with a request the HTTP parser refuses at once (see withHeaders). */
const REFUSED_BODY_MAX = 32_767;

function withHeaders(group: string, method: string, p: string, fullBody: Buffer | undefined, ct: string | null, cookie: string, extra: [string, string][], mismatch: number | null): FuzzRequest {
  // A request the parser refuses at once (unknown method) gets its 400 and a closed socket while a
  // large body is still being written: that close is a reset and the 400 is lost, as below.
  const body = fullBody && !PARSED_METHODS.has(method) && fullBody.length > REFUSED_BODY_MAX ? fullBody.subarray(0, REFUSED_BODY_MAX) : fullBody;
  const headers: [string, string][] = [];
  if (cookie) headers.push(['cookie', cookie]);
  if (ct !== null && body) headers.push(['content-type', ct]);
  // A header the HTTP parser refuses gets a 400 and a closed socket at once; with a large body
  // still being written, that close is a reset and the 400 is lost, so big bodies go with valid headers.
  headers.push(...extra.filter(([k]) => (k !== 'transfer-encoding' && k !== 'x-bad') || !body || body.length <= REFUSED_BODY_MAX));
  const declaredLength = body && mismatch !== null ? Math.max(0, body.length + mismatch) : undefined;
  return { group, method, path: p, headers, body, declaredLength };
}

/** The generator of every request the fuzzer sends. */
const requestArbitrary: fc.Arbitrary<FuzzRequest> = fc.oneof(
  // Query strings: the search API and pages.
  { weight: 4, arbitrary: fc.tuple(queryString, cookieValue, oddHeaders).map(([q, c, h]) => withHeaders('GET /api/search', 'GET', `/api/search?${q}`, undefined, null, c, h, null)) },
  { weight: 3, arbitrary: fc.tuple(pageBase, queryString, cookieValue, oddHeaders).map(([p, q, c, h]) => withHeaders(`GET page?query`, 'GET', `${p}?${q}`, undefined, null, c, h, null)) },
  // Path segments of every dynamic route.
  {
    weight: 6,
    arbitrary: fc
      .tuple(dynamicPath, fc.option(queryString, { freq: 4, nil: undefined }), cookieValue, oddHeaders)
      .map(([[g, p], q, c, h]) => withHeaders(`GET ${g}`, 'GET', q ? `${p}?${q}` : p, undefined, null, c, h, null)),
  },
  // JSON bodies.
  ...(
    [
      ['/api/chat', chatBody, 4],
      ['/api/feedback', feedbackBody, 3],
      ['/api/handoffs', handoffBody, 2],
    ] as const
  ).map(([route, json, weight]) => ({
    weight,
    arbitrary: fc
      .tuple(
        bodyOf(json as fc.Arbitrary<unknown>),
        contentType,
        cookieValue,
        oddHeaders,
        fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0) }),
      )
      .map(([body, ct, c, h, mismatch]) => withHeaders(`POST ${route}${mismatch !== null ? ' (length mismatch)' : ''}`, 'POST', route, body, ct, c, h, mismatch)),
  })),
  // Other methods on every route.
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'POST', 'GET', 'TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'FOO'),
        fc.constantFrom('/api/chat', '/api/feedback', '/api/handoffs', '/api/search', '/api/collections', '/api/chat/x', '/', '/articles/refund-a-payment', '/admin', '/media/x/y.png'),
        fc.option(bodyOf(fc.anything()), { nil: undefined }),
        cookieValue,
      )
      .map(([m, p, b, c]) => withHeaders(`${m} (other methods)`, m, p, b, 'application/json', c, [], null)),
  },
);

// ---------------------------------------------------------------- sending

/**
 * Sends one request on a new connection and reads the status line.
 * @param base the server, e.g. `http://localhost:3000`; @param timeoutMs per request.
 * @returns the status (0 when none came), whether the connection was dropped or timed out, time in ms.
 */
function send(base: URL, r: FuzzRequest, timeoutMs: number): Promise<FuzzResult> {
  const started = performance.now();
  const incompleteOnPurpose = r.declaredLength !== undefined && r.body !== undefined && r.declaredLength > r.body.length;
  return new Promise((resolve) => {
    const socket = net.connect({ host: base.hostname, port: Number(base.port || 80) });
    let head = '';
    let done = false;
    const finish = (res: Omit<FuzzResult, 'ms' | 'incompleteOnPurpose'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...res, incompleteOnPurpose, ms: performance.now() - started });
    };
    const timer = setTimeout(() => finish({ status: 0, outcome: 'timeout' }), incompleteOnPurpose ? Math.min(timeoutMs, 3000) : timeoutMs);
    let status = 0;
    let errorPage = false;
    socket.on('connect', () => {
      const lines = [`${r.method} ${r.path} HTTP/1.1`, `host: ${base.host}`, 'connection: close', ...r.headers.map(([k, v]) => `${k}: ${v}`)];
      if (r.body !== undefined) lines.push(`content-length: ${r.declaredLength ?? r.body.length}`);
      // Header values go as UTF-8, as browsers send them (only `x-bad` carries CR, LF or NUL).
      socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), r.body ?? Buffer.alloc(0)]));
      // A body shorter than its Content-Length: hang up our side, as a client that gave up would.
      if (incompleteOnPurpose) socket.end();
    });
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      if (status) {
        // The rest of the answer (a streamed chat turn, a page) is read for the error page only.
        const seen = tail + chunk.toString('utf8');
        if (!errorPage && ERROR_PAGE.test(seen)) errorPage = true;
        tail = seen.slice(-100);
        return;
      }
      head += chunk.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (m) {
        status = Number(m[1]);
        // A 5xx is all we need to know; anything else is read to its end, so a cut is seen.
        if (status >= 500) finish({ status, outcome: 'response' });
      } else if (head.length > 65536) finish({ status: 0, outcome: 'dropped', error: 'no status line in 64 KiB' });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A server that refuses a request (4xx) may close while the body is still coming: the reset
      // that follows is TCP's, the answer was given.
      if (status >= 400 || (status && !socket.writableFinished)) finish({ status, outcome: 'response', errorPage });
      // A body over every route's cap (64 KiB) is refused with 413 before it is read; the server
      // then closes, and the reset can reach us before its status line does while we still write
      // (a 2 MB body, EPIPE): the request was refused, not dropped.
      else if (!status && !socket.writableFinished && (r.body?.length ?? 0) > DEFAULT_BODY_LIMIT && (err.code === 'EPIPE' || err.code === 'ECONNRESET')) finish({ status: 413, outcome: 'response' });
      else finish({ status: 0, outcome: 'dropped', error: status ? `${err.code ?? err.message} after status ${status}` : (err.code ?? err.message) });
    });
    socket.on('close', () => finish(status ? { status, outcome: 'response', errorPage } : { status: 0, outcome: 'dropped', error: 'closed before a status line' }));
  });
}

// ---------------------------------------------------------------- server

async function reachable(base: URL): Promise<boolean> {
  try {
    const res = await fetch(new URL('/api/collections', base), { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status < 500;
  } catch {
    return false;
  }
}

async function startServer(base: URL, dataDir: string): Promise<ChildProcess> {
  const next = path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next');
  const port = base.port || '3000';
  console.log(`No server at ${base.origin}; starting \`next start -p ${port}\` (data in ${dataDir}, rate limits off)…`);
  // Started as `npm run start` starts it, listening on every interface: a 500 seen only then
  // (a malformed page address, 2026-12-01) went unnoticed while this passed `-H 127.0.0.1`.
  const child = spawn(process.execPath, [next, 'start', '-p', port], {
    env: { ...process.env, RESOLVE_DATA_DIR: dataDir, RESOLVE_RATE_LIMIT: 'off', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (b: Buffer) => {
    log.push(b.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log.join('').slice(-2000)}`);
    if (await reachable(base)) return child;
    await new Promise((r) => setTimeout(r, 1000));
  }
  child.kill('SIGTERM');
  throw new Error(`next start did not answer within 240 s:\n${log.join('').slice(-2000)}`);
}

/** Fills `known` with real slugs so part of the inputs reach real rows. */
async function learn(base: URL): Promise<void> {
  try {
    const cols = (await (await fetch(new URL('/api/collections', base))).json()) as { collections?: { slug: string; title: string }[] };
    for (const c of cols.collections ?? []) {
      known.collections.push(c.slug, c.title);
      known.products.push(c.slug);
    }
    const hits = (await (await fetch(new URL('/api/search?q=refund%20payout%20invoice&limit=10', base))).json()) as { results?: { slug: string; category?: { slug?: string } | string }[] };
    for (const h of hits.results ?? []) {
      known.slugs.push(h.slug);
      const cat = typeof h.category === 'string' ? h.category : h.category?.slug;
      if (cat) known.categories.push(cat);
    }
  } catch {
    /* the defaults will do */
  }
}

// ---------------------------------------------------------------- main

function describe(r: FuzzRequest): string {
  const p = r.path.length > 160 ? `${r.path.slice(0, 160)}… (${r.path.length} chars)` : r.path;
  const hs = r.headers.map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}…` : v}`).join(' | ');
  const body = r.body ? ` body ${r.body.length} B${r.declaredLength !== undefined ? ` (declared ${r.declaredLength})` : ''}: ${JSON.stringify(r.body.subarray(0, 120).toString('utf8'))}` : '';
  return `${r.method} ${p}${hs ? ` [${hs}]` : ''}${body}`;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        url: { type: 'string', default: 'http://localhost:3000' },
        runs: { type: 'string', default: '10000' },
        concurrency: { type: 'string', default: '8' },
        seed: { type: 'string' },
        timeout: { type: 'string', default: '20000' },
        examples: { type: 'string', default: '5' },
        'data-dir': { type: 'string', default: path.join('.data', 'fuzz') },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (args.help) {
    console.log('Usage: npm run fuzz -- [--url http://localhost:3000] [--runs 10000] [--concurrency 8] [--seed N] [--timeout ms] [--examples 5] [--data-dir .data/fuzz] [--json]');
    return 0;
  }
  const runs = Number(args.runs);
  const concurrency = Number(args.concurrency);
  const timeoutMs = Number(args.timeout);
  const examples = Number(args.examples);
  const seed = args.seed !== undefined ? Number(args.seed) : Math.floor(Math.random() * 2 ** 31);
  if (![runs, concurrency, timeoutMs, examples, seed].every(Number.isInteger) || runs < 1 || concurrency < 1 || timeoutMs < 1) {
    console.error('--runs, --concurrency, --timeout, --examples and --seed take positive integers');
    return 2;
  }
  let base: URL;
  try {
    base = new URL(args.url);
  } catch {
    console.error(`--url is not a URL: ${args.url}`);
    return 2;
  }

  let server: ChildProcess | null = null;
  if (!(await reachable(base))) {
    if (!fs.existsSync(path.join(process.cwd(), '.next', 'BUILD_ID'))) {
      console.error(`Nothing answers at ${base.origin} and there is no build to start (run \`npm run build\` first, or pass --url).`);
      return 2;
    }
    try {
      server = await startServer(base, args['data-dir']);
    } catch (err) {
      console.error((err as Error).message);
      return 2;
    }
  }
  try {
    await learn(base);
    const inputs = fc.sample(requestArbitrary, { numRuns: runs, seed });
    console.log(`Fuzzing ${base.origin}: ${inputs.length} inputs, concurrency ${concurrency}, seed ${seed}`);
    const started = performance.now();
    const results: FuzzResult[] = new Array(inputs.length);
    let next = 0;
    let finished = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const i = next++;
        results[i] = await send(base, inputs[i], timeoutMs);
        if (++finished % 1000 === 0) console.log(`  ${finished}/${inputs.length} (${Math.round((performance.now() - started) / 1000)} s)`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    return report(inputs, results, { seed, seconds, examples, json: args.json });
  } finally {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((r) => (server!.exitCode !== null ? r(null) : server!.once('exit', r)));
    }
  }
}

function report(inputs: FuzzRequest[], results: FuzzResult[], o: { seed: number; seconds: number; examples: number; json: boolean }): number {
  const byClass: Record<string, number> = {};
  const byGroup: Record<string, Record<string, number>> = {};
  const failures: Record<string, string[]> = {};
  const counts = { fiveXx: 0, dropped: 0, timeouts: 0, errorPages: 0, noAnswerOnPurpose: 0 };
  results.forEach((res, i) => {
    const r = inputs[i];
    let cls: string;
    if (res.outcome === 'response') cls = `${Math.floor(res.status / 100)}xx`;
    else if (res.incompleteOnPurpose) cls = 'no answer (body cut on purpose)';
    else cls = res.outcome;
    byClass[cls] = (byClass[cls] ?? 0) + 1;
    byGroup[r.group] ??= {};
    byGroup[r.group][cls] = (byGroup[r.group][cls] ?? 0) + 1;
    let failure: string | null = null;
    if (res.outcome === 'response' && res.status >= 500) {
      counts.fiveXx++;
      failure = `${res.status} on ${r.group}`;
    } else if (res.errorPage) {
      counts.errorPages++;
      failure = `error page served as ${res.status} on ${r.group}`;
    } else if (res.outcome !== 'response' && res.incompleteOnPurpose) counts.noAnswerOnPurpose++;
    else if (res.outcome === 'dropped') {
      counts.dropped++;
      failure = `dropped (${res.error}) on ${r.group}`;
    } else if (res.outcome === 'timeout') {
      counts.timeouts++;
      failure = `timeout on ${r.group}`;
    }
    if (failure) {
      failures[failure] ??= [];
      failures[failure].push(describe(r));
    }
  });
  if (o.json) {
    console.log(
      JSON.stringify(
        {
          seed: o.seed,
          inputs: inputs.length,
          seconds: Math.round(o.seconds),
          byClass,
          byGroup,
          ...counts,
          failures: Object.fromEntries(Object.entries(failures).map(([k, v]) => [k, { count: v.length, examples: v.slice(0, o.examples) }])),
        },
        null,
        2,
      ),
    );
  } else {
    console.log(`\n${inputs.length} inputs in ${o.seconds.toFixed(0)} s (${(inputs.length / o.seconds).toFixed(0)}/s), seed ${o.seed}`);
    console.log(
      `by status class: ${Object.entries(byClass)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log('by route:');
    for (const [g, c] of Object.entries(byGroup).sort())
      console.log(
        `  ${g.padEnd(42)} ${Object.entries(c)
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      );
    console.log(
      `5xx: ${counts.fiveXx}, dropped connections: ${counts.dropped}, timeouts: ${counts.timeouts}, error pages with a non-5xx status: ${counts.errorPages} (cut bodies left unanswered, expected: ${counts.noAnswerOnPurpose})`,
    );
    for (const [k, list] of Object.entries(failures).sort((a, b) => b[1].length - a[1].length)) {
      console.log(`\n${list.length} × ${k}, e.g.:`);
      for (const e of list.slice(0, o.examples)) console.log(`  ${e}`);
    }
  }
  const failed = counts.fiveXx + counts.dropped + counts.timeouts + counts.errorPages;
  console.log(
    failed
      ? `\nFAIL: ${failed} inputs got a 5xx, a dropped connection, no answer or the error page (reproduce with --seed ${o.seed} --runs ${inputs.length}).`
      : '\nOK: no 5xx and no dropped connection.',
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
