/**
 * The content API's request and response shapes (zod), shared by the route handlers and the
 * OpenAPI document (lib/content-api/openapi.ts, via zod-openapi), so the file cannot drift from
 * what the routes accept.
 */
import { z } from 'zod';
import { articleStatus } from '@/db/schema';
import { articleInputSchema, MAX_BODY_BYTES } from '@/lib/content/save';

// The field rules are the save path's own (lib/content/save.ts `articleInputSchema`), so the API
// refuses exactly what a save would, with the same messages; only the documentation is added here.
const fields = articleInputSchema.shape;
const titleSchema = fields.title.meta({ example: 'Refund a payment' });
const bodySchema = fields.body.meta({
  description: `Markdown (CommonMark + GFM), at most ${MAX_BODY_BYTES} bytes of UTF-8 with LF line ends (CRLF is stored as LF)`,
  example: 'Open **Payments**, pick the payment and press **Refund**.',
});
// `summary` and `categoryId` without the save path's defaults: a PATCH that leaves them out keeps them.
const summarySchema = fields.summary.unwrap().meta({ example: 'How to refund all or part of a payment.' });
const slugSchema = fields.slug.unwrap().meta({ description: 'URL name: /articles/<slug>', example: 'refund-a-payment' });
const categoryIdSchema = fields.categoryId.unwrap().meta({ description: 'A category id, or null for none' });

export const articleCreateSchema = z
  .strictObject({
    title: titleSchema,
    body: bodySchema,
    summary: summarySchema.optional(),
    slug: slugSchema.optional(),
    categoryId: categoryIdSchema.optional(),
    status: z.enum(['draft', 'published']).optional().meta({ description: 'default draft' }),
  })
  .meta({ id: 'ArticleCreate' });

export const articlePatchSchema = z
  .strictObject({
    title: titleSchema.optional(),
    body: bodySchema.optional(),
    summary: summarySchema.optional(),
    slug: slugSchema.optional(),
    categoryId: categoryIdSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'send at least one of title, body, summary, slug, categoryId')
  .meta({ id: 'ArticlePatch', description: 'Fields to change; the others keep their values. Status changes go through publish/unpublish.' });

export const articleSchema = z
  .object({
    id: z.number().int(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    status: z.enum(articleStatus),
    categoryId: z.number().int().nullable(),
    collection: z.string().meta({ description: 'The product (collection) the article belongs to' }),
    sourceId: z.string().nullable().meta({ description: '<folder>/<path> for imported articles' }),
    sourceUrl: z.string().nullable(),
    version: z.number().int().meta({ description: 'Increments on every change; the ETag is made from it' }),
    url: z.string().meta({ description: 'Path of the public page' }),
    publishedAt: z.string().nullable().meta({ description: 'ISO 8601' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Article' });

const articleListItemSchema = articleSchema.omit({ body: true }).meta({ id: 'ArticleListItem' });

export const articleListQuerySchema = z.object({
  status: z.enum(articleStatus).optional().meta({ description: 'only articles with this status' }),
  collection: z.string().min(1).max(100).optional().meta({ description: 'only this product (collection slug)' }),
  limit: z.coerce.number().int().min(1, 'limit is 1 to 100').max(100, 'limit is 1 to 100').default(20),
  cursor: z.coerce
    .number()
    .int()
    .min(0, 'cursor is the nextCursor of the previous page')
    .max(2_147_483_647, 'cursor is the nextCursor of the previous page')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});

export const articleListSchema = z.object({ articles: z.array(articleListItemSchema), nextCursor: z.number().int().nullable() }).meta({ id: 'ArticleList' });

export const errorSchema = z.object({ error: z.object({ code: z.string().meta({ example: 'precondition_failed:article' }), message: z.string() }) }).meta({ id: 'Error' });

export const articleIdParamSchema = z.object({ id: z.string().meta({ description: 'The article id (digits)', example: '42' }) });

export type ArticleOut = z.infer<typeof articleSchema>;
