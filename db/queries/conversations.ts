/** Conversations and their messages (UI message parts, already redacted by the caller). */
import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { UIMessage } from 'ai';
import { AppError } from '@/lib/errors';
import type { Db } from '../client';
import { conversations, messages, type AnswerProvenance, type ExperimentArm } from '../schema';

export interface StoredMessageMeta {
  modelId?: string | null;
  retrievedChunkIds?: number[] | null;
  /** What produced an assistant answer (retrieval, answerability, model and config). */
  provenance?: AnswerProvenance | null;
  latencyMs?: number | null;
  state?: 'complete' | 'stopped';
  /** Answers made under an online experiment: its id and the visitor's arm. */
  experimentId?: number | null;
  variant?: ExperimentArm | null;
}

/**
 * Ownership rule: a conversation belongs to the browser client (`resolve_client` cookie) that wrote
 * to it first; its id comes from the browser. Every write checks it, and another client's
 * conversation is "not found" to it, for reads and writes alike.
 */

/**
 * Saves messages of a conversation: creates the conversation for `clientId` when it is new, then
 * upserts each message by (conversation, id), so re-sending never duplicates one. Positions follow
 * the array order from `firstPosition`.
 * @param args.firstPosition position of `messages[0]` (default 0: the whole conversation).
 * @param args.meta optional per-message-id metadata (assistant messages).
 * @throws AppError `not_found:conversation` when the conversation is another client's; nothing is
 *   stored then.
 */
export async function saveConversation(db: Db, args: { id: string; clientId: string; messages: UIMessage[]; firstPosition?: number; meta?: Record<string, StoredMessageMeta> }): Promise<void> {
  const firstUser = args.messages.find((m) => m.role === 'user');
  const title = firstUser
    ? firstUser.parts
        .map((p) => (p.type === 'text' ? p.text : ''))
        .join(' ')
        .slice(0, 120)
    : '';
  const first = args.firstPosition ?? 0;
  await db.transaction(async (tx) => {
    const owned = await tx
      .insert(conversations)
      .values({ id: args.id, clientId: args.clientId, title })
      .onConflictDoUpdate({ target: conversations.id, set: { updatedAt: sql`now()` }, setWhere: eq(conversations.clientId, args.clientId) })
      .returning({ id: conversations.id });
    if (owned.length === 0) throw new AppError('not_found:conversation', 'Conversation not found');
    for (const [i, m] of args.messages.entries()) {
      const position = first + i;
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
          provenance: meta.provenance ?? null,
          latencyMs: meta.latencyMs ?? null,
          state: meta.state ?? 'complete',
          experimentId: meta.experimentId ?? null,
          variant: meta.variant ?? null,
        })
        .onConflictDoUpdate({
          target: [messages.conversationId, messages.id],
          set: {
            parts: m.parts,
            position,
            ...(args.meta?.[m.id]
              ? {
                  modelId: meta.modelId ?? null,
                  retrievedChunkIds: meta.retrievedChunkIds ?? null,
                  provenance: meta.provenance ?? null,
                  latencyMs: meta.latencyMs ?? null,
                  state: meta.state ?? 'complete',
                  experimentId: meta.experimentId ?? null,
                  variant: meta.variant ?? null,
                }
              : {}),
          },
        });
    }
  });
}

/**
 * Opens a turn: in one transaction, creates the conversation for `clientId` when it is new (the
 * first writer owns it), locks it, checks its owner, reads the stored messages and stores the new
 * user message after them. The history comes from the database only; what a browser re-sends is
 * never stored. When `message.id` is already stored in the conversation (AI SDK `regenerate`
 * re-sends the last user message), the turn restarts there: that message and every later one are
 * replaced.
 * @param args.id conversation id; args.clientId the browser client (cookie).
 * @param args.message the new user message, already redacted by the caller.
 * @param args.modelLabel as for getConversation (metadata of stored answers).
 * @returns `{ history, position, status }`: the stored messages before the new one (oldest
 *   first, as getConversation returns them), the new message's position (0-based) and the
 *   conversation's status.
 * @throws AppError `not_found:conversation` when the conversation is another client's; nothing is
 *   stored then.
 */
export async function beginConversationTurn(
  db: Db,
  args: { id: string; clientId: string; message: UIMessage; modelLabel: (modelId: string | null) => string | null },
): Promise<{ history: UIMessage[]; position: number; status: 'open' | 'handoff' }> {
  const title = args.message.parts
    .map((p) => (p.type === 'text' ? p.text : ''))
    .join(' ')
    .slice(0, 120);
  return db.transaction(async (tx) => {
    await tx.insert(conversations).values({ id: args.id, clientId: args.clientId, title }).onConflictDoNothing({ target: conversations.id });
    // The row lock orders two turns of one conversation; the second sees the first's user message.
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, args.id)).for('update');
    if (!conv || conv.clientId !== args.clientId) throw new AppError('not_found:conversation', 'Conversation not found');
    const rows = await tx.select().from(messages).where(eq(messages.conversationId, args.id)).orderBy(asc(messages.position), asc(messages.createdAt));
    const at = rows.findIndex((r) => r.id === args.message.id);
    const kept = at === -1 ? rows : rows.slice(0, at);
    const dropped = at === -1 ? [] : rows.slice(at).map((r) => r.id);
    if (dropped.length) await tx.delete(messages).where(and(eq(messages.conversationId, args.id), inArray(messages.id, dropped)));
    const position = kept.length ? kept[kept.length - 1].position + 1 : 0;
    await tx.insert(messages).values({ id: args.message.id, conversationId: args.id, role: 'user', parts: args.message.parts, position });
    await tx.update(conversations).set({ updatedAt: sql`now()` }).where(eq(conversations.id, args.id));
    return { history: kept.map((m) => toUIMessage(m, args.modelLabel)), position, status: conv.status };
  });
}

