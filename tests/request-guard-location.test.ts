/** keepOneLocation (lib/request-guard.ts): a repeated Location header is sent once. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { keepOneLocation } from '@/lib/request-guard';

describe('keepOneLocation', () => {
  it('sends one Location when it was set twice, and leaves other answers alone', async () => {
    const server = http.createServer((req, res) => {
      keepOneLocation(res);
      if (req.url === '/twice') {
        res.statusCode = 308;
        res.appendHeader('location', '/articles/moved');
        res.appendHeader('location', '/articles/moved');
      } else res.setHeader('location', '/once');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const twice = await fetch(`${base}/twice`, { redirect: 'manual' });
      expect(twice.status).toBe(308);
      expect(twice.headers.get('location')).toBe('/articles/moved');
      expect((await fetch(`${base}/other`, { redirect: 'manual' })).headers.get('location')).toBe('/once');
    } finally {
      server.close();
    }
  });
});
