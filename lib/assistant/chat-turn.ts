/**
 * One assistant turn, as the verb behind POST /api/chat: prepares the history (redacted, text
 * only for the model), runs the tool loop with the active chat model, post-processes the answer
 * (citations that map to this turn's sources, follow-up suggestions), falls back to search
 * results when the model fails, and saves the conversation — also when the user pressed Stop.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { createUIMessageStream, stepCountIs, streamText, type InferUIMessageChunk, type ModelMessage } from 'ai';
import type { Db } from '@/db/client';
import { beginConversationTurn, getConversationStatus, saveConversation } from '@/db/queries/conversations';
import type { ActiveChatModel } from '@/lib/ai/chat-model';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { redactText } from '@/lib/privacy/redact';
import { LEG_WEIGHTS, RRF_K } from '@/lib/search/fusion';
import { activeEmbeddingModelId, searchArticles } from '@/lib/search/hybrid';
import type { AnswerProvenance } from '@/db/schema';
import { mayBeNonEnglish } from './language';
import { ANSWERABILITY_MODEL } from './answerability';
import { listProducts, resolveProduct } from '@/db/queries/collections';
import { createCitationRenumberer, type CitationStep } from './citation-stream';
import { normalizeMessageCitations, stripCitationMarkers } from './citations';
import { hasVisibleText } from '@/lib/content/title';
import { asksAboutConversation, contextualQuery } from './context';
import { storedModelLabel } from './conversation';
import { fallbackText } from './fallback';
import { HANDOFF_PAUSED_TEXT } from './handoff';
import { SEARCH_RESULTS_LABEL, type AssistantMetadata, type AssistantUIMessage } from './messages';
import { getArticleOutlines } from './outlines';
import type { ProductChoice, SourcePassage } from './passages';
import { systemPrompt } from './prompt';
import { MAX_HISTORY_MESSAGES, MAX_MESSAGE_CHARS, messageText, type ChatRequest } from './request';
import { suggestFollowUps } from './suggestions';
import { experimentForVisitor, type TurnExperiment } from '@/lib/experiments/turn';
import { HANDOFF_TOOL_NAME, handoffToHumanTool, type CitedArticle } from './tools/handoff-to-human';
import { SEARCH_TOOL_LIMIT, searchHelpCenterTool, type SearchCallRecord } from './tools/search-help-center';

/** Steps per turn: search, (maybe a second search or the handoff), answer. */
const MAX_STEPS = 4;

export interface PreparedTurn {
  /** The history as stored: user text redacted and NUL-free, assistant citations normalized. */
  uiMessages: AssistantUIMessage[];
  /** What the model sees: the last 20 messages as plain text (tool parts never reach it). */
  modelMessages: ModelMessage[];
  /** The user's messages, oldest first (redacted). */
  userTurns: string[];
  /** Articles cited by earlier answers, for the handoff form. */
  citedArticles: CitedArticle[];
  /** The URLs earlier answers cited, with their section anchors: a follow-up is not answered with a section already quoted when its article has another for it. */
  quotedUrls?: string[];
  /** Collection (product) to answer from, when the page or the request names one. */
  collection?: string;
  /**
   * Set by startChatTurn: the history came from the database and the user message is already
   * stored at `position`, so only the answer is stored after it. Unset: the whole history is saved.
   */
  stored?: { position: number };
  /** Set by startChatTurn when an experiment is running: the visitor's arm and the knobs it runs with. */
  experiment?: TurnExperiment;
}

/**
 * Validates the last message of a chat request and returns it as it is stored.
 * @returns the user message: one text part, NUL-free and redacted.
 * @throws AppError `bad_request:message` (last message not from the user, or empty or only
 *   zero-width characters),
 *   `payload_too_large:message` (over 4000 characters).
 */
function newUserMessage(body: ChatRequest): AssistantUIMessage {
  const last = body.messages[body.messages.length - 1];
  if (last.role !== 'user') throw new AppError('bad_request:message', 'The last message must be from the user.');
  const lastText = messageText(last as never)
    .replaceAll('\u0000', '')
    .trim();
  // Only spaces or zero-width characters (U+200B…) say nothing either: not a greeting to answer.
  if (!hasVisibleText(lastText)) throw new AppError('bad_request:message', 'Type a question first.');
  if (lastText.length > MAX_MESSAGE_CHARS) {
    throw new AppError('payload_too_large:message', `Your message is too long (at most ${MAX_MESSAGE_CHARS} characters).`);
  }
  return {
    id: last.id,
    role: 'user',
    parts: [
      {
        type: 'text',
        text: redactText(
          messageText(last as never)
            .replaceAll('\u0000', '')
            .slice(0, MAX_MESSAGE_CHARS),
        ),
      },
    ],
  };
}

