/**
 * A real `next start` of the build for the instance tests: a free port (or the one given), the
 * environment given, output collected, ready once start-up has finished (`/api/collections`
 * answers 200, which waits for migrate and seed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const NEXT_BIN = path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface NextServer {
  port: number;
  proc: ChildProcess;
  /** Everything the server printed so far. */
  log: string[];
  /** SIGTERM, then wait for the exit. */
  stop: () => Promise<void>;
}

/**
 * Starts `next start` and waits until it is ready.
 * @param opts.env the server's environment; `opts.port` a fixed port (else a free one);
 *   `opts.readyTimeoutMs` default 150 s.
 * @throws when the server exits or is not ready in time (with its output).
 */
export async function startNextServer(opts: { env: NodeJS.ProcessEnv; port?: number; readyTimeoutMs?: number }): Promise<NextServer> {
  const port = opts.port ?? (await freePort());
  const proc = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  for (const s of [proc.stdout, proc.stderr]) s?.on('data', (d: Buffer) => log.push(d.toString()));
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 150_000);
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`next start exited with ${proc.exitCode}:\n${log.join('')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/collections`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start not ready in time:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return { port, proc, log, stop };
}
