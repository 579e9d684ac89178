/**
 * The semantic leg's in-memory copy (both engines): the same hits as pgvector's exact scan, and
 * never stale — an unpublished, deleted or newly imported article is seen by the next search, also
 * when another connection's write was in flight while the copy would have been read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@/db/client';
import { deleteArticle, importBundle, setArticleStatus } from '@/lib/content/save';
import { semanticLeg } from '@/lib/search/legs/semantic';
import { oneCategoryBundle } from './helpers/bundle';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;

const bundle = oneCategoryBundle;

beforeAll(async () => {
  t = await createTestDatabase();
  await importBundle(
    t.db,
    bundle('shop-docs', [
      { slug: 'refunds', title: 'Refunds', body: '## Refund an order\n\nOpen the order and choose Refund. The money goes back to the card in 5 to 10 business days.' },
      { slug: 'payouts', title: 'Payouts', body: '## Bank transfers\n\nPayouts are sent to your bank account every week once the balance is above the minimum.' },
      { slug: 'shipping', title: 'Shipping rates', body: '## Delivery zones\n\nSet a shipping rate per zone; couriers pick up parcels every weekday.' },
    ]),
  );
  await importBundle(
    t.db,
    bundle('pos-docs', [{ slug: 'pos-tills', title: 'Point of sale tills', body: '## Tablets\n\nRun the point of sale app on a tablet at the counter to take card payments in the shop.' }]),
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const ids = (hits: { chunkId: number }[]) => hits.map((h) => h.chunkId);
const slugsOf = async (hits: { articleId: number }[]) => {
  if (hits.length === 0) return [];
  const found = await rows<{ id: number; slug: string }>(
    t.db,
    sql`select id, slug from articles where id in (${sql.join(
      hits.map((h) => sql`${h.articleId}`),
      sql`, `,
    )})`,
  );
  const byId = new Map(found.map((r) => [Number(r.id), r.slug]));
  return [...new Set(hits.map((h) => byId.get(h.articleId)))];
};

describe('semantic leg in memory', () => {
  it('finds what pgvector finds, in the same order, with and without a collection', async () => {
    for (const query of ['how do i give the money back to a customer', 'when does my bank transfer arrive', 'courier delivery zones', 'tablet at the counter']) {
      for (const collection of [undefined, 'shop-docs', 'pos-docs', 'no-such-docs']) {
        const auto = await semanticLeg(t.db, { query, collection });
        const exact = await semanticLeg(t.db, { query, collection, engine: 'sql' });
        expect(ids(auto), `${query} / ${collection}`).toEqual(ids(exact));
        for (const [i, h] of auto.entries()) expect(h.score).toBeCloseTo(exact[i].score, 5);
      }
    }
    // Every published chunk is within the default depth here: all four articles come back.
    expect((await slugsOf(await semanticLeg(t.db, { query: 'when does my bank transfer arrive' }))).sort()).toEqual(['payouts', 'pos-tills', 'refunds', 'shipping']);
    expect(await semanticLeg(t.db, { query: 'tablet', collection: 'no-such-docs' })).toEqual([]);
  });

  it('an unpublished, republished, deleted or newly imported article is seen by the next search', async () => {
    const q = 'when does my bank transfer arrive';
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).toContain('payouts');
    const [payouts] = await rows<{ id: number }>(t.db, sql`select id from articles where slug = 'payouts'`);
    await setArticleStatus(t.db, { id: Number(payouts.id), status: 'draft' });
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).not.toContain('payouts');
    await setArticleStatus(t.db, { id: Number(payouts.id), status: 'published' });
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).toContain('payouts');

    await importBundle(
      t.db,
      bundle('shop-docs-2', [{ slug: 'bank-transfer-times', title: 'Bank transfer times', body: '## When transfers arrive\n\nA bank transfer arrives one to three business days after it is sent.' }]),
    );
    const afterImport = await semanticLeg(t.db, { query: q });
    expect(await slugsOf(afterImport)).toContain('bank-transfer-times');
    expect(ids(afterImport)).toEqual(ids(await semanticLeg(t.db, { query: q, engine: 'sql' })));

    const [added] = await rows<{ id: number }>(t.db, sql`select id from articles where slug = 'bank-transfer-times'`);
    await deleteArticle(t.db, { id: Number(added.id) });
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).not.toContain('bank-transfer-times');
  });

  it('a write in flight on another connection is never cached: after it commits, the next search sees it', async () => {
    const q = 'when does my bank transfer arrive';
    if (t.kind === 'pglite') {
      // One connection: no write can be in flight during a search. The writers' lock is in place.
      const [fn] = await rows<{ src: string }>(t.db, sql`select prosrc as src from pg_proc where proname = 'bump_search_generation'`);
      expect(fn.src).toContain('pg_advisory_xact_lock_shared(7340019)');
      return;
    }
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).toContain('payouts');
    const pool = (t.db as unknown as { $client: { connect(): Promise<{ query(q: string): Promise<unknown>; release(): void }> } }).$client;
    const writer = await pool.connect();
    try {
      await writer.query('begin');
      await writer.query("update articles set status = 'draft' where slug = 'payouts'"); // bumps the generation, not yet committed
      // Meanwhile searches answer from what is committed, and keep no copy of it.
      expect(await slugsOf(await semanticLeg(t.db, { query: q }))).toContain('payouts');
      await writer.query('commit');
    } finally {
      writer.release();
    }
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).not.toContain('payouts');
    await rows(t.db, sql`update articles set status = 'published' where slug = 'payouts'`);
    expect(await slugsOf(await semanticLeg(t.db, { query: q }))).toContain('payouts');
  });
});