/**
 * Validates and prepares a chat request whose whole history is trusted: for in-process callers
 * (evaluation, tests) that hold the history themselves. POST /api/chat uses startChatTurn, which
 * reads the history from the database instead.
 * @throws AppError `bad_request:message` (last message not from the user, or empty),
 *   `payload_too_large:message` (over 4000 characters).
 */
export function prepareChatTurn(body: ChatRequest): PreparedTurn {
  newUserMessage(body);
  const uiMessages: AssistantUIMessage[] = body.messages
    .filter((m) => m.role === 'user' || m.role === 'assistant')
    .map((m) => {
      if (m.role === 'user') {
        const text = redactText(
          messageText(m as never)
            .replaceAll('\u0000', '')
            .slice(0, MAX_MESSAGE_CHARS),
        );
        return { id: m.id, role: 'user', parts: [{ type: 'text', text }] };
      }
      const msg = m as unknown as AssistantUIMessage;
      return { ...msg, parts: normalizeMessageCitations(msg.parts as never).parts as AssistantUIMessage['parts'] };
    });
  return turnOf(uiMessages, body.collection || undefined);
}

/**
 * The turn of POST /api/chat, for a request from a browser client. Only the request's last
 * message is read (the AI SDK re-sends the whole chat; the rest is ignored): the history is the
 * conversation as stored. The conversation belongs to the client that wrote to it first (see
 * beginConversationTurn); the new user message is stored (redacted) before the answer starts.
 * @param args.body the parsed request; args.clientId the browser client (cookie).
 * @returns the prepared turn, with `stored.position` set: runChatTurn then stores only the answer;
 *   `experiment` set when an experiment is running (the client's sticky arm, lib/experiments).
 * @throws AppError `bad_request:message`, `payload_too_large:message` as prepareChatTurn;
 *   `not_found:collection` for an unknown product; `not_found:conversation` when the conversation
 *   is another client's (nothing is stored then).
 */
export async function startChatTurn(db: Db, args: { body: ChatRequest; clientId: string }): Promise<PreparedTurn> {
  const message = newUserMessage(args.body);
  const collection = args.body.collection ? (await resolveProduct(db, args.body.collection)).slug : undefined;
  const { history, position } = await beginConversationTurn(db, { id: args.body.id, clientId: args.clientId, message, modelLabel: storedModelLabel });
  const uiMessages = [...(history as AssistantUIMessage[]).filter((m) => m.role === 'user' || m.role === 'assistant'), message];
  const experiment = (await experimentForVisitor(db, { visitorId: args.clientId })) ?? undefined;
  return { ...turnOf(uiMessages, collection), stored: { position }, experiment };
}

/** The model's view, the user's turns and the cited articles of a history that ends with the new user message. */
function turnOf(uiMessages: AssistantUIMessage[], collection: string | undefined): PreparedTurn {
  const citedArticles: CitedArticle[] = [];
  const quotedUrls: string[] = [];
  for (const m of uiMessages) {
    if (m.role !== 'assistant') continue;
    const sources = m.parts.filter((p) => p.type === 'source-url');
    const { cited } = normalizeMessageCitations(m.parts as never);
    for (const n of cited) {
      const s = sources[n - 1];
      if (s && s.type === 'source-url' && s.url.startsWith('/') && !s.url.startsWith('//')) {
        citedArticles.push({ title: s.title || s.sourceId, url: s.url.split('#')[0] });
        quotedUrls.push(s.url);
      }
    }
  }
  const modelMessages: ModelMessage[] = uiMessages
    .slice(-MAX_HISTORY_MESSAGES)
    .map((m) => ({
      role: m.role as 'user' | 'assistant',
      // Old markers point at old turns' sources; the model numbers each turn afresh.
      content: (m.role === 'assistant' ? stripCitationMarkers(messageText(m as never)) : messageText(m as never)).slice(0, MAX_MESSAGE_CHARS),
    }))
    .filter((m) => m.content.trim().length > 0);
  const userTurns = uiMessages.filter((m) => m.role === 'user').map((m) => messageText(m as never));
  return { uiMessages, modelMessages, userTurns, citedArticles, quotedUrls, collection };
}

type Chunk = InferUIMessageChunk<AssistantUIMessage>;

