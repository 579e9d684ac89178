/**
 * The chat model, asked by role: the offline extractive model by default; with `OPENAI_API_KEY`
 * the hosted `OPENAI_CHAT_MODEL` through `@ai-sdk/openai` (Chat Completions, so any
 * OpenAI-compatible server at `OPENAI_BASE_URL` works: Ollama, vLLM, LM Studio).
 */
import 'server-only';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { env } from '@/lib/env';
import { createLocalChatModel, LOCAL_CHAT_MODEL_LABEL } from './local-chat';

export interface ActiveChatModel {
  model: LanguageModelV3;
  /** Stored with every assistant message. */
  id: string;
  /** Shown under every answer. */
  label: string;
  local: boolean;
}

/** The chat model for this request (cheap: the local model is created per call). */
export async function getChatModel(): Promise<ActiveChatModel> {
  const e = env();
  if (e.OPENAI_API_KEY) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const provider = createOpenAI({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL });
    return { model: provider.chat(e.OPENAI_CHAT_MODEL), id: `openai:${e.OPENAI_CHAT_MODEL}`, label: e.OPENAI_CHAT_MODEL, local: false };
  }
  const model = createLocalChatModel({ wordDelayMs: e.RESOLVE_LOCAL_STREAM_DELAY_MS });
  return { model, id: model.modelId, label: LOCAL_CHAT_MODEL_LABEL, local: true };
}
