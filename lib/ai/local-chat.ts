/**
 * The offline chat model: an AI SDK `LanguageModelV3` that runs the same tool loop as a hosted
 * model. Step 1: it calls the `search_help_center` tool with the contextual query of the
 * conversation. Step 2: given the tool result, it streams an extractive, cited answer
 * (lib/assistant/compose.ts) or says the help center does not cover the question. It never
 * follows text inside sources: it only copies sentences out of them.
 */
import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Message, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { ADVICE_TEXT, alreadyQuotedText, composeAnswer, NOTHING_CLOSE_TEXT, OTHER_LANGUAGE_HINT, repeatsEarlierAnswer, withoutRepeatedBlocks } from '@/lib/assistant/compose';
import { mayBeNonEnglish } from '@/lib/assistant/language';
import { contentWords, danglingReference, retrievalQueries, withoutMarkup } from '@/lib/assistant/context';
import { affirms, conversationRecap, danglingReply, smallTalkReply } from '@/lib/assistant/small-talk';
import {
  draftedRequest,
  draftHandoffFromConversation,
  draftWithAddedDetails,
  HANDOFF_FORM_TEXT,
  HANDOFF_PREPARED_TEXT,
  HANDOFF_UPDATED_EMAIL_TEXT,
  HANDOFF_UPDATED_TEXT,
  wantsHuman,
} from '@/lib/assistant/handoff';
import type { SearchToolOutput } from '@/lib/assistant/passages';
import { HANDOFF_TOOL_NAME, type HandoffInput } from '@/lib/assistant/tools/handoff-to-human';

export { GOODBYE_TEXT, SMALL_TALK_TEXT, THANKS_TEXT } from '@/lib/assistant/small-talk';

export const LOCAL_CHAT_MODEL_ID = 'resolve-extractive-1';
/** Shown under every local answer. */
export const LOCAL_CHAT_MODEL_LABEL = 'Resolve offline model (extractive: quotes the help center)';
export const SEARCH_TOOL_NAME = 'search_help_center';

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: output, text: output, reasoning: 0 },
});

function textOf(m: LanguageModelV3Message): string {
  if (m.role === 'system') return m.content;
  return m.content.map((p) => (p.type === 'text' ? p.text : '')).join(' ');
}

/**
 * The user's messages, oldest first, each with the text of the assistant's messages after it up to
 * the next user message ('' when none: the latest message).
 */
function userTurnsWithReplies(prompt: LanguageModelV3Message[]): { user: string; reply: string }[] {
  const turns: { user: string; reply: string }[] = [];
  for (const m of prompt) {
    if (m.role === 'user') turns.push({ user: textOf(m), reply: '' });
    else if (m.role === 'assistant' && turns.length) turns[turns.length - 1].reply = `${turns[turns.length - 1].reply} ${textOf(m)}`.trim();
  }
  return turns;
}

export type StepPlan =
  | { kind: 'tool'; toolName: typeof SEARCH_TOOL_NAME; input: { query: string; alternative?: string } }
  | { kind: 'tool'; toolName: typeof HANDOFF_TOOL_NAME; input: HandoffInput }
  | { kind: 'text'; text: string };

/**
 * The decision for one step: a tool call or text. Exported for tests.
 * - The user asks for a human (or says yes to the offer) → `handoff_to_human` with a draft written
 *   from the conversation, then a short text pointing at the form; details typed right after it
 *   ("my account email is …") → the draft again with them added (`draftWithAddedDetails`).
 * - Small talk gets its reply; a first question that points at nothing said ("how do I cancel
 *   it?", `danglingReference`) gets asked what it is about; a question about the conversation
 *   itself ("what did I ask before?") gets the user's earlier questions (`conversationRecap`).
 * - Otherwise → `search_help_center` with the contextual query, then the extractive answer.
 * @param prompt the call's prompt (system, user, assistant and tool messages).
 * @param toolNames the tools offered in this call.
 */
