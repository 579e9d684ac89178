/**
 * Handoffs to human support. Created only from a form the user confirmed (POST /api/handoffs);
 * while a conversation has an open handoff its status is `handoff` and the assistant is paused.
 */
import 'server-only';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { UIMessage } from 'ai';
import type { Db } from '../client';
import { adminUsers, conversations, handoffNotes, handoffs, messages, type AnswerProvenance, type HandoffStatus, type HandoffWorkflow } from '../schema';
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
  /** Whether the assistant is paused (`open`) or answers again (`released`). */
  status: HandoffStatus;
  /** Support's progress: new, in_progress, resolved. */
  workflowStatus: HandoffWorkflow;
  assignee: { id: number; email: string } | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
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
 * @param args.toolPartType the stored tool part's type (`tool-<name>`): the handoff's tool call
 *   must be one of those in the conversation's messages.
 * @returns `{ id, created, storedOutput }` (`created` false when it already existed; then
 *   `storedOutput` is the tool part's output from the first submit, if stored).
 * @throws AppError `not_found:conversation` when the conversation is not `handoff.clientId`'s;
 *   `not_found:handoff` when no stored message of it has that tool call (a form never offered).
 */
export async function createHandoff(
  db: Db,
  args: { handoff: NewHandoff; toolOutput: (handoffId: number) => unknown; toolPartType: string },
): Promise<{ id: number; created: boolean; storedOutput?: unknown }> {
  const input = args.handoff;
  return db.transaction(async (tx) => {
    const [conv] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId)).limit(1);
    if (!conv || conv.clientId !== input.clientId) throw new AppError('not_found:conversation', 'This conversation was not found. Send your question again, then confirm the form.');
    // Only a form the assistant offered in this conversation can be sent: its tool call is in a stored message.
    const rows = await tx.select({ id: messages.id, parts: messages.parts }).from(messages).where(eq(messages.conversationId, input.conversationId));
    const offered = rows.flatMap((row) => (row.parts as UIMessage['parts']).filter((p) => p.type === args.toolPartType && 'toolCallId' in p && p.toolCallId === input.toolCallId));
    if (offered.length === 0)
      throw new AppError('not_found:handoff', 'This support request form was not offered in this conversation. Ask the assistant to connect you with support, then confirm the form it shows.');
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
      // What was stored the first time, not this request's text.
      const stored = offered.map((p) => ('output' in p ? p.output : undefined)).find((o) => o !== undefined);
      return { id: existing.id, created: false, storedOutput: stored };
    }
    const id = inserted[0].id;
    await tx.update(conversations).set({ status: 'handoff', updatedAt: sql`now()` }).where(eq(conversations.id, input.conversationId));
    const output = args.toolOutput(id);
    for (const row of rows) {
      const parts = row.parts as UIMessage['parts'];
      if (!parts.some((p) => 'toolCallId' in p && p.toolCallId === input.toolCallId)) continue;
      const next = parts.map((p) => ('toolCallId' in p && p.toolCallId === input.toolCallId ? { ...p, state: 'output-available', output } : p));
      await tx
        .update(messages)
        .set({ parts: next })
        .where(and(eq(messages.conversationId, input.conversationId), eq(messages.id, row.id)));
    }
    return { id, created: true };
  });
}

const rowColumns = {
  h: handoffs,
  assigneeEmail: adminUsers.email,
};

function toRow(r: { h: typeof handoffs.$inferSelect; assigneeEmail: string | null }): HandoffRow {
  const h = r.h;
  return {
    id: h.id,
    conversationId: h.conversationId,
    email: h.email,
    summary: h.summary,
    category: h.category,
    stepsTried: h.stepsTried,
    citedArticles: h.citedArticles,
    status: h.status,
    workflowStatus: h.workflowStatus,
    assignee: h.assigneeId !== null && r.assigneeEmail !== null ? { id: h.assigneeId, email: r.assigneeEmail } : null,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
    resolvedAt: h.resolvedAt,
    releasedAt: h.releasedAt,
    releasedBy: h.releasedBy,
  };
}

