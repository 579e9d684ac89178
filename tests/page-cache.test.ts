/**
 * lib/page-cache.ts outside a Next server (as in scripts and tests): revalidating is a silent
 * no-op, and the loopback route accepts only this process's secret.
 */
import { describe, expect, it } from 'vitest';
import { isRevalidateSecret, revalidateOverLoopback, revalidatePublicPages, REVALIDATE_SECRET_HEADER } from '@/lib/page-cache';
import { POST } from '@/app/api/internal/revalidate/route';

describe('page cache', () => {
  it('revalidating outside a Next server does nothing and never throws', async () => {
    expect(() => revalidatePublicPages()).not.toThrow();
    await expect(revalidateOverLoopback({ attempts: 1 })).resolves.toBe(false);
  });

  it('the loopback route is a 404 without the secret', async () => {
    expect(isRevalidateSecret(null)).toBe(false);
    expect(isRevalidateSecret('guess')).toBe(false);
    const res = await POST(new Request('http://localhost/api/internal/revalidate', { method: 'POST', headers: { [REVALIDATE_SECRET_HEADER]: 'guess' } }));
    expect(res.status).toBe(404);
  });
});
