/**
 * Handoffs to human support. Created only from a form the user confirmed (POST /api/handoffs);
 * while a conversation has an open handoff its status is `handoff` and the assistant is paused.
 */
import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { UIMessage } from 'ai';
import type { Db } from '../client';
import { conversations, handoffs, messages, type HandoffStatus } from '../schema';
import { AppError } from '@/lib/errors';

/** A confirmed handoff as stored: the caller has already redacted summary and steps. */
export interface NewHandoff {
  conversationId: string;
  /** The handoff tool call the form answered; one handoff per call. */
  toolCallId: string;
  /** The browser client; it must own the conversation. */
  clientId: string;
  /** Kept unredacted: support needs it to reply. */
  email: string;
  summary: string;
  category: string;
  stepsTried: string[];
  citedArticles: { title: string; url: string }[];
}

export interface HandoffRow {
  id: number;
  conversationId: string;
  email: string;
  summary: string;
  category: string;
  stepsTried: string[];
  citedArticles: { title: string; url: string }[];
  status: HandoffStatus;
  createdAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
}

/**
 * Stores a confirmed handoff, pauses the assistant in the conversation and sets the output of the
 * stored tool part, in one transaction. Idempotent per tool call: a second submit returns the
 * first handoff and changes nothing.
 * @param args.handoff the values to store, already redacted by the caller.
 * @param args.toolOutput builds the tool part's new output from the new handoff id (the caller
 *   owns its shape and redacts what it shows).
 * @returns `{ id, created }` (`created` false when it already existed).
 * @throws AppError `not_found:conversation` when the conversation is not `handoff.clientId`'s.
 */
export async function createHandoff(
  db: Db,
  args: { handoff: NewHandoff; toolOutput: (handoffId: number) => unknown },
): Promise<{ id: number; created: boolean }> {
  const input = args.handoff;
  return db.transaction(async (tx) => {
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).limit(1);
    if (!conv || conv.clientId !== input.clientId) throw new AppError('not_found:conversation', 'This conversation was not found. Send your question again, then confirm the form.');
    const inserted = await tx
      .insert(handoffs)
      .values({
        conversationId: input.conversationId,
        toolCallId: input.toolCallId,
        clientId: input.clientId,
        email: input.email,
        summary: input.summary,
        category: input.category,
        stepsTried: input.stepsTried,
        citedArticles: input.citedArticles,
      })
      .onConflictDoNothing({ target: [handoffs.conversationId, handoffs.toolCallId] })
      .returning({ id: handoffs.id });
    if (inserted.length === 0) {
      const [existing] = await tx
        .select({ id: handoffs.id })
        .from(handoffs)
        .where(and(eq(handoffs.conversationId, input.conversationId), eq(handoffs.toolCallId, input.toolCallId)));
      return { id: existing.id, created: false };
    }
    const id = inserted[0].id;
    await tx.update(conversations).set({ status: 'handoff', updatedAt: sql`now()` }).where(eq(conversations.id, input.conversationId));
    const output = args.toolOutput(id);
    const rows = await tx.select({ id: messages.id, parts: messages.parts }).from(messages).where(eq(messages.conversationId, input.conversationId));
    for (const row of rows) {
      const parts = row.parts as UIMessage['parts'];
      if (!parts.some((p) => 'toolCallId' in p && p.toolCallId === input.toolCallId)) continue;
      const next = parts.map((p) => ('toolCallId' in p && p.toolCallId === input.toolCallId ? { ...p, state: 'output-available', output } : p));
      await tx.update(messages).set({ parts: next }).where(and(eq(messages.conversationId, input.conversationId), eq(messages.id, row.id)));
    }
    return { id, created: true };
  });
}

/**
 * Handoffs for the admin list, newest first.
 * @param args.status only this status (default: all).
 * @param args.limit max rows (default 100).
 */
export async function listHandoffs(db: Db, args: { status?: HandoffStatus; limit?: number } = {}): Promise<HandoffRow[]> {
  const rows = await db
    .select()
    .from(handoffs)
    .where(args.status ? eq(handoffs.status, args.status) : undefined)
    .orderBy(desc(handoffs.createdAt), desc(handoffs.id))
    .limit(args.limit ?? 100);
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversationId,
    email: r.email,
    summary: r.summary,
    category: r.category,
    stepsTried: r.stepsTried,
    citedArticles: r.citedArticles,
    status: r.status,
    createdAt: r.createdAt,
    releasedAt: r.releasedAt,
    releasedBy: r.releasedBy,
  }));
}

/**
 * Releases a handoff: marks it released and, when no other handoff of the conversation is open,
 * lets the assistant answer in that conversation again.
 * @param args.releasedBy the admin's email, kept for the record.
 * @returns true when a handoff was released, false when it was not open (or does not exist).
 */
export async function releaseHandoff(db: Db, args: { id: number; releasedBy: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(handoffs)
      .set({ status: 'released', releasedAt: sql`now()`, releasedBy: args.releasedBy })
      .where(and(eq(handoffs.id, args.id), eq(handoffs.status, 'open')))
      .returning({ conversationId: handoffs.conversationId });
    if (!row) return false;
    const [open] = await tx
      .select({ id: handoffs.id })
      .from(handoffs)
      .where(and(eq(handoffs.conversationId, row.conversationId), eq(handoffs.status, 'open')))
      .limit(1);
    if (!open) await tx.update(conversations).set({ status: 'open', updatedAt: sql`now()` }).where(eq(conversations.id, row.conversationId));
    return true;
  });
}