/**
 * Handoffs for the admin list, newest first, with their assignee.
 * @param args.status only this pause state (open/released; default: all).
 * @param args.workflow only these workflow statuses (default: all).
 * @param args.limit max rows (default 100).
 */
export async function listHandoffs(db: Db, args: { status?: HandoffStatus; workflow?: HandoffWorkflow[]; limit?: number } = {}): Promise<HandoffRow[]> {
  const rows = await db
    .select(rowColumns)
    .from(handoffs)
    .leftJoin(adminUsers, eq(adminUsers.id, handoffs.assigneeId))
    .where(and(args.status ? eq(handoffs.status, args.status) : undefined, args.workflow?.length ? inArray(handoffs.workflowStatus, args.workflow) : undefined))
    .orderBy(desc(handoffs.createdAt), desc(handoffs.id))
    .limit(args.limit ?? 100);
  return rows.map(toRow);
}

/** How many handoffs are in each workflow status (0 for an empty one). */
export async function countHandoffsByWorkflow(db: Db): Promise<Record<HandoffWorkflow, number>> {
  const rows = await db.select({ w: handoffs.workflowStatus, n: count() }).from(handoffs).groupBy(handoffs.workflowStatus);
  const out: Record<HandoffWorkflow, number> = { new: 0, in_progress: 0, resolved: 0 };
  for (const r of rows) if (r.w in out) out[r.w] = Number(r.n);
  return out;
}

/** One internal note on a handoff. */
export interface HandoffNote {
  id: number;
  authorEmail: string;
  body: string;
  createdAt: Date;
}

/** One stored message of the handoff's conversation, with its raw UI parts (already redacted). */
export interface HandoffMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  parts: unknown[];
  state: 'complete' | 'stopped';
  /** The stored model id of an assistant message (`resolve-handoff-notice` for the paused notice). */
  modelId: string | null;
  /** How an assistant turn ended (from its provenance); null for user messages and older answers. */
  outcome: AnswerProvenance['outcome'] | null;
  createdAt: Date;
}

/** A handoff with everything the admin detail page shows. */
export interface HandoffDetail extends HandoffRow {
  toolCallId: string;
  notes: HandoffNote[];
  messages: HandoffMessage[];
}

/**
 * One handoff with its notes (oldest first) and its conversation's messages (in order). No owner
 * check: admin only.
 * @returns null when there is no handoff with this id.
 */
export async function getHandoffDetail(db: Db, args: { id: number }): Promise<HandoffDetail | null> {
  const [r] = await db.select(rowColumns).from(handoffs).leftJoin(adminUsers, eq(adminUsers.id, handoffs.assigneeId)).where(eq(handoffs.id, args.id)).limit(1);
  if (!r) return null;
  const [notes, msgs] = await Promise.all([
    db
      .select({ id: handoffNotes.id, authorEmail: handoffNotes.authorEmail, body: handoffNotes.body, createdAt: handoffNotes.createdAt })
      .from(handoffNotes)
      .where(eq(handoffNotes.handoffId, args.id))
      .orderBy(asc(handoffNotes.createdAt), asc(handoffNotes.id)),
    db.select().from(messages).where(eq(messages.conversationId, r.h.conversationId)).orderBy(asc(messages.position), asc(messages.createdAt)),
  ]);
  return {
    ...toRow(r),
    toolCallId: r.h.toolCallId,
    notes,
    messages: msgs.map((m) => ({
      id: m.id,
      role: m.role,
      parts: Array.isArray(m.parts) ? (m.parts as unknown[]) : [],
      state: m.state,
      modelId: m.modelId,
      outcome: m.provenance?.outcome ?? null,
      createdAt: m.createdAt,
    })),
  };
}

/**
 * Moves a handoff to another workflow status, only if it is still in `from` (so two admins never
 * overwrite each other's change unseen). Moving to `in_progress` assigns it to `actorId` when
 * nobody is assigned; moving to `resolved` stamps `resolvedAt`, leaving it clears it. The pause
 * state (`status`, released or not) is not touched.
 * @returns `updated`, `unchanged` (already `to`), or `stale` with the status it has now.
 * @throws AppError `not_found:handoff` when there is no such handoff.
 */
