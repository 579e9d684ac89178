/** Collections: each imported folder (and the bundled sample, `resolve`) is one product's articles. */
import 'server-only';
import { sql } from 'drizzle-orm';
import { AppError } from '@/lib/errors';
import { rows, type Db } from '../client';

/** A product as the help center shows it. */
export interface Product {
  /** Collection name as stored on articles, e.g. `polar-docs`. */
  slug: string;
  title: string;
  description: string;
  /** `#rgb` / `#rrggbb` or null. */
  color: string | null;
  position: number;
  locale: string;
  /** Published articles. */
  articles: number;
  /** Whether the admin has edited the product (imports then keep its title, description, colour). */
  edited: boolean;
}

/** Title of a collection that has no row yet: `polar-docs` → `Polar Docs` (same as migration 0006). */
export const FALLBACK_TITLE = (col: ReturnType<typeof sql>) => sql`initcap(replace(replace(${col}, '-', ' '), '_', ' '))`;

/**
 * Products that have at least one published article, in home-page order (position, then title).
 * Collections without a `collections` row (articles written before migration 0006 ran on an empty
 * table) get a title from their name.
 * @returns `Product[]`, possibly empty.
 * @throws database errors.
 */
export async function listProducts(db: Db): Promise<Product[]> {
  return rows<Product>(
    db,
    sql`select a.collection as slug, coalesce(c.title, ${FALLBACK_TITLE(sql`a.collection`)}) as title,
               coalesce(c.description, '') as description, c.color, coalesce(c.position, 0)::int as position,
               coalesce(c.locale, 'en') as locale, count(*)::int as articles, coalesce(c.edited, false) as edited
        from articles a left join collections c on c.slug = a.collection
        where a.status = 'published'
        group by a.collection, c.slug
        order by coalesce(c.position, 0), 2, 1`,
  );
}

/**
 * The names users say for a product besides its title: its slug, the slug without a "-docs"-like
 * ending ("btcpay-docs" → "btcpay", "spree-user-docs" → "spree", also with spaces for hyphens),
 * and the title's first word when it has 4+ letters ("spree" of "Spree Commerce").
 * @param p the product's slug and title.
 * @returns lowercased names of 3+ characters, without duplicates, slug first.
 */
export function productShortNames(p: { slug: string; title?: string }): string[] {
  const slug = p.slug.toLowerCase();
  const base = slug.replace(/[-_](user[-_])?(docs|help|kb|documentation)$/, '');
  const first = p.title?.toLowerCase().trim().split(/\s+/)[0] ?? '';
  return [...new Set([slug, base, base.replace(/[-_]/g, ' '), first.length >= 4 ? first : ''])].filter((x) => x.length >= 3);
}

/**
 * The product a name means, case-insensitively: its slug or title, or else a short name as users
 * say it (productShortNames: "btcpay", "spree") when that names one product only.
 * @param products the products to pick from; @param name what the user or client sent.
 * @returns the product, or undefined for none (or a short name several products share).
 */
export function findProduct<P extends { slug: string; title: string }>(products: P[], name: string): P | undefined {
  const key = name.trim().toLowerCase();
  if (!key) return undefined;
  const hit = products.find((p) => p.slug.toLowerCase() === key) ?? products.find((p) => p.title.toLowerCase() === key);
  if (hit) return hit;
  const short = products.filter((p) => productShortNames(p).includes(key));
  return short.length === 1 ? short[0] : undefined;
}

/**
 * Finds a product by name, case-insensitively, among the products with published articles.
 * @param name what the user or client sent: slug or title (`Polar-Docs`, `polar`), or a short name
 *   that names one product only (`btcpay` for `btcpay-docs`, `spree` for "Spree Commerce").
 * @returns the product.
 * @throws AppError `not_found:collection` (404) naming the valid names when none matches.
 */
export async function resolveProduct(db: Db, name: string): Promise<Product> {
  const products = await listProducts(db);
  const hit = findProduct(products, name);
  if (hit) return hit;
  const valid = products.map((p) => (p.title.toLowerCase() === p.slug.toLowerCase() ? p.slug : `${p.slug} (${p.title})`));
  throw new AppError('not_found:collection', `There is no collection named “${name.trim()}”. ${valid.length ? `Valid names: ${valid.join(', ')}.` : 'The help center has no published articles yet.'}`);
}

/**
 * Writes the product info an import read (title, description, colour) unless the admin has edited
 * the product since.
 * @param p.slug collection name; @param p.title non-empty; @param p.color `#rgb`/`#rrggbb` or null.
 * @throws database errors.
 */
export async function upsertImportedCollection(db: Db, p: { slug: string; title: string; description: string; color: string | null }): Promise<void> {
  await db.execute(sql`
    insert into collections (slug, title, description, color) values (${p.slug}, ${p.title}, ${p.description}, ${p.color})
    on conflict (slug) do update set title = excluded.title, description = excluded.description, color = excluded.color, updated_at = now()
    where collections.edited = false
      and (collections.title, collections.description, collections.color) is distinct from (excluded.title, excluded.description, excluded.color)`);
}