export function planStep(prompt: LanguageModelV3Message[], toolNames: string[]): StepPlan {
  const lastUser = prompt.map((m) => m.role).lastIndexOf('user');
  const userTurns = prompt.filter((m) => m.role === 'user').map(textOf);
  const before = prompt.slice(0, Math.max(lastUser, 0)).filter((m) => m.role === 'assistant');
  const previousAssistant = before.length ? textOf(before[before.length - 1]) : '';
  const queries = retrievalQueries(userTurns, previousAssistant);
  const query = queries.primary.slice(0, 500);
  const after = prompt.slice(lastUser + 1);
  let output: SearchToolOutput | null = null;
  let handedOff = false;
  for (const m of after) {
    if (m.role !== 'tool') continue;
    for (const part of m.content) {
      if (part.type !== 'tool-result') continue;
      if (part.toolName === SEARCH_TOOL_NAME && part.output.type === 'json') output = part.output.value as unknown as SearchToolOutput;
      if (part.toolName === HANDOFF_TOOL_NAME) handedOff = true;
    }
  }
  const lastText = lastUser >= 0 ? userTurns[userTurns.length - 1] : '';
  if (handedOff) {
    if (!draftedRequest(previousAssistant)) return { kind: 'text', text: HANDOFF_PREPARED_TEXT };
    // An email address typed into the chat reaches the model as "[email]" (the route redacts it).
    return { kind: 'text', text: lastText.includes('[email]') ? HANDOFF_UPDATED_EMAIL_TEXT : HANDOFF_UPDATED_TEXT };
  }
  const canHandOff = !output && toolNames.includes(HANDOFF_TOOL_NAME) && !!lastText;
  const turns = canHandOff ? userTurnsWithReplies(prompt) : [];
  // Details typed after the request was drafted ("my account email is …, order 4411") go into it.
  const updated = canHandOff ? draftWithAddedDetails(turns) : null;
  if (updated) return { kind: 'tool', toolName: HANDOFF_TOOL_NAME, input: updated };
  if (canHandOff && wantsHuman(lastText, previousAssistant)) {
    // Asked again after a draft ("that didn't work" drafted it, then "talk to a human"): the answer
    // the user followed is the last one before the draft, whose article the steps tried name.
    const afterDraft = draftedRequest(previousAssistant);
    const answered = afterDraft ? (turns.findLast((t) => t.reply && !draftedRequest(t.reply))?.reply ?? '') : previousAssistant;
    return { kind: 'tool', toolName: HANDOFF_TOOL_NAME, input: draftHandoffFromConversation(userTurns, answered, afterDraft) };
  }
  // A greeting, thanks, a goodbye or an emoji has nothing to look up: answer in kind, without offering a human.
  // A yes to the drafted request: it is sent from its form, not from the chat.
  if (!output && draftedRequest(previousAssistant) && lastText && affirms(lastText)) return { kind: 'text', text: HANDOFF_FORM_TEXT };
  const smallTalk = !output && lastText ? smallTalkReply(lastText, previousAssistant) : null;
  if (smallTalk) return { kind: 'text', text: smallTalk };
  // "what did I ask before?" is about this conversation, not the help center.
  const recap = !output && lastText ? conversationRecap(lastText, userTurns.slice(0, -1)) : null;
  if (recap) return { kind: 'text', text: recap };
  // The first question of the conversation ("hi" aside) that points at nothing said: ask what about.
  const dangling = !output && lastText && !userTurns.slice(0, -1).some((t) => contentWords(withoutMarkup(t)).length > 0) ? danglingReference(withoutMarkup(lastText)) : null;
  if (dangling) return { kind: 'text', text: danglingReply(dangling) };
  if (!output && toolNames.includes(SEARCH_TOOL_NAME) && query) {
    return { kind: 'tool', toolName: SEARCH_TOOL_NAME, input: queries.alternative ? { query, alternative: queries.alternative.slice(0, 500) } : { query } };
  }
  if (!query) return { kind: 'text', text: 'Ask me a question about our products and I will look it up in the help center.' };
  const sources = output?.sources ?? [];
  // The search tool's answerability decision (lib/assistant/answerability.ts) says whether and from what to answer.
  const decision = output?.answerable ?? { answer: false, lead: null, also: [] };
  if (output?.answerable?.clarify) return { kind: 'text', text: productChoiceText(output.answerable.clarify.products.map((p) => p.title)) };
  // Nothing found comes close (an off-topic question): say so, without offering a ticket about it.
  // The articles are English: a refusal of a message that may be in another language says so.
  const hint = (refusal: string) => (lastText && mayBeNonEnglish(lastText) ? `${refusal} ${OTHER_LANGUAGE_HINT}` : refusal);
  if (output?.answerable?.advice) return { kind: 'text', text: ADVICE_TEXT };
  if (output?.answerable?.offTopic) return { kind: 'text', text: hint(NOTHING_CLOSE_TEXT) };
  const composed = composeAnswer(output?.quoteFor ?? output?.query ?? query, sources, decision);
  if (!composed.grounded) return { kind: 'text', text: hint(composed.text) };
  // A follow-up whose best passage is one already quoted in this conversation gets no second copy of it.
  // The passage the answer leads with (the model's lead, or the next one when the lead had nothing to quote).
  const lead = sources.find((s) => s.n === composed.cited[0]);
  const earlier = before.map(textOf);
  if (lead && composed.cited.length && earlier.some((e) => repeatsEarlierAnswer(composed.text, e))) return { kind: 'text', text: alreadyQuotedText(lastText, lead, earlier) };
  // …and one that quotes more than an earlier answer gets only the part not quoted yet.
  return { kind: 'text', text: withoutRepeatedBlocks(composed.text, earlier) };
}

