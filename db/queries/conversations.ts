/** Conversations and their messages (UI message parts, already redacted by the caller). */
import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import type { UIMessage } from 'ai';
import type { Db } from '../client';
import { conversations, messages } from '../schema';

export interface StoredMessageMeta {
  modelId?: string | null;
  retrievedChunkIds?: number[] | null;
  latencyMs?: number | null;
  state?: 'complete' | 'stopped';
}

/**
 * Saves a conversation's messages: the conversation row is upserted, each message upserted by
 * (conversation, id) (so re-sending the history never duplicates it), positions follow the array order.
 * @param args.meta optional per-message-id metadata (assistant messages).
 */
export async function saveConversation(
  db: Db,
  args: { id: string; clientId: string; messages: UIMessage[]; meta?: Record<string, StoredMessageMeta> },
): Promise<void> {
  const firstUser = args.messages.find((m) => m.role === 'user');
  const title = firstUser ? firstUser.parts.map((p) => (p.type === 'text' ? p.text : '')).join(' ').slice(0, 120) : '';
  await db.transaction(async (tx) => {
    await tx
      .insert(conversations)
      .values({ id: args.id, clientId: args.clientId, title })
      .onConflictDoUpdate({ target: conversations.id, set: { updatedAt: sql`now()` } });
    for (const [position, m] of args.messages.entries()) {
      const meta = args.meta?.[m.id] ?? {};
      await tx
        .insert(messages)
        .values({
          id: m.id,
          conversationId: args.id,
          role: m.role,
          parts: m.parts,
          position,
          modelId: meta.modelId ?? null,
          retrievedChunkIds: meta.retrievedChunkIds ?? null,
          latencyMs: meta.latencyMs ?? null,
          state: meta.state ?? 'complete',
        })
        .onConflictDoUpdate({
          target: [messages.conversationId, messages.id],
          set: {
            parts: m.parts,
            position,
            ...(args.meta?.[m.id]
              ? { modelId: meta.modelId ?? null, retrievedChunkIds: meta.retrievedChunkIds ?? null, latencyMs: meta.latencyMs ?? null, state: meta.state ?? 'complete' }
              : {}),
          },
        });
    }
  });
}

/**
 * A conversation's messages as UI messages, with `metadata: { model, state }` on assistant ones.
 * @param args.modelLabel turns a stored model id (null for messages stored without one) into the
 *   label shown under the answer; the caller knows the models, the database does not.
 * @returns null when the conversation does not exist or belongs to another client.
 */
export async function getConversation(
  db: Db,
  args: { id: string; clientId: string; modelLabel: (modelId: string | null) => string | null },
): Promise<{ messages: UIMessage[]; status: string } | null> {
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, args.id)).limit(1);
  if (!conv || conv.clientId !== args.clientId) return null;
  const list = await db.select().from(messages).where(eq(messages.conversationId, args.id)).orderBy(asc(messages.position), asc(messages.createdAt));
  return {
    status: conv.status,
    messages: list.map((m) => ({
      id: m.id,
      role: m.role,
      parts: m.parts as UIMessage['parts'],
      ...(m.role === 'assistant' ? { metadata: { model: args.modelLabel(m.modelId), state: m.state } } : {}),
    })),
  };
}

/**
 * The status of a conversation: `open`, `handoff` (waiting for a human; the assistant is paused)
 * or null when it does not exist yet.
 */
export async function getConversationStatus(db: Db, args: { id: string }): Promise<'open' | 'handoff' | null> {
  const [row] = await db.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, args.id)).limit(1);
  return row?.status ?? null;
}