/**
 * Saves the admin's edit of a product; imports keep these values from then on.
 * @param p.slug an existing collection; other fields as in `Product` (`locale` absent: kept, 'en' for a new row).
 * @throws AppError `not_found:collection` when no article has that collection; database errors.
 */
export async function updateProduct(db: Db, p: { slug: string; title: string; description: string; color: string | null; locale?: string; position: number }): Promise<void> {
  const exists = await rows(db, sql`select 1 from articles where collection = ${p.slug} limit 1`);
  if (!exists.length) throw new AppError('not_found:collection', `There is no collection named “${p.slug}”.`);
  await db.execute(sql`
    insert into collections (slug, title, description, color, locale, position, edited) values (${p.slug}, ${p.title}, ${p.description}, ${p.color}, ${p.locale ?? 'en'}, ${p.position}, true)
    on conflict (slug) do update set title = excluded.title, description = excluded.description, color = excluded.color,
      locale = ${p.locale ?? sql`collections.locale`}, position = excluded.position, edited = true, updated_at = now()`);
}

/**
 * The categories of each product with the most published articles, for the home page's cards.
 * @param perProduct how many per product (default 3).
 * @returns `{ collection, slug, name, articles }[]`, per collection by article count desc, then position.
 * @throws database errors.
 */
export async function topCategoriesByProduct(db: Db, perProduct = 3): Promise<{ collection: string; slug: string; name: string; articles: number }[]> {
  return rows(
    db,
    sql`select collection, slug, name, articles from (
          select cat.collection, cat.slug, cat.name, count(a.id)::int as articles,
                 row_number() over (partition by cat.collection order by count(a.id) desc, cat.position, cat.id) as rn
          from categories cat join articles a on a.category_id = cat.id and a.status = 'published'
          group by cat.id) x
        where rn <= ${perProduct} order by collection, rn`,
  );
}

/**
 * A cheap fingerprint of the published content: changes whenever an article is published,
 * unpublished or edited.
 * @returns `"<count>:<latest updated_at in ms>"`.
 * @throws database errors.
 */
export async function publishedContentVersion(db: Db): Promise<string> {
  const [r] = await rows<{ n: number; t: string | null }>(db, sql`select count(*)::int as n, (extract(epoch from max(updated_at)) * 1000)::bigint::text as t from articles where status = 'published'`);
  return `${r.n}:${r.t ?? 0}`;
}

/**
 * Every chunk of every published article, as text for term statistics.
 * @returns `{ collection, text }` per chunk (title, heading path and content joined).
 * @throws database errors.
 */
export async function listPublishedChunkTexts(db: Db): Promise<{ collection: string; text: string }[]> {
  return rows<{ collection: string; text: string }>(
    db,
    sql`select a.collection, concat_ws(' ', a.title, c.heading_path, c.content) as text
        from article_chunks c join articles a on a.id = c.article_id where a.status = 'published'`,
  );
}

/**
 * Every address segment a static public page can answer for: published articles' slugs and their
 * old slugs (which answer 308), categories' slugs, products with published articles.
 * @returns three lists of slugs (the caller keeps them as sets; ~40 bytes each).
 * @throws database errors.
 */
export async function listPublicSlugs(db: Db): Promise<{ articles: string[]; categories: string[]; products: string[] }> {
  const [a, c, p] = await Promise.all([
    rows<{ slug: string }>(
      db,
      sql`select slug from articles where status = 'published'
          union all select h.slug from article_slug_history h join articles a on a.id = h.article_id where a.status = 'published'`,
    ),
    rows<{ slug: string }>(db, sql`select slug from categories`),
    rows<{ slug: string }>(db, sql`select distinct collection as slug from articles where status = 'published'`),
  ]);
  return { articles: a.map((r) => r.slug), categories: c.map((r) => r.slug), products: p.map((r) => r.slug) };
}

/**
 * A cheap fingerprint of `listPublicSlugs`' answer: published articles (count, latest change),
 * old slugs and categories (count, highest id).
 * @returns an opaque string that changes when a slug is added, renamed or removed (a category
 *   renamed in place aside: its stale slug only costs an uncached render, see lib/public-slugs.ts).
 * @throws database errors.
 */
export async function publicSlugsVersion(db: Db): Promise<string> {
  const [r] = await rows<{ v: string }>(
    db,
    sql`select concat_ws(':',
          (select count(*) from articles where status = 'published'),
          (select (extract(epoch from max(updated_at)) * 1000)::bigint from articles where status = 'published'),
          (select count(*) from article_slug_history),
          (select count(*) from categories), (select max(id) from categories)) as v`,
  );
  return r.v;
}
