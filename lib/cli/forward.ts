/**
 * CLI commands while the site runs. The embedded database (PGlite) is single-process: while
 * `npm run dev` or `npm run start` holds it, another process cannot open it, and a second
 * connection through a socket would interleave with the server's own transactions. So a command
 * that needs the app's database while a server holds it is run *by that server*: the CLI sends its
 * arguments over a Unix socket in the data folder (lib/cli/control-server.ts), the server runs the
 * same `main` in its process, on its open database, and streams the output back; the CLI prints it
 * and exits with the command's exit code. With DATABASE_URL (a Postgres server) nothing is
 * forwarded: every process opens its own connections.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { closeDb, embeddedLockHolder } from '@/db/client';
import { env } from '@/lib/env';
import { inForwardedCommand } from './context';

/** The commands a running server accepts from the CLI (scripts/*.ts, by their npm script name). */
export const forwardableCommands = ['import', 'admin:create', 'db:seed', 'db:migrate', 'db:backup', 'eval', 'train:answerability', 'export', 'reindex'] as const;
export type ForwardableCommand = (typeof forwardableCommands)[number];

/** One line of the control protocol's response (NDJSON): output, or the exit code last. */
export type ControlLine = { stream: 'stdout' | 'stderr'; text: string } | { exit: number };

/**
 * The control socket of a data folder: `<data dir>/control.sock`, or — when that path is too long
 * for a Unix socket (about 104 bytes on Linux and macOS) — a name in the temp folder derived from it.
 * @param dataDir the absolute data folder (`env().dataDir`).
 * @returns the socket path both the server and the CLI use.
 */
export function controlSocketPath(dataDir: string): string {
  const inFolder = path.join(dataDir, 'control.sock');
  if (Buffer.byteLength(inFolder) <= 100) return inFolder;
  return path.join(os.tmpdir(), `resolve-${crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

const globalForControl = globalThis as unknown as { __resolveControlServer?: boolean };

/** Marks this process as the server that runs forwarded commands (script modules then only export `main`). */
export function markControlServer(): void {
  globalForControl.__resolveControlServer = true;
}

/**
 * Closes the app's database at the end of a command run in its own process; inside a forwarded
 * command it does nothing (the database is the server's).
 */
export async function closeCliDb(): Promise<void> {
  if (!inForwardedCommand()) await closeDb();
}

/**
 * Entry point of a CLI script: runs `main` here, or forwards the command to the running server
 * that holds the embedded database, then exits with the command's exit code. Inside the server
 * (which imports the script module to reach `main`) it does nothing.
 * @param name the command's npm script name.
 * @param main the command; resolves to its exit code (0 ok, 1 failed, 2 bad arguments).
 * @param needsAppDb whether this invocation uses the app's database (default: always); a command
 *   that does not (an eval without `--save`) runs here even while a server holds it.
 */
export function runCli(name: ForwardableCommand, main: () => Promise<number>, needsAppDb: (argv: string[]) => boolean = () => true): void {
  if (globalForControl.__resolveControlServer) return;
  const argv = process.argv.slice(2);
  const run = async (): Promise<number> => {
    const e = env();
    const held = !e.DATABASE_URL && needsAppDb(argv) ? embeddedLockHolder(path.join(e.dataDir, 'pglite')) : null;
    if (held !== null) {
      const forwarded = await forward(controlSocketPath(e.dataDir), name, argv);
      if (forwarded !== null) return forwarded;
      // No control socket answered (an older server, or one still starting): run here, which
      // reports the held database with the process that holds it.
    }
    return main();
  };
  run().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

/**
 * Sends a command to the server's control socket and relays its output.
 * @returns the command's exit code, or null when no server answered on the socket.
 */
function forward(socketPath: string, command: ForwardableCommand, argv: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    let started = false;
    const req = http.request({ socketPath, path: '/run', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      started = true;
      if (res.statusCode !== 200) {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          console.error(`The running server refused the command (${res.statusCode}): ${body.trim()}`);
          resolve(1);
        });
        return;
      }
      console.error(`(run by the server that holds the embedded database, pid ${res.headers['x-resolve-pid'] ?? '?'})`);
      let buffer = '';
      let exit: number | null = null;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buffer += d;
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (!line) continue;
          const msg = JSON.parse(line) as ControlLine;
          if ('exit' in msg) exit = msg.exit;
          else process[msg.stream].write(msg.text);
        }
      });
      res.on('end', () => {
        if (exit === null) console.error('The server stopped before the command finished.');
        resolve(exit ?? 1);
      });
      res.on('error', () => resolve(exit ?? 1));
    });
    req.on('error', () => {
      if (!started) resolve(null);
      else resolve(1);
    });
    req.end(JSON.stringify({ command, argv }));
  });
}
