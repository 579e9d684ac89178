/**
 * Creates an admin user.
 *   npm run admin:create -- --email <email> --password <password>
 * Exit codes: 0 created, 1 failed (duplicate email, database unavailable), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '@/db/client';
import { createAdminUser, newAdminSchema } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';

const usage = `Usage: npm run admin:create -- --email <email> --password <password>
  --email     the admin's email address
  --password  at least 12 characters (there is no default)`;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

async function main(): Promise<void> {
  let values: { email?: string; password?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${usage}`, 2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const missing = (['email', 'password'] as const).filter((k) => !values[k]);
  if (missing.length) fail(`Missing ${missing.map((m) => `--${m}`).join(' and ')}.\n\n${usage}`, 2);
  const parsed = newAdminSchema.safeParse({ email: values.email, password: values.password });
  if (!parsed.success) fail(`${parsed.error.issues.map((i) => i.message).join(' ')}\n\n${usage}`, 2);

  try {
    // Migrated is enough: an admin needs no sample content (the server seeds an empty database).
    const db = await getDb();
    const user = await createAdminUser(db, parsed.data);
    console.log(`Admin ${user.email} created`);
  } catch (err) {
    // AppError messages (duplicate email, database locked by another process) are meant for people.
    if (err instanceof AppError) console.error(err.message);
    else console.error('Could not create the admin:', (err as Error)?.message ?? err);
    process.exitCode = 1;
  } finally {
    await closeDb().catch(() => {});
  }
}

void main();
