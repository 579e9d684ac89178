/**
 * Creates a staff account, by default an admin (the first admin of a new site).
 *   npm run admin:create -- --email <email> --password <password> [--name <name>] [--role admin|editor|viewer]
 * Works while the server runs on the embedded database (the server runs it; lib/cli/forward.ts).
 * Exit codes: 0 created, 1 failed (duplicate email, database unavailable), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { getDb } from '@/db/client';
import { createStaffUser, newUserSchema } from '@/lib/auth/users';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { AppError } from '@/lib/errors';

const usage = `Usage: npm run admin:create -- --email <email> --password <password> [--name <name>] [--role admin|editor|viewer]
  --email     the user's email address
  --password  at least 12 characters (there is no default)
  --name      shown in the admin (optional)
  --role      admin (default), editor or viewer`;

/** The command: exit code 0, 1 or 2 (see above). */
export async function main(): Promise<number> {
  let values: { email?: string; password?: string; name?: string; role?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: cliArgs(),
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const missing = (['email', 'password'] as const).filter((k) => !values[k]);
  if (missing.length) {
    console.error(`Missing ${missing.map((m) => `--${m}`).join(' and ')}.\n\n${usage}`);
    return 2;
  }
  const parsed = newUserSchema.safeParse({ email: values.email, password: values.password, name: values.name, role: values.role ?? 'admin' });
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => i.message).join(' ')}\n\n${usage}`);
    return 2;
  }

  try {
    // Migrated is enough: an admin needs no sample content (the server seeds an empty database).
    const db = await getDb();
    const { user } = await createStaffUser(db, parsed.data);
    console.log(`${user.role === 'admin' ? 'Admin' : `User (${user.role})`} ${user.email} created`);
    return 0;
  } catch (err) {
    // AppError messages (duplicate email, database locked by another process) are meant for people.
    if (err instanceof AppError) console.error(err.message);
    else console.error('Could not create the user:', (err as Error)?.message ?? err);
    return 1;
  } finally {
    await closeCliDb().catch(() => {});
  }
}

runCli('admin:create', main);
