/**
 * The assistant's UI message type, shared by the route, the stored conversation and the chat UI:
 * metadata `{ model, state, fallback }` and the `data-suggestions` part (follow-up questions).
 */
import type { UIMessage } from 'ai';

export interface AssistantMetadata {
  /** Label of the model that produced the answer. */
  model?: string | null;
  /** `stopped` when the user pressed Stop or the stream was cut; kept after a reload. */
  state?: 'complete' | 'stopped';
  /** True when the model failed and the answer lists search results instead. */
  fallback?: boolean;
  /** True for the notice sent while the conversation waits for a human. */
  paused?: boolean;
  /** True when the assistant searched and found nothing that answers: no sources are cited. */
  refused?: boolean;
  /** The assistant asked which product the question is about (no answer, no source). */
  clarify?: boolean;
  /** The collection (product) the answer came from: its cited articles', else the one last searched, else the one the request named (absent when none). */
  collection?: string;
}

/** Heading of the search results offered under a refusal (they are not citations). */
export const SEARCH_RESULTS_LABEL = 'Search results that might help (not used in this answer)';

export type AssistantDataParts = {
  /** 0–3 follow-up questions made from the headings of the cited articles. */
  suggestions: { questions: string[] };
  /** Under a refusal: what the search found, labelled as search results, never as sources. */
  'search-results': { label: string; results: { title: string; url: string }[] };
  /** Instead of an answer: which product the question is about (chips that ask it again for one). */
  'product-choice': { question: string; products: { slug: string; title: string }[] };
};

export type AssistantUIMessage = UIMessage<AssistantMetadata, AssistantDataParts>;