function writeText(writer: { write: (c: Chunk) => void }, id: string, text: string) {
  writer.write({ type: 'text-start', id });
  writer.write({ type: 'text-delta', id, delta: text });
  writer.write({ type: 'text-end', id });
}

/**
 * Runs one turn and returns the UI message stream (AI SDK v1 protocol chunks).
 * @param args.conversationId the chat id; args.clientId the browser client that owns it.
 * @param args.signal the request's abort signal: Stop in the UI aborts the model's generation.
 * @param args.chat the chat model (local or hosted).
 * @throws AppError `not_found:collection` when the turn names a collection that has no published
 *   article (matched case-insensitively by slug or title; the message lists the valid names).
 * @returns a stream that always ends with a `finish` chunk, unless aborted. The conversation is
 *   saved when the stream ends, is cancelled or is aborted (then the answer is marked `stopped`).
 */
export async function runChatTurn(args: { db: Db; conversationId: string; clientId: string; turn: PreparedTurn; chat: ActiveChatModel; signal: AbortSignal }): Promise<ReadableStream<Chunk>> {
  const { db, chat, signal } = args;
  const started = performance.now();
  // Case-insensitive, by slug or title; unknown → 404 naming the valid ones.
  const turn = args.turn.collection ? { ...args.turn, collection: (await resolveProduct(db, args.turn.collection)).slug } : args.turn;
  const status = await getConversationStatus(db, { id: args.conversationId });
  const paused = status === 'handoff';
  const retrieved: SourcePassage[] = [];
  const searches: SearchCallRecord[] = [];
  let turnOutcome: AnswerProvenance['outcome'] = 'no_search';
  let citedNumbers: number[] = [];
  let choice: ProductChoice | undefined;
  let failed = false;
  let counter = 0;

  return createUIMessageStream<AssistantUIMessage>({
    originalMessages: turn.uiMessages,
    generateId: () => randomUUID(),
    execute: async ({ writer }) => {
      if (paused) {
        writer.write({ type: 'start', messageMetadata: { model: 'Resolve', paused: true } });
        writeText(writer, 'paused', HANDOFF_PAUSED_TEXT);
        writer.write({ type: 'finish', messageMetadata: { model: 'Resolve', paused: true, state: 'complete' } });
        return;
      }
      // A hosted model that hangs is cut off; the user's Stop aborts either kind.
      const timeout = chat.local ? null : AbortSignal.timeout(env().RESOLVE_CHAT_TIMEOUT_MS);
      const abortSignal = timeout ? AbortSignal.any([signal, timeout]) : signal;
      const result = streamText({
        model: chat.model,
        system: systemPrompt({ productName: 'Resolve' }),
        messages: turn.modelMessages,
        tools: {
          search_help_center: searchHelpCenterTool({
            db,
            collection: turn.collection,
            latestMessage: turn.userTurns.at(-1),
            earlierMessages: turn.userTurns.slice(0, -1).filter((m) => !asksAboutConversation(m)),
            quoted: new Set(turn.quotedUrls ?? []),
            nextNumber: () => ++counter,
            onSources: (sources) => retrieved.push(...sources),
            onSearch: (call) => searches.push(call),
            onClarify: (c) => {
              choice = c;
            },
            limit: turn.experiment?.config.searchLimit,
            fusion: turn.experiment ? { k: turn.experiment.config.rrfK, weights: turn.experiment.config.weights } : undefined,
          }),
          handoff_to_human: handoffToHumanTool({ citedArticles: () => turn.citedArticles }),
        },
        stopWhen: stepCountIs(MAX_STEPS),
        maxRetries: chat.local ? 0 : 1,
        abortSignal,
      });
      // Only what the answer cites becomes a source-url part, numbered in order of first citation.
      const citations = createCitationRenumberer((n) => retrieved.find((s) => s.n === n));
      const emit = (id: string, step: CitationStep) => {
        for (const s of step.newSources) writer.write({ type: 'source-url', sourceId: s.slug, url: s.url, title: s.title });
        if (step.text) {
          writer.write({ type: 'text-delta', id, delta: step.text });
        }
      };
      let handedOff = false;
      const ui = result.toUIMessageStream<AssistantUIMessage>({
        sendFinish: false,
        sendSources: false,
        messageMetadata: ({ part }) => (part.type === 'start' ? { model: chat.label } : undefined),
        onError: (err) => {
          console.error('[resolve] chat model error', err);
          return 'model error';
        },
      });
      for await (const chunk of ui) {
        if (chunk.type === 'error') {
          failed = true;
          continue;
        }
        if (chunk.type === 'abort' && timeout?.aborted && !signal.aborted) {
          failed = true;
          continue;
        }
        if (chunk.type === 'text-delta') {
          emit(chunk.id, citations.push(chunk.delta));
          continue;
        }
        if (chunk.type === 'text-end') emit(chunk.id, citations.flush());
        if ((chunk.type === 'tool-input-available' || chunk.type === 'tool-input-start') && chunk.toolName === HANDOFF_TOOL_NAME) handedOff = true;
        writer.write(chunk);
      }
      if (signal.aborted) return;
      const metadata: AssistantMetadata = { model: chat.label, state: 'complete' };
      const cited = citations.cited();
      // The product the answer came from: its citations' (a question that names another product
      // than the page's is answered from that one), else the one last searched (a refusal of
      // "what about in BTCPay?" on a Spree page was searched in BTCPay), else the one the request named.
      const answeredFrom = cited[0]?.collection ?? searches.findLast((c) => c.collection)?.collection ?? turn.collection;
      if (answeredFrom) metadata.collection = answeredFrom;
      citedNumbers = cited.map((s) => s.n);
      turnOutcome = failed ? 'fallback' : handedOff ? 'handoff' : choice && cited.length === 0 ? 'clarify' : cited.length > 0 ? 'answered' : searches.length ? 'refused' : 'no_search';
      if (failed) {
        let sources: { title: string; url: string }[] = retrieved;
        if (sources.length === 0) {
          const query = contextualQuery(turn.userTurns).slice(0, 500);
          const res = query ? await searchArticles(db, { query, limit: 5, collection: turn.collection }).catch(() => null) : null;
          sources = (res?.results ?? []).map((r) => ({ title: r.title, url: `/articles/${r.slug}` }));
        }
        writeText(writer, 'fallback', fallbackText(sources));
        metadata.fallback = true;
      } else if (choice && cited.length === 0 && !handedOff) {
        // Asked which product: chips that ask the same question for one product; no source.
        metadata.clarify = true;
        writer.write({ type: 'data-product-choice', data: choice });
      } else if (cited.length === 0 && searches.length > 0 && !handedOff) {
        // A refusal cites nothing and lists no sources; what the search found is offered apart —
        // unless nothing came close (an off-topic question: "what's the weather in Paris?"), or
        // nothing was searched for (investment advice) or found: still a refusal, as turnOutcome says.
        metadata.refused = true;
        const productTitles = new Map((await listProducts(db).catch(() => [])).map((p) => [p.slug, p.title]));
        // Nor for a message that may be in another language: English words matched by chance
        // ("Comment annuler mon abonnement ?" → BTCPay's Wallet FAQ) are no help.
        const lastMessage = turn.userTurns.at(-1) ?? '';
        const results = searches.some((c) => !c.answerable.offTopic) && !mayBeNonEnglish(lastMessage) ? searchResultsOf(retrieved, productTitles) : [];
        if (results.length) writer.write({ type: 'data-search-results', data: { label: SEARCH_RESULTS_LABEL, results } });
      } else if (cited.length > 0) {
        const questions = await followUps(db, cited, turn.userTurns).catch(() => []);
        if (questions.length) writer.write({ type: 'data-suggestions', data: { questions } });
      }
      writer.write({ type: 'finish', messageMetadata: metadata });
    },
    onError: (err) => {
      console.error('[resolve] chat stream error', err);
      return 'The assistant could not finish this answer. Please try again, or search the help center.';
    },
    onFinish: async ({ messages, responseMessage, isAborted, outcome }) => {
      const stopped = isAborted || signal.aborted || outcome.status === 'aborted';
      const state: 'complete' | 'stopped' = stopped ? 'stopped' : 'complete';
      const { parts } = normalizeMessageCitations(responseMessage.parts as never);
      const response = { ...responseMessage, parts, metadata: { ...responseMessage.metadata, model: paused ? 'Resolve' : chat.label, state } } as AssistantUIMessage;
      try {
        const provenance = paused
          ? null
          : await answerProvenance({ chat, searches, retrieved, cited: citedNumbers, outcome: stopped ? 'stopped' : turnOutcome, collection: turn.collection, experiment: turn.experiment });
        await saveConversation(db, {
          id: args.conversationId,
          clientId: args.clientId,
          ...(turn.stored ? { messages: [response], firstPosition: turn.stored.position + 1 } : { messages: messages.map((m) => (m.id === responseMessage.id ? response : m)) }),
          meta: {
            [responseMessage.id]: {
              modelId: paused ? 'resolve-handoff-notice' : chat.id,
              retrievedChunkIds: paused ? null : retrieved.map((r) => r.chunkId).filter((id): id is number => typeof id === 'number'),
              provenance,
              latencyMs: Math.round(performance.now() - started),
              state,
              experimentId: paused ? null : (turn.experiment?.experimentId ?? null),
              variant: paused ? null : (turn.experiment?.arm ?? null),
            },
          },
        });
      } catch (err) {
        console.error('[resolve] saving the conversation failed', err);
      }
    },
  });
}