export async function setHandoffWorkflow(
  db: Db,
  args: { id: number; from: HandoffWorkflow; to: HandoffWorkflow; actorId: number },
): Promise<{ result: 'updated' | 'unchanged' } | { result: 'stale'; current: HandoffWorkflow }> {
  return db.transaction(async (tx) => {
    const [cur] = await tx.select({ w: handoffs.workflowStatus, assigneeId: handoffs.assigneeId }).from(handoffs).where(eq(handoffs.id, args.id)).for('update');
    if (!cur) throw new AppError('not_found:handoff', 'This handoff no longer exists.');
    if (cur.w === args.to) return { result: 'unchanged' as const };
    if (cur.w !== args.from) return { result: 'stale' as const, current: cur.w };
    await tx
      .update(handoffs)
      .set({
        workflowStatus: args.to,
        resolvedAt: args.to === 'resolved' ? sql`now()` : null,
        ...(args.to === 'in_progress' && cur.assigneeId === null ? { assigneeId: args.actorId } : {}),
        updatedAt: sql`now()`,
      })
      .where(eq(handoffs.id, args.id));
    return { result: 'updated' as const };
  });
}

/**
 * Assigns a handoff to an editor or admin (who can work it), or to nobody.
 * @param args.assigneeId an `admin_users.id`, or null to unassign.
 * @throws AppError `not_found:handoff` for an unknown handoff; `not_found:admin` for an unknown,
 *   disabled or viewer account.
 */
export async function assignHandoff(db: Db, args: { id: number; assigneeId: number | null }): Promise<void> {
  await db.transaction(async (tx) => {
    if (args.assigneeId !== null) {
      const [u] = await tx
        .select({ id: adminUsers.id })
        .from(adminUsers)
        .where(and(eq(adminUsers.id, args.assigneeId), canWorkHandoffs))
        .limit(1);
      if (!u) throw new AppError('not_found:admin', 'That account no longer exists, is disabled or is a viewer.');
    }
    const done = await tx.update(handoffs).set({ assigneeId: args.assigneeId, updatedAt: sql`now()` }).where(eq(handoffs.id, args.id)).returning({ id: handoffs.id });
    if (done.length === 0) throw new AppError('not_found:handoff', 'This handoff no longer exists.');
  });
}

/**
 * Adds an internal note to a handoff.
 * @param args.body the note, already trimmed and validated by the caller (1–5000 characters).
 * @returns the stored note.
 * @throws AppError `not_found:handoff` when there is no such handoff.
 */
export async function addHandoffNote(db: Db, args: { handoffId: number; authorId: number; authorEmail: string; body: string }): Promise<HandoffNote> {
  return db.transaction(async (tx) => {
    const [h] = await tx.select({ id: handoffs.id }).from(handoffs).where(eq(handoffs.id, args.handoffId)).for('update');
    if (!h) throw new AppError('not_found:handoff', 'This handoff no longer exists.');
    const [note] = await tx
      .insert(handoffNotes)
      .values({ handoffId: args.handoffId, authorId: args.authorId, authorEmail: args.authorEmail, body: args.body })
      .returning({ id: handoffNotes.id, authorEmail: handoffNotes.authorEmail, body: handoffNotes.body, createdAt: handoffNotes.createdAt });
    await tx.update(handoffs).set({ updatedAt: sql`now()` }).where(eq(handoffs.id, args.handoffId));
    return note;
  });
}

/** Enabled editors and admins: the accounts that may work a handoff. */
const canWorkHandoffs = and(inArray(adminUsers.role, ['editor', 'admin']), eq(adminUsers.banned, false));

/** Accounts that a handoff can be assigned to (enabled editors and admins), by email. */
export async function listAssignableAdmins(db: Db): Promise<{ id: number; email: string }[]> {
  return db.select({ id: adminUsers.id, email: adminUsers.email }).from(adminUsers).where(canWorkHandoffs).orderBy(asc(adminUsers.email));
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
      .set({ status: 'released', releasedAt: sql`now()`, releasedBy: args.releasedBy, updatedAt: sql`now()` })
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
