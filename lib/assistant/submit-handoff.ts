/**
 * Storing the handoff form the user confirmed: personal data in the summary and steps is redacted
 * before it reaches the database; the email is kept in the handoff (support replies to it) and
 * redacted in the chat's tool part.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { createHandoff } from '@/db/queries/handoffs';
import { redactText } from '@/lib/privacy/redact';
import { HANDOFF_TOOL_NAME, type HandoffSubmit, type HandoffToolOutput } from './tools/handoff-to-human';

/**
 * Stores a confirmed handoff and pauses the assistant in its conversation (idempotent per tool call).
 * @param args.input the confirmed form (parsed with handoffSubmitSchema).
 * @param args.clientId the browser client; it must own the conversation.
 * @returns `{ id, created, output }`: the handoff id, false for `created` when this tool call was
 *   already submitted, and the tool part's output for the chat to show (email redacted).
 * @throws AppError `not_found:conversation` when the conversation is not this client's;
 *   `not_found:handoff` when the assistant never offered this form (tool call) in it.
 */
export async function submitHandoff(db: Db, args: { input: HandoffSubmit; clientId: string }): Promise<{ id: number; created: boolean; output: Extract<HandoffToolOutput, { status: 'submitted' }> }> {
  const { input, clientId } = args;
  const summary = redactText(input.summary);
  const stepsTried = input.stepsTried.map(redactText).filter((s) => s.trim());
  const output = (handoffId: number): Extract<HandoffToolOutput, { status: 'submitted' }> => ({
    status: 'submitted',
    handoffId,
    email: redactText(input.email),
    summary,
    category: input.category,
    stepsTried,
    citedArticles: input.citedArticles,
  });
  const { id, created, storedOutput } = await createHandoff(db, {
    handoff: {
      conversationId: input.conversationId,
      toolCallId: input.toolCallId,
      clientId,
      email: input.email,
      summary,
      category: input.category,
      stepsTried,
      citedArticles: input.citedArticles,
    },
    toolOutput: output,
    toolPartType: `tool-${HANDOFF_TOOL_NAME}`,
  });
  // A second submit of the same form changes nothing, and says what was sent the first time.
  const first = storedOutput as Extract<HandoffToolOutput, { status: 'submitted' }> | undefined;
  return { id, created, output: !created && first?.status === 'submitted' ? first : output(id) };
}
