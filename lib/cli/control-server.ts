/**
 * The server side of "CLI commands while the site runs" (lib/cli/forward.ts): an HTTP server on a
 * Unix socket in the data folder (mode 0600: only the user that runs the app may connect), started
 * from instrumentation.ts when the app uses the embedded database. `POST /run` with
 * `{ "command": "import", "argv": ["../shared/corpus/x"] }` runs that script's `main` in this
 * process — one command at a time, in arrival order — and streams its output as NDJSON lines
 * (`{ "stream": "stdout", "text": "…" }`, then `{ "exit": 0 }`).
 */
import 'server-only';
import fs from 'node:fs';
import http from 'node:http';
import { z } from 'zod';
import { env } from '@/lib/env';
import { runForwarded } from './context';
import { controlSocketPath, forwardableCommands, markControlServer, type ControlLine, type ForwardableCommand } from './forward';

const requestSchema = z.object({
  command: z.enum(forwardableCommands),
  argv: z.array(z.string().max(4096)).max(64),
});

/** Each command's `main`, loaded on first use (the scripts export it; their `runCli` stays idle here). */
const commands: Record<ForwardableCommand, () => Promise<{ main: () => Promise<number> }>> = {
  import: () => import('@/scripts/import'),
  'admin:create': () => import('@/scripts/admin-create'),
  'db:seed': () => import('@/scripts/seed'),
  'db:migrate': () => import('@/scripts/migrate'),
  'db:backup': () => import('@/scripts/db-backup'),
  eval: () => import('@/scripts/eval'),
  'train:answerability': () => import('@/scripts/train-answerability'),
  export: () => import('@/scripts/export'),
  reindex: () => import('@/scripts/reindex'),
};

const MAX_BODY_BYTES = 300_000;

const globalForControl = globalThis as unknown as { __resolveControlListening?: http.Server };

/**
 * Starts the control socket once per process (a no-op with DATABASE_URL, or when already started).
 * @returns the socket path, or null when not started.
 * @throws nothing: a socket that cannot be opened is logged and the CLI then reports the held
 *   database as before.
 */
export async function startControlServer(): Promise<string | null> {
  const e = env();
  if (e.DATABASE_URL || globalForControl.__resolveControlListening) return null;
  markControlServer();
  const socketPath = controlSocketPath(e.dataDir);
  let queue: Promise<unknown> = Promise.resolve();
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/run') {
      res.writeHead(404).end('POST /run only');
      return;
    }
    let body = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      body += d;
      if (body.length > MAX_BODY_BYTES) {
        tooLarge = true;
        req.destroy();
      }
    });
    req.on('end', () => {
      if (tooLarge) return;
      let parsed;
      try {
        parsed = requestSchema.safeParse(JSON.parse(body));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        res.writeHead(400).end(`expected {"command": one of ${forwardableCommands.join(', ')}, "argv": [strings]}`);
        return;
      }
      const { command, argv } = parsed.data;
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-resolve-pid': String(process.pid) });
      const send = (line: ControlLine) => {
        if (!res.destroyed) res.write(`${JSON.stringify(line)}\n`);
      };
      const job = queue.then(async () => {
        let code = 1;
        try {
          const { main } = await commands[command]();
          code = await runForwarded(argv, (stream, text) => send({ stream, text }), main);
        } catch (err) {
          send({ stream: 'stderr', text: `${err instanceof Error ? err.message : String(err)}\n` });
        }
        send({ exit: code });
        res.end();
      });
      queue = job.catch(() => {});
    });
  });
  try {
    // The server holds the data folder's lock, so a socket file left here is a dead server's.
    fs.mkdirSync(e.dataDir, { recursive: true });
    fs.rmSync(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    fs.chmodSync(socketPath, 0o600);
    server.unref();
    globalForControl.__resolveControlListening = server;
    process.once('exit', () => fs.rmSync(socketPath, { force: true }));
    return socketPath;
  } catch (err) {
    console.error('[resolve] the CLI control socket could not be opened; CLI commands will ask to stop the server:', (err as Error).message);
    return null;
  }
}