function toUIMessage(m: typeof messages.$inferSelect, modelLabel: (modelId: string | null) => string | null): UIMessage {
  return {
    id: m.id,
    role: m.role,
    parts: m.parts as UIMessage['parts'],
    ...(m.role === 'assistant' ? { metadata: { model: modelLabel(m.modelId), state: m.state } } : {}),
  };
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
    messages: list.map((m) => toUIMessage(m, args.modelLabel)),
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

/** One stored message as text, for review: role, text parts joined, and when it was stored. */
export interface TranscriptTurn {
  id: string;
  role: 'user' | 'assistant' | 'system';
  text: string;
  position: number;
  createdAt: Date;
}

/** The text parts of stored message parts, joined by blank lines. */
function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  return parts
    .filter((p): p is { type: 'text'; text: string } => !!p && typeof p === 'object' && (p as { type?: unknown }).type === 'text' && typeof (p as { text?: unknown }).text === 'string')
    .map((p) => p.text)
    .join('\n\n');
}

function toTurn(m: typeof messages.$inferSelect): TranscriptTurn {
  return { id: m.id, role: m.role, text: partsText(m.parts), position: m.position, createdAt: m.createdAt };
}

/** A stored assistant answer with everything that produced it, for review and evaluation. */
export interface AnswerRecord {
  conversationId: string;
  messageId: string;
  /** The user message the answer replies to (the last user message before it); null when none. */
  question: string | null;
  /** Every message before the question, oldest first. */
  earlierTurns: TranscriptTurn[];
  /** The answer's Markdown text, citation markers [n] referring to `citations[n - 1]`. */
  answer: string;
  /** The answer's `source-url` parts, in order. */
  citations: { sourceId: string; url: string; title: string }[];
  /** The answer's stored parts (for rendering it as the chat did). */
  parts: unknown[];
  modelId: string | null;
  retrievedChunkIds: number[] | null;
  provenance: AnswerProvenance | null;
  latencyMs: number | null;
  state: 'complete' | 'stopped';
  createdAt: Date;
}

/**
 * A stored assistant answer with its question, the turns before it and its provenance. No owner
 * check: for the admin and evaluation, never for a browser route.
 * @param args.conversationId the chat id; args.messageId the answer's id in it.
 * @returns null when there is no such assistant message.
 * @throws the database driver's error when the query fails.
 */
export async function getAnswerRecord(db: Db, args: { conversationId: string; messageId: string }): Promise<AnswerRecord | null> {
  const list = await db.select().from(messages).where(eq(messages.conversationId, args.conversationId)).orderBy(asc(messages.position), asc(messages.createdAt));
  const at = list.findIndex((m) => m.id === args.messageId);
  if (at === -1 || list[at].role !== 'assistant') return null;
  const m = list[at];
  const before = list.slice(0, at);
  let q = -1;
  for (let i = before.length - 1; i >= 0; i--) {
    if (before[i].role === 'user') {
      q = i;
      break;
    }
  }
  const parts = Array.isArray(m.parts) ? (m.parts as unknown[]) : [];
  const citations = parts
    .filter((p): p is { type: 'source-url'; sourceId: string; url: string; title?: string } => !!p && typeof p === 'object' && (p as { type?: unknown }).type === 'source-url')
    .map((p) => ({ sourceId: p.sourceId, url: p.url, title: p.title ?? p.sourceId }));
  return {
    conversationId: args.conversationId,
    messageId: m.id,
    question: q === -1 ? null : partsText(before[q].parts),
    earlierTurns: (q === -1 ? before : before.slice(0, q)).map(toTurn),
    answer: partsText(m.parts),
    citations,
    parts,
    modelId: m.modelId,
    retrievedChunkIds: m.retrievedChunkIds ?? null,
    provenance: m.provenance ?? null,
    latencyMs: m.latencyMs,
    state: m.state,
    createdAt: m.createdAt,
  };
}

/**
 * A whole conversation as text turns, for the admin. No owner check (admin only).
 * @returns null when the conversation does not exist.
 */
export async function getConversationTranscript(db: Db, args: { id: string }): Promise<{ id: string; title: string; status: string; createdAt: Date; turns: TranscriptTurn[] } | null> {
  const [conv] = await db.select().from(conversations).where(eq(conversations.id, args.id)).limit(1);
  if (!conv) return null;
  const list = await db.select().from(messages).where(eq(messages.conversationId, args.id)).orderBy(asc(messages.position), asc(messages.createdAt));
  return { id: conv.id, title: conv.title, status: conv.status, createdAt: conv.createdAt, turns: list.map(toTurn) };
}
