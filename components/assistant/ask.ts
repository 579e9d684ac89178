/**
 * Opening the assistant from anywhere, without importing its state: a DOM event that
 * AssistantProvider listens for. `askAssistant('How do refunds work?')` opens the panel (the drawer,
 * or the /assistant page's composer) with the question in the input; `{ send: true }` sends it too.
 */
export const ASK_EVENT = 'resolve:ask';
export const PALETTE_EVENT = 'resolve:palette';

export interface AskDetail {
  question?: string;
  send?: boolean;
}

export function askAssistant(question?: string, opts: { send?: boolean } = {}): void {
  window.dispatchEvent(new CustomEvent<AskDetail>(ASK_EVENT, { detail: { question, send: opts.send } }));
}

export function openSearchPalette(): void {
  window.dispatchEvent(new CustomEvent(PALETTE_EVENT));
}
