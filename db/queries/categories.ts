/**
 * Category management for the admin: list with article counts, create, rename, reorder. Positions
 * are per collection (ascending); reordering renumbers the collection 0, 1, 2… in one transaction.
 */
import 'server-only';
import { and, asc, eq, like, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { AppError } from '@/lib/errors';
import { articles, categories } from '../schema';

export interface AdminCategory {
  id: number;
  slug: string;
  name: string;
  collection: string;
  position: number;
  /** Articles in the category, any status. */
  articleCount: number;
}

/** Every category with its article count, by collection then position. */
export async function listCategoriesForAdmin(db: Db): Promise<AdminCategory[]> {
  return db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      collection: categories.collection,
      position: categories.position,
      // Qualified by hand: interpolated, `categories.id` is written as a bare "id", which inside the
      // subquery means a.id (every category showed "1 article").
      articleCount: sql<number>`(select count(*) from ${articles} a where a.category_id = "categories"."id")`.mapWith(Number),
    })
    .from(categories)
    .orderBy(sql`${categories.collection} <> 'resolve'`, asc(categories.collection), asc(categories.position), asc(categories.id));
}

/**
 * Creates a category at the end of its collection.
 * @param args.slug the wanted slug (already shaped); `-2`, `-3`… is added when it is taken (by
 *   another product's category).
 * @returns the new row's id and slug.
 * @throws AppError `conflict:category` when the product already has a category of that name
 *   (case and surrounding spaces ignored): two "Orders" in one product read as one.
 */
export async function createCategory(db: Db, args: { name: string; slug: string; collection: string }): Promise<{ id: number; slug: string }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [same] = await tx
      .select({ name: categories.name })
      .from(categories)
      .where(and(eq(categories.collection, args.collection), sql`lower(trim(${categories.name})) = lower(trim(${args.name}))`))
      .limit(1);
    if (same) throw new AppError('conflict:category', `This product already has a category named “${same.name}”. Pick another name, or rename that one.`);
    const taken = new Set(
      (
        await tx
          .select({ slug: categories.slug })
          .from(categories)
          .where(or(eq(categories.slug, args.slug), like(categories.slug, `${args.slug}-%`)))
      ).map((r) => r.slug),
    );
    let slug = args.slug;
    for (let i = 2; taken.has(slug); i++) slug = `${args.slug}-${i}`;
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${categories.position}) + 1, 0)`.mapWith(Number) })
      .from(categories)
      .where(eq(categories.collection, args.collection));
    const [row] = await tx.insert(categories).values({ name: args.name, slug, collection: args.collection, position: next }).returning({ id: categories.id, slug: categories.slug });
    return row;
  });
}

/**
 * Renames a category (its slug, and so its address, stays).
 * @throws AppError `not_found:category`.
 */
export async function renameCategory(db: Db, args: { id: number; name: string }): Promise<void> {
  const rows = await db.update(categories).set({ name: args.name }).where(eq(categories.id, args.id)).returning({ id: categories.id });
  if (rows.length === 0) throw new AppError('not_found:category', 'That category no longer exists.');
}

/**
 * Moves a category one place up or down within its collection; at either end nothing changes.
 * @throws AppError `not_found:category`.
 */
export async function moveCategory(db: Db, args: { id: number; direction: 'up' | 'down' }): Promise<void> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [cat] = await tx.select().from(categories).where(eq(categories.id, args.id)).limit(1);
    if (!cat) throw new AppError('not_found:category', 'That category no longer exists.');
    const siblings = await tx.select({ id: categories.id }).from(categories).where(eq(categories.collection, cat.collection)).orderBy(asc(categories.position), asc(categories.id)).for('update');
    const order = siblings.map((s) => s.id);
    const i = order.indexOf(cat.id);
    const j = args.direction === 'up' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    for (let k = 0; k < order.length; k++) {
      await tx
        .update(categories)
        .set({ position: k })
        .where(and(eq(categories.id, order[k]), eq(categories.collection, cat.collection)));
    }
  });
}
