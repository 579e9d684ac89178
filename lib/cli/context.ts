/**
 * The context a CLI command runs in. A command (scripts/*.ts `main`) runs either in its own
 * process (`npm run import …`) or, when the embedded database is held by a running server, inside
 * that server on behalf of the CLI (lib/cli/control.ts). In the server, each command runs in an
 * AsyncLocalStorage context that carries its arguments and where its output goes: `console.*`
 * and `process.stdout/stderr.write` made inside that context are sent to the CLI instead of the
 * server's log (https://nodejs.org/api/async_context.html#class-asynclocalstorage).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

/** Where a forwarded command's output goes: `stream` is the CLI's stdout or stderr. */
export type CliSink = (stream: 'stdout' | 'stderr', text: string) => void;

interface CliContext {
  argv: string[];
  sink: CliSink;
}

const globalForCli = globalThis as unknown as { __resolveCliContext?: AsyncLocalStorage<CliContext>; __resolveCliCapture?: boolean };
globalForCli.__resolveCliContext ??= new AsyncLocalStorage<CliContext>();
const storage = globalForCli.__resolveCliContext;

/**
 * The command's arguments: those the CLI sent when forwarded, else this process's.
 * @returns the arguments after the script name (e.g. `['../shared/corpus/x', '--collection', 'y']`).
 */
export function cliArgs(): string[] {
  return storage.getStore()?.argv ?? process.argv.slice(2);
}

/** True inside a command forwarded to (and running in) the server process. */
export function inForwardedCommand(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * Runs `fn` as a forwarded command: its arguments are `argv`, its output goes to `sink`.
 * Installs the console/stdout capture once per process.
 * @returns what `fn` returns (the command's exit code).
 */
export function runForwarded<T>(argv: string[], sink: CliSink, fn: () => Promise<T>): Promise<T> {
  installCapture();
  return storage.run({ argv, sink }, fn);
}

function installCapture(): void {
  if (globalForCli.__resolveCliCapture) return;
  globalForCli.__resolveCliCapture = true;
  const wrapConsole = (name: 'log' | 'info' | 'warn' | 'error', stream: 'stdout' | 'stderr') => {
    const original = console[name].bind(console);
    console[name] = (...args: unknown[]) => {
      const ctx = storage.getStore();
      if (ctx) ctx.sink(stream, `${format(...args)}\n`);
      else original(...args);
    };
  };
  wrapConsole('log', 'stdout');
  wrapConsole('info', 'stdout');
  wrapConsole('warn', 'stderr');
  wrapConsole('error', 'stderr');
  for (const stream of ['stdout', 'stderr'] as const) {
    const target = process[stream];
    const original = target.write.bind(target) as (...a: unknown[]) => boolean;
    target.write = ((chunk: unknown, ...rest: unknown[]) => {
      const ctx = storage.getStore();
      if (!ctx) return original(chunk, ...rest);
      ctx.sink(stream, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      cb?.();
      return true;
    }) as typeof target.write;
  }
}
