/**
 * A chat turn under a running experiment (POST /api/chat with the local model) runs with the
 * visitor's arm and stores it: the answer records the experiment id and arm, and its provenance
 * the fusion settings and passages per search the turn used. Without a running experiment the
 * answer records none.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { closeDb, getDb } from '@/db/client';
import { createExperiment, startExperiment, stopExperiment } from '@/db/queries/experiments';
import { messages } from '@/db/schema';
import { assignArm } from '@/lib/experiments/assign';
import { prepareApp } from '@/lib/startup';
import { searchArticles } from '@/lib/search/hybrid';

let tmp: string;
let chat: typeof import('@/app/api/chat/route');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-experiments-chat-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  process.env.RESOLVE_RATE_LIMIT = 'off';
  await prepareApp();
  chat = await import('@/app/api/chat/route');
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const RUN = Date.now().toString(36);

async function ask(conversationId: string, visitor: string, text: string) {
  const res = await chat.POST(
    new Request('http://localhost/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `resolve_client=${visitor}` },
      body: JSON.stringify({ id: conversationId, messages: [{ id: `u-${conversationId}`, role: 'user', parts: [{ type: 'text', text }] }] }),
    }),
  );
  expect(res.status).toBe(200);
  await res.text();
  // The answer is saved when the stream ends; wait for the row.
  const db = await getDb();
  for (let i = 0; i < 50; i++) {
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.role, 'assistant')));
    if (row) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('answer not stored');
}

describe('chat turn under an experiment', () => {
  it('stores the arm, and the variant runs with its fusion settings', async () => {
    const db = await getDb();
    const e = await createExperiment(db, { name: `semantic-${RUN}`, description: '', config: { rrfK: 20, weights: { semantic: 0.9 }, searchLimit: 6 }, trafficShare: 0.5, createdBy: null });
    await startExperiment(db, { id: e.id });
    // One visitor of each arm (assignment is deterministic, so search a few ids).
    const ids = Array.from({ length: 40 }, (_, i) => `exp-visitor-${RUN}-${i}`);
    const inVariant = ids.find((v) => assignArm({ experimentId: e.id, visitorId: v, trafficShare: 0.5 }) === 'variant')!;
    const inControl = ids.find((v) => assignArm({ experimentId: e.id, visitorId: v, trafficShare: 0.5 }) === 'control')!;

    const v = await ask(`exp-v-${RUN}`, inVariant, 'How do I refund a payment?');
    expect(v.experimentId).toBe(e.id);
    expect(v.variant).toBe('variant');
    const vConfig = v.provenance!.model.config as Record<string, unknown>;
    expect(vConfig.fusion).toEqual({ k: 20, weights: { keyword: 1, typo: 1, semantic: 0.9 } });
    expect(vConfig.searchLimit).toBe(6);
    expect(vConfig.experiment).toEqual({ id: e.id, arm: 'variant' });

    const c = await ask(`exp-c-${RUN}`, inControl, 'How do I refund a payment?');
    expect(c.experimentId).toBe(e.id);
    expect(c.variant).toBe('control');
    const cConfig = c.provenance!.model.config as Record<string, unknown>;
    expect(cConfig.fusion).toEqual({ k: 5, weights: { keyword: 1, typo: 1, semantic: 0.4 } });
    expect(cConfig.searchLimit).toBe(4);

    // Sticky: the variant visitor's next conversation is in the variant again.
    const again = await ask(`exp-v2-${RUN}`, inVariant, 'Can I change my plan?');
    expect(again.variant).toBe('variant');

    await stopExperiment(db, { id: e.id });
    const none = await ask(`exp-none-${RUN}`, inVariant, 'How do I refund a payment?');
    expect(none.experimentId).toBeNull();
    expect(none.variant).toBeNull();
    expect((none.provenance!.model.config as Record<string, unknown>).experiment).toBeUndefined();
  }, 120_000);

  it('the search fuses with the given k and weights', async () => {
    const db = await getDb();
    const base = await searchArticles(db, { query: 'refund a payment', limit: 5, route: false });
    const same = await searchArticles(db, { query: 'refund a payment', limit: 5, route: false, fusion: { k: 5, weights: { keyword: 1, typo: 1, semantic: 0.4 } } });
    expect(same.results.map((r) => [r.slug, r.score])).toEqual(base.results.map((r) => [r.slug, r.score]));
    const keywordOnly = await searchArticles(db, { query: 'refund a payment', limit: 5, route: false, fusion: { k: 20, weights: { keyword: 1, typo: 0, semantic: 0 } } });
    // RRF with k 20 and one leg: the top article scores 1 / (20 + 1).
    expect(keywordOnly.results[0].score).toBeCloseTo(1 / 21, 5);
    expect(base.results[0].score).toBeGreaterThan(1 / 6);
  });
});