/**
 * What produced an answer, as stored in `messages.provenance`: the chat model and the turn's
 * settings, every search call with its answerability decision, every retrieved passage (chunk,
 * article id and version, text, whether the answer cites it) and the decision the answer followed.
 * @param args.cited the original citation numbers (`SourcePassage.n`) the answer cites.
 * @param args.experiment the turn's experiment arm: its knobs replace production's in `config`,
 *   which then also names the experiment and arm.
 */
async function answerProvenance(args: {
  chat: Pick<ActiveChatModel, 'id' | 'label' | 'local'>;
  searches: SearchCallRecord[];
  retrieved: SourcePassage[];
  cited: number[];
  outcome: AnswerProvenance['outcome'];
  collection?: string;
  experiment?: TurnExperiment;
}): Promise<AnswerProvenance> {
  const cited = new Set(args.cited);
  const last = args.searches[args.searches.length - 1];
  const embeddingModel = await activeEmbeddingModelId().catch(() => null);
  return {
    model: {
      id: args.chat.id,
      label: args.chat.label,
      local: args.chat.local,
      config: {
        maxSteps: MAX_STEPS,
        maxRetries: args.chat.local ? 0 : 1,
        timeoutMs: args.chat.local ? null : env().RESOLVE_CHAT_TIMEOUT_MS,
        searchLimit: args.experiment?.config.searchLimit ?? SEARCH_TOOL_LIMIT,
        collection: args.collection ?? null,
        embeddingModel,
        fusion: args.experiment ? { k: args.experiment.config.rrfK, weights: { ...args.experiment.config.weights } } : { k: RRF_K, weights: { ...LEG_WEIGHTS } },
        ...(args.experiment ? { experiment: { id: args.experiment.experimentId, arm: args.experiment.arm } } : {}),
        answerability: { threshold: ANSWERABILITY_MODEL.threshold, trained: ANSWERABILITY_MODEL.trainedOn?.trained ?? null },
      },
    },
    searches: args.searches,
    retrieved: args.retrieved.map((r) => ({
      n: r.n,
      chunkId: r.chunkId ?? null,
      articleId: r.articleId ?? null,
      articleVersion: r.articleVersion ?? null,
      slug: r.slug,
      title: r.title,
      headingPath: r.headingPath,
      url: r.url,
      text: r.text,
      cited: cited.has(r.n),
    })),
    answerability: last ? { answer: last.answerable.answer, probability: last.answerable.probability, threshold: ANSWERABILITY_MODEL.threshold } : null,
    outcome: args.outcome,
  };
}

/** Up to 3 follow-up questions from the headings of the articles the answer cited. */
async function followUps(db: Db, cited: SourcePassage[], asked: string[]): Promise<string[]> {
  const [outlines, products] = await Promise.all([getArticleOutlines(db, { slugs: cited.map((s) => s.slug) }), listProducts(db).catch(() => [])]);
  const quoted = cited.flatMap((s) => s.headingPath.split(' › '));
  return suggestFollowUps({ articles: outlines, exclude: [...quoted, ...asked], max: 3, productNames: products.map((p) => p.title) });
}

/** Retrieved articles, once each, for the refusal's "search results" part. */
function searchResultsOf(retrieved: SourcePassage[], productTitles: Map<string, string>): { title: string; url: string }[] {
  const seen = new Set<string>();
  const shown = retrieved
    .filter((s) => {
      if (seen.has(s.slug)) return false;
      seen.add(s.slug);
      return true;
    })
    .slice(0, 4);
  // Results of several products name theirs, as all-products search results do ("Payouts · Polar").
  const several = new Set(shown.map((s) => s.collection)).size > 1;
  return shown.map((s) => ({ title: several ? `${s.title} · ${productTitles.get(s.collection) ?? s.collection}` : s.title, url: s.url }));
}