/**
 * The question asked instead of an answer when the product is unclear.
 * @param titles products, most likely first (≥ 2).
 * @returns e.g. "Which product is this about: Polar, Spree Commerce or BTCPay Server? …".
 */
export function productChoiceText(titles: string[]): string {
  const list = titles.length > 1 ? `${titles.slice(0, -1).join(', ')} or ${titles.at(-1)}` : (titles[0] ?? '');
  return `Which product is this about: ${list}? The help center covers each of them, and the answer differs. Pick one below, or name it in your question.`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new DOMException('Aborted', 'AbortError'));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Creates the local model.
 * @param opts.wordDelayMs pause between streamed words in ms (default 0: the answer is ready, so it
 *   is sent at once; the end-to-end tests set RESOLVE_LOCAL_STREAM_DELAY_MS to have time to press Stop).
 */
export function createLocalChatModel(opts: { wordDelayMs?: number } = {}): LanguageModelV3 {
  const delay = opts.wordDelayMs ?? 0;
  return {
    specificationVersion: 'v3',
    provider: 'resolve-local',
    modelId: LOCAL_CHAT_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options: LanguageModelV3CallOptions) {
      const plan = planStep(
        options.prompt,
        (options.tools ?? []).map((t) => t.name),
      );
      if (plan.kind === 'tool') {
        return {
          content: [{ type: 'tool-call', toolCallId: `call_${Date.now().toString(36)}`, toolName: plan.toolName, input: JSON.stringify(plan.input) }],
          finishReason: { unified: 'tool-calls', raw: 'tool-calls' },
          usage: usage(0, 0),
          warnings: [],
        };
      }
      return { content: [{ type: 'text', text: plan.text }], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(0, 0), warnings: [] };
    },
    async doStream(options: LanguageModelV3CallOptions) {
      const plan = planStep(
        options.prompt,
        (options.tools ?? []).map((t) => t.name),
      );
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'response-metadata', id: `resp_${Date.now().toString(36)}`, modelId: LOCAL_CHAT_MODEL_ID, timestamp: new Date() });
          if (plan.kind === 'tool') {
            const id = `call_${Math.random().toString(36).slice(2, 10)}`;
            controller.enqueue({ type: 'tool-call', toolCallId: id, toolName: plan.toolName, input: JSON.stringify(plan.input) });
            controller.enqueue({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool-calls' }, usage: usage(0, 0) });
            controller.close();
            return;
          }
          const id = 'txt_0';
          controller.enqueue({ type: 'text-start', id });
          const pieces = plan.text.match(/\S+\s*|\s+/g) ?? [];
          try {
            for (const piece of pieces) {
              if (delay > 0) await sleep(delay, signal);
              else if (signal?.aborted) throw signal.reason;
              controller.enqueue({ type: 'text-delta', id, delta: piece });
            }
          } catch (err) {
            controller.error(err);
            return;
          }
          controller.enqueue({ type: 'text-end', id });
          controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(0, pieces.length) });
          controller.close();
        },
      });
      return { stream };
    },
  };
}
