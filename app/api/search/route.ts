import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/route';
import { publicSearchResponse, visitorSearch } from '@/lib/search/hybrid';
import { MAX_QUERY_CHARS } from '@/lib/search/limits';
import { resolveProduct } from '@/db/queries/collections';
import { methodNotAllowed } from '@/lib/http';
import { knownProductSlug } from '@/lib/public-slugs';

export const dynamic = 'force-dynamic';

/** An absent or empty parameter takes its default. */
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

const paramsSchema = z.object({
  q: z.string().default(''),
  limit: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d{1,3}$/, 'limit must be a whole number from 1 to 50')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 50, 'limit must be a whole number from 1 to 50')
      .default(10),
  ),
  collection: z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(100, 'collection must be at most 100 characters')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
      .refine((c) => !/[\u0000-\u001f\u007f]/.test(c), 'collection must not contain control characters')
      .optional(),
  ),
  prefix: z.preprocess(blankToUndefined, z.enum(['0', '1', 'true', 'false'], 'prefix must be 0, 1, true or false').default('0')),
});

/**
 * GET /api/search?q=&limit=&collection=&prefix=1 → { query, results: [{ slug, title, source, snippet,
 * highlights, score, category, anchor }], keywordEmpty, didYouMean }. Blank q → no results; q over 500
 * characters (code points) → 400; limit not a whole number 1–50, prefix not 0/1/true/false or a
 * collection name with control characters → 400; an unknown collection (names match
 * case-insensitively, by slug or title) → 404 naming the valid ones; 429 with Retry-After
 * past the per-client rate limit. A new visitor gets its cookie with the answer.
 */
export const GET = route({ rateLimit: 'search' }, async ({ req, clientId }) => {
  const url = new URL(req.url);
  // A repeated parameter counts once, by its first value (as the /search page reads it).
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) if (!(key in params)) params[key] = value;
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw new AppError('bad_request:query', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const q = parsed.data.q.replaceAll('\u0000', '').trim();
  // Characters as a reader counts them (code points), not UTF-16 units.
  if ([...q].length > MAX_QUERY_CHARS) throw new AppError('bad_request:query', `The search text is too long (at most ${MAX_QUERY_CHARS} characters).`);
  const db = await getAppDb();
  // Names match case-insensitively (slug or title); an unknown one is a 404 listing the valid names,
  // with or without a query.
  const name = parsed.data.collection;
  const collection = name ? (knownProductSlug(name) ?? (await resolveProduct(db, name)).slug) : undefined;
  if (!q) return Response.json({ query: '', results: [], keywordEmpty: true });
  const res = await visitorSearch(db, { query: q, limit: parsed.data.limit, collection, prefix: parsed.data.prefix === '1' || parsed.data.prefix === 'true', clientId });
  return Response.json(publicSearchResponse(res));
});

const notAllowed = methodNotAllowed(['GET']);
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
