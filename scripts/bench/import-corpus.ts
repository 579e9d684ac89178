/**
 * Imports a corpus folder the way a user does (`npm run import -- <folder>`), as a child process with
 * the given environment (its RESOLVE_DATA_DIR or DATABASE_URL picks the database).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * @param folder a docs folder (Mintlify MDX or VuePress Markdown); @param env the child's environment.
 * @throws when the import exits with a non-zero code (its output went to this process's stdout/stderr).
 */
export function importCorpus(folder: string, env: NodeJS.ProcessEnv): void {
  const res = spawnSync(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), '--conditions=react-server', path.join('scripts', 'import.ts'), folder], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`import of ${folder} exited with ${res.status ?? res.signal}`);
}
