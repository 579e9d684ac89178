/**
 * The content API's OpenAPI 3.1 document, generated from the same zod schemas the routes validate
 * with (zod-openapi, https://github.com/samchungy/zod-openapi). Served at `GET /api/openapi.json`
 * and written to docs/openapi.json by `npm run openapi` (a test keeps that file current).
 */
import { z } from 'zod';
import { createDocument } from 'zod-openapi';
import { articleCreateSchema, articleIdParamSchema, articleListQuerySchema, articleListSchema, articlePatchSchema, articleSchema, errorSchema } from './schemas';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const etagHeader = { ETag: { description: "The article version's strong validator; send it back in If-Match to change the article", schema: { type: 'string' as const, example: '"a42v3"' } } };
const ifMatch = z.object({
  'if-match': z.string().meta({ description: 'The ETag of the version you change (or `*`); 428 when missing, 412 when stale or weak (`W/…` never matches)', example: '"a42v3"' }),
});
const err = (description: string) => ({ description, ...json(errorSchema) });
const common = {
  '401': err('No, unknown or revoked bearer token'),
  '429': err('Too many requests (Retry-After says when to retry)'),
};
/** Writes also need the token owner's role to be editor or admin. */
const writeCommon = { ...common, '403': err('The token owner is a viewer: viewers can read, not write') };

/** The document as a plain object (OpenAPI 3.1.0). */
export function contentApiDocument(): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Resolve content API',
      version: '1.0.0',
      description:
        "Read and write help-center articles from integrations (as Zendesk's and Intercom's article APIs). Authenticate with a personal API token created in the admin (API tokens): `Authorization: Bearer rsv_…`. Writes to an existing article need its ETag in `If-Match`.",
    },
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token (rsv_…)' } } },
    paths: {
      '/api/articles': {
        get: {
          summary: 'List articles (id order, without bodies)',
          requestParams: { query: articleListQuerySchema },
          responses: {
            '200': { description: 'A page of articles', ...json(articleListSchema) },
            '400': err('A query parameter is invalid (named)'),
            '404': err('`collection` names no collection (the message lists the ones there are)'),
            ...common,
          },
        },
        post: {
          summary: 'Create an article',
          requestBody: json(articleCreateSchema),
          responses: {
            '201': { description: 'Created; Location names it', headers: etagHeader, ...json(articleSchema) },
            '400': err('An invalid field (named), an unknown category, or status published with an empty body'),
            '409': err('The slug is used by another article'),
            '413': err('The request body is over 2 MiB'),
            ...writeCommon,
          },
        },
      },
      '/api/articles/{id}': {
        get: {
          summary: 'Read an article',
          requestParams: { path: articleIdParamSchema },
          responses: {
            '200': { description: 'The article', headers: etagHeader, ...json(articleSchema) },
            '304': { description: 'If-None-Match names the current ETag' },
            '404': err('No article with this id'),
            ...common,
          },
        },
        patch: {
          summary: 'Change some fields of an article',
          requestParams: { path: articleIdParamSchema, header: ifMatch },
          requestBody: json(articlePatchSchema),
          responses: {
            '200': {
              description: 'The changed article and its new ETag; a patch that changes nothing answers the article with its ETag unchanged (no new version)',
              headers: etagHeader,
              ...json(articleSchema),
            },
            '400': err('An invalid field (named), or an empty body for a published article'),
            '404': err('No article with this id'),
            '409': err('The slug is used by another article, or the category belongs to another product than the article (`conflict:category`)'),
            '412': err('If-Match is not the current ETag (strong comparison: a weak W/ tag never matches): someone changed the article since you read it'),
            '428': err('If-Match is missing'),
            ...writeCommon,
          },
        },
        delete: {
          summary: 'Delete an article',
          requestParams: { path: articleIdParamSchema, header: ifMatch },
          responses: { '204': { description: 'Deleted' }, '404': err('No article with this id'), '412': err('Stale If-Match'), '428': err('If-Match is missing'), ...writeCommon },
        },
      },
      '/api/articles/{id}/publish': {
        post: {
          summary: 'Publish an article (searchable, answerable, on the site)',
          requestParams: { path: articleIdParamSchema, header: ifMatch },
          responses: {
            '200': { description: 'Published', headers: etagHeader, ...json(articleSchema) },
            '400': err('The article body is empty (an empty page is never published)'),
            '404': err('No article with this id'),
            '412': err('Stale If-Match'),
            '428': err('If-Match is missing'),
            ...writeCommon,
          },
        },
      },
      '/api/articles/{id}/unpublish': {
        post: {
          summary: 'Unpublish an article (back to draft)',
          requestParams: { path: articleIdParamSchema, header: ifMatch },
          responses: {
            '200': { description: 'Now a draft', headers: etagHeader, ...json(articleSchema) },
            '404': err('No article with this id'),
            '412': err('Stale If-Match'),
            '428': err('If-Match is missing'),
            ...writeCommon,
          },
        },
      },
    },
  });
}
