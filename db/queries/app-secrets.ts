/**
 * Secrets the app makes for itself (db/schema.ts `appSecrets`), shared by every instance on one
 * database.
 */
import 'server-only';
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { appSecrets } from '../schema';

/**
 * The stored secret `name`, stored first as `candidate` when there is none (an upsert that keeps
 * the first writer's value, so two instances starting at once agree).
 * @returns the stored value.
 */
export async function getOrCreateSecret(db: Db, args: { name: string; candidate: string }): Promise<string> {
  await db.insert(appSecrets).values({ name: args.name, value: args.candidate }).onConflictDoNothing();
  const [row] = await db.select({ value: appSecrets.value }).from(appSecrets).where(eq(appSecrets.name, args.name)).limit(1);
  return row.value;
}
