/**
 * An /api address no route answers is a JSON 404 for every method, never the HTML "Not found"
 * page (app/api/[[...path]]/route.ts).
 */
import { describe, expect, it } from 'vitest';
import * as catchAll from '@/app/api/[[...path]]/route';

describe('unknown API addresses', () => {
  it('answer a JSON 404 naming the address, whatever the method', async () => {
    for (const [method, handler] of Object.entries({ GET: catchAll.GET, POST: catchAll.POST, PUT: catchAll.PUT, PATCH: catchAll.PATCH, DELETE: catchAll.DELETE })) {
      const res = await handler(new Request('http://localhost/api/collections/x', { method, body: method === 'GET' ? undefined : '{}' }));
      expect(res.status, method).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('not_found:route');
      expect(body.error.message).toContain('/api/collections/x');
    }
  });
});
