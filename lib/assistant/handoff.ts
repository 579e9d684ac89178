/**
 * Reaching a human from the conversation: when a user asks for one (or accepts the offer), and the
 * draft the offline model writes for the handoff form. Pure functions; the tool itself is in
 * tools/handoff-to-human.ts and storage in db/queries/handoffs.ts.
 */
import { contentWords, stem } from '@/lib/search/words';
import { dependsOnHistory, switchesTopic } from './context';
import { HANDOFF_OFFER, NOT_COVERED_TEXT, NOTHING_CLOSE_TEXT } from './compose';
import { affirms, isBareOk, smallTalkReply } from './small-talk';
import { BARE_REQUEST_SUMMARY, type HandoffCategory, type HandoffInput } from './tools/handoff-to-human';

/** Who a user can ask for: a person at the company, never a thing ("a human-readable name"). */
const PERSON = String.raw`(?:(?:a|an|the|some)\s+)?(?:real\s+|live\s+|actual\s+)?(?:person|human|someone|some\s+one|somebody|agent|representative|rep|operator)(?![-\w])`;
/** Words after the person that make it a product question ("a representative of my company"). */
const NOT_A_REQUEST = String.raw`(?!\s+(?:of|from|account|accounts|role|roles|user|users|seat|seats|string|field|id|name)\b)`;

/**
 * A request for a person, in words: "talk to a person", "contact support", "I need a human",
 * "agent please". The nouns alone inside a question ("How do I add a human-readable name?", "Can a
 * representative of my company join?", "What is a user agent string?") are not a request.
 */
const ASKS_FOR_HUMAN = new RegExp(
  [
    // talk/speak/chat to a person, support, your team
    String.raw`\b(?:talk|speak|chat|get\s+in\s+touch)\s+(?:to|with)\s+(?:${PERSON}|(?:(?:the|your|a)\s+)?(?:support(?:\s+(?:team|staff|agent))?|customer\s+(?:service|support)|help\s*desk|staff)\b|your\s+team\b)`,
    String.raw`\b(?:contact|reach|call|email|e-mail|escalate\s+to)\s+(?:the\s+|your\s+)?(?:support|help\s*desk|customer\s+service)\b`,
    String.raw`\b(?:real|live)\s+(?:person|human|agent)\b`,
    String.raw`\bhuman\s+(?:agent|support|being)\b`,
    // I want / need / get me / can I have … a person
    String.raw`\b(?:i\s+(?:want|need|would\s+like)(?:\s+to\s+(?:talk|speak)\s+(?:to|with))?|get\s+me|give\s+me|let\s+me\s+(?:talk|speak)\s+(?:to|with)|can\s+i\s+(?:get|have|talk\s+to|speak\s+to|talk\s+with|speak\s+with))\s+${PERSON}${NOT_A_REQUEST}`,
    String.raw`\bconnect\s+me\b`,
    // the company behind the help center: "can I call you?", "what is your phone number?", "your
    // company's email address" (answered from Spree's store-settings phone field before; "your
    // store's phone number" is the user's own store and stays a question)
    String.raw`\b(?:call|phone|email|e-mail|contact|reach|ring)\s+you(?:\s+(?:guys|directly|folks))?\s*(?:[?.!,]|$|\b(?:by|on|at|via|over)\b)`,
    String.raw`\byour\s+(?:company(?:'s|s)?\s+|support(?:\s+team(?:'s|s)?)?\s+|customer\s+(?:service|support)\s+|office\s+)?(?:(?:tele)?phone(?:\s+number)?|e-?mail(?:\s+address)?|contact\s+(?:details|info(?:rmation)?|number)|hotline)\s*(?:[?.!]|$)`,
    String.raw`\bopen\s+a\s+(?:ticket|case)\b`,
    String.raw`\bsupport\s+ticket\b`,
    // the whole message is the person: "agent", "agent please", "human!", "support now"
    String.raw`^\s*(?:please\s+|pls\s+)?(?:${PERSON}|support|customer\s+service|live\s+chat)(?:\s*,?\s*(?:please|pls|now|asap))?\s*[.!?]*\s*$`,
  ].join('|'),
  'i',
);

const AFFIRMATIVE = /^\s*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|please(?: do)?|yes,? please|do it|go ahead|that would (?:help|be great)|sounds good|connect me|please connect me)\b[\s\S]{0,40}$/i;
/**
 * What turns a message that opens with "ok"/"yes" into something else: a question of its own ("ok
 * and how long until they get cut off", "yes but what about partial refunds?") or thanks that close
 * the topic ("ok thanks, that worked").
 */
const NOT_ACCEPTING =
  /\?|\b(?:and|but|also|so|then|what|how|when|where|why|which|who|whose|can|could|does|do|did|is|are|will|would|should|thanks?|thank you|thx|ty|got it|great|perfect|worked|works|solved|fixed|never ?mind|no need)\b/i;

/**
 * Whether a message says yes to the offer to connect with support ("yes please", "sure", "ok,
 * connect me"), not a follow-up question or thanks that happens to open with "ok".
 * @param text the latest user message.
 */
function acceptsOffer(text: string): boolean {
  const m = AFFIRMATIVE.exec(text);
  if (!m) return false;
  const opener = /^\s*(?:yes,? please(?: do)?|please(?: do)?|yes|yeah|yep|yup|sure|ok(?:ay)?|do it|go ahead|that would (?:help|be great)|sounds good|(?:please )?connect me)\b/i.exec(text);
  const rest = opener ? text.slice(opener[0].length) : text;
  return !NOT_ACCEPTING.test(rest);
}

/**
 * The answer did not solve it: "that didn't help", "still not working", "it doesn't work", "this is
 * useless". Said
 * right after an answer, the help center has given what it has; the next step is a person, with
 * what was tried already collected.
 */
const DID_NOT_HELP =
  /\b(?:(?:that|this|it|the answer|your answer)\s+(?:did\s*n[o']?t|does\s*n[o']?t|didnt|doesnt|did not|does not|is\s*n[o']?t|isnt|is not|was\s*n[o']?t|wasnt|was not)\s+(?:help(?:ful|ing)?|work(?:ing)?|solve\s+(?:it|anything|my\s+problem)|fix\s+(?:it|anything)|answer\s+my\s+question)|not\s+helpful|(?:still|stil)\s+(?:not\s+working|does\s*n[o']?t\s+work|doesnt\s+work|failing|broken|the\s+same\s+(?:problem|error|issue))|(?:tried|done)\s+(?:that|this|it)\s+(?:already|before)|already\s+tried\s+(?:that|this|it)|(?:that|this|it|that\s+answer|this\s+answer)\s+(?:is|was|'s|s)\s+useless|useless\s+answer|^\s*(?:you(?:'re|\s+are|r)\s+)?(?:so\s+|such\s+a\s+|a\s+)?useless(?:\s+(?:bot|assistant|thing))?\s*[.!]*\s*$)/i;

/** Whether an assistant text offered to connect the user with support. */
function offeredHandoff(assistantText: string): boolean {
  return assistantText.includes(HANDOFF_OFFER) || assistantText.includes(NOT_COVERED_TEXT) || /connect you with (?:our|the) support team/i.test(assistantText);
}

/**
 * Whether the latest user message asks for a human: in words ("talk to a person", "contact
 * support", "agent"), by saying yes right after the assistant offered it, or by saying right
 * after an answer that it did not help ("that didn't help, it's still failing").
 * @param lastUser the latest user message.
 * @param previousAssistant the assistant message before it ('' if none).
 */
export function wantsHuman(lastUser: string, previousAssistant = ''): boolean {
  if (ASKS_FOR_HUMAN.test(lastUser)) return true;
  if (previousAssistant.trim() && DID_NOT_HELP.test(lastUser)) return true;
  // A bare "ok" after an answer acknowledges it: the answer's closing offer is conditional ("If
  // this doesn't solve it, I can connect you…"). After a refusal, which asks, "ok" says yes.
  if (isBareOk(lastUser) && !previousAssistant.includes(NOT_COVERED_TEXT)) return false;
  return acceptsOffer(lastUser) && offeredHandoff(previousAssistant);
}

const CATEGORY_WORDS: [HandoffCategory, RegExp][] = [
  ['refunds', /\b(refund|dispute|chargeback)/i],
  ['payouts', /\b(payout|bank account|transfer to my bank|settlement)/i],
  ['billing', /\b(invoice|subscription|plan|fee|pricing|vat|tax|bill)/i],
  ['account', /\b(password|2fa|two-factor|login|log in|sign in|locked|account|team|verify|verification)/i],
  ['technical', /\b(api|webhook|integration|sdk|error|bug|key)/i],
  ['payments', /\b(payment|charge|card|declined|checkout|3d secure)/i],
];

/** The closest handoff category for a problem text ('other' when nothing matches). */
export function guessCategory(text: string): HandoffCategory {
  for (const [cat, re] of CATEGORY_WORDS) if (re.test(text)) return cat;
  return 'other';
}

/** A message that asks a question (a statement such as "I already re-entered my bank details" adds to the problem instead). */
const ASKS = /\?$|^(?:how|what|where|why|when|which|who|can|could|is|are|do|does|did|will|would|should)\b/i;

/**
 * The offline model's handoff draft, written from the conversation: the problem is the latest
 * topic (from the last message that changes it, by saying so or by asking a new question that
 * shares no word with the earlier ones), its first and latest question quoted.
 * A last message that says the answer did not help ("that didn't work, still getting 403") is
 * no question of the problem: the summary reports it as the user's result, and `stepsTried` holds
 * the answer they followed (the article it came from, when the previous answer names one) with it.
 * @param userTurns the user's messages, oldest first; the last one is the request for a human.
 * @param previousAnswer the assistant message before the last user message ('' if none); asked
 *   right after a draft, the last answer before the draft.
 * @param afterDraft the request comes right after a draft (default false): the latest "that didn't
 *   work" followed `previousAnswer`.
 * @returns `{ summary, category, stepsTried }`; the summary quotes the user's problem (already
 *   redacted by the route) and says the help center answer did not resolve it (or, for a first
 *   message that asks for a person, that no answer was given before).
 */
export function draftHandoffFromConversation(userTurns: string[], previousAnswer = '', afterDraft = false): HandoffInput {
  const lastTurn = userTurns.at(-1) ?? '';
  // "that didn't work, still getting 403" right after an answer: the user's result, not a question.
  const notHelped = userTurns.length > 1 && previousAnswer.trim() !== '' && DID_NOT_HELP.test(lastTurn);
  // After a refusal there was no answer to follow: the help center had none.
  const refused = previousAnswer.includes(NOT_COVERED_TEXT) || previousAnswer.includes(NOTHING_CLOSE_TEXT);
  // Said with a request for a person ("that did not help, I need a human"), the request's problem part stays a turn.
  const onlyResult = notHelped && !ASKS_FOR_HUMAN.test(lastTurn);
  // Thanks, greetings and "yes please" are no part of the problem. The first question states it; a
  // later one ("and how long does it take?") adds to it.
  // An earlier "that didn't work, still getting 403" is a result too (a draft asked for again
  // after it, "can i talk to a human", keeps it): no question of the problem, a step tried.
  const earlierResults = userTurns.slice(0, -1).filter((t, i) => i > 0 && DID_NOT_HELP.test(t) && !ASKS_FOR_HUMAN.test(t));
  const all = userTurns
    .slice(0, onlyResult ? -1 : undefined)
    .map((t, i) => (i < userTurns.length - 1 || !wantsHuman(t) ? t : problemPart(t)))
    .filter((t) => t && !acceptsOffer(t) && !smallTalkReply(t) && !earlierResults.includes(t));
  // The problem is the latest topic: "ok different question: how do I export my customers?" after
  // two payout questions starts it again, and so does a whole new question that shares no word
  // with the earlier ones ("How long do payouts take?" after "My payout never arrived" does not).
  const topicStart = all.findLastIndex((t, k) => {
    if (k === 0) return true;
    if (switchesTopic(t)) return true;
    const earlier = new Set(all.slice(0, k).flatMap((x) => contentWords(x).map(stem)));
    return ASKS.test(t.trim()) && !dependsOnHistory(t, all[k - 1]) && !contentWords(t).some((w) => earlier.has(stem(w)));
  });
  const problems = all.slice(Math.max(0, topicStart));
  const picked = problems.length > 2 ? [problems[0], problems[problems.length - 1]] : problems;
  const quoted = picked.map((t) => `“${t.replace(/\s+/g, ' ').trim().slice(0, 300)}”`);
  // Only earlier turns were answered from the articles; a first message that asks for a person
  // was never searched, so nothing "did not resolve it".
  const result = `“${lastTurn.replace(/\s+/g, ' ').trim().slice(0, 300)}”`;
  const summary = quoted.length
    ? onlyResult
      ? refused
        ? `The user asked ${quoted.join(' and then ')}. The help center had no answer to it, and they then said ${result}.`
        : `The user asked ${quoted.join(' and then ')}. They followed the help center's answer, and it did not resolve it${problemPart(lastTurn) ? `: ${result}` : ''}.`
      : userTurns.length > 1
        ? `The user asked ${quoted.join(' and then ')}. The help center articles did not resolve it, and they asked to talk to the support team.`
        : `The user asked ${quoted.join(' and then ')}, and asked to talk to the support team directly, before any help center answer.`
    : BARE_REQUEST_SUMMARY;
  const said = userTurns
    .slice(0, onlyResult ? -1 : undefined)
    .flatMap((t) => t.split(/(?<=[.!?])\s+/))
    .filter((s) => /\b(tried|already|i did|i have|i've|restarted|reset|checked|followed)\b/i.test(s))
    .map((s) => s.trim().slice(0, 300));
  // Quoted when it says more than that it did not help ("still getting 403"); "useless bot" is not.
  const quoteResult = (t: string) => (problemPart(t) ? `: “${t.replace(/\s+/g, ' ').trim()}”` : '; it did not resolve the problem');
  // The answer the user followed, by the article it quoted ("Full article: [Title](…)").
  const article = /Full article: \[([^\]]+)\]/.exec(previousAnswer)?.[1];
  const answer = `Followed the help center's answer${article ? ` from “${article}”` : ''}`;
  const followed = notHelped && !refused ? [(onlyResult ? `${answer}${quoteResult(lastTurn)}` : `${answer}; it did not resolve the problem`).slice(0, 300)] : [];
  // Asked again right after a draft ("that didn't work", the draft, then "talk to a human"), the
  // latest of them followed `previousAnswer`, whose article it names.
  const earlier = earlierResults.map((t, i) => `${afterDraft && i === earlierResults.length - 1 ? answer : "Followed the help center's answer"}${quoteResult(t)}`.slice(0, 300));
  const stepsTried = [...earlier, ...followed, ...said.filter((x) => !earlierResults.some((t) => t.includes(x)))].slice(0, 5);
  return { summary: summary.slice(0, 2000), category: guessCategory(problems.join(' ')), stepsTried };
}

/**
 * The problem a request for a human also states ("My order was charged twice, I need a real
 * person now" → "My order was charged twice"): its clauses that neither ask for a person, say an
 * answer did not help nor accept an offer.
 * @returns those clauses, or '' when fewer than two content words are left (a bare "agent please").
 */
function problemPart(text: string): string {
  const rest = text
    .split(/(?<=[.!?;,])\s+|\s+(?:but|and|so)\s+/i)
    .filter((c) => !ASKS_FOR_HUMAN.test(c) && !DID_NOT_HELP.test(c) && !acceptsOffer(c))
    .join(' ')
    .replace(/[\s,;]+$/, '')
    .trim();
  return contentWords(rest).length >= 2 ? rest : '';
}

/** What the offline model says after preparing the form. */
export const HANDOFF_PREPARED_TEXT =
  "I've prepared a request for our support team from this conversation. Check the details below, add the email address they should reply to, and press **Send to support**. Nothing is sent until you do.";

/** What the offline model says after adding what the user typed to the drafted request (`draftWithAddedDetails`). */
export const HANDOFF_UPDATED_TEXT =
  "I've added that to the request for our support team. Check the details below, add the email address they should reply to, and press **Send to support**. Nothing is sent until you do.";

/**
 * What the offline model says after adding details that held an email address: the route keeps it
 * out of the request's text (`[email]`, lib/privacy/redact.ts), and support replies to the one in
 * the form's email field.
 */
export const HANDOFF_UPDATED_EMAIL_TEXT =
  "I've added that to the request for our support team. Your email address is kept out of the request's text: type it in the form's email field below so they can reply, then press **Send to support**. Nothing is sent until you do.";

/** Whether an assistant reply is the offline model's text after drafting a request (first or updated). */
export function draftedRequest(reply: string): boolean {
  const t = reply.trim();
  return t === HANDOFF_PREPARED_TEXT || t === HANDOFF_UPDATED_TEXT || t === HANDOFF_UPDATED_EMAIL_TEXT;
}

/**
 * Whether a message typed right after a request was drafted adds to it ("my account email is … and
 * the payout was 200 usd on nov 3", "order #4411") instead of asking something new: it asks
 * nothing (`ASKS`: no question mark, no question word first), is no yes, ok, thanks, greeting or
 * request for a person (`wantsHuman`: "talk to a human" again drafts anew), and says something (a
 * content word or a digit).
 * @param text the user's message. @returns true for details to add.
 */
export function addsDetails(text: string): boolean {
  const t = text.trim();
  if (!t || ASKS.test(t) || affirms(t) || smallTalkReply(t) || wantsHuman(t)) return false;
  return contentWords(t).length > 0 || /\d/.test(t);
}

/**
 * The request drafted again when the user typed details after it: the draft of the conversation up
 * to the request (`draftHandoffFromConversation`), its summary followed by "They added: “…”" with
 * every message typed after it (`addsDetails`, each followed by a drafted-request reply but the last).
 * Before, such a message was searched as a question and refused ("I couldn't find this…").
 * @param turns the user's messages, oldest first, each with the assistant's reply to it ('' for the
 *   latest, not answered yet).
 * @returns the new draft, or null when the latest message does not add to a request drafted just before it.
 */
export function draftWithAddedDetails(turns: { user: string; reply: string }[]): HandoffInput | null {
  const n = turns.length;
  if (n < 2 || !draftedRequest(turns[n - 2].reply) || !addsDetails(turns[n - 1].user)) return null;
  // The request's own turn: the earliest of the drafted-request replies the details follow.
  let k = n - 2;
  while (k > 0 && draftedRequest(turns[k - 1].reply) && addsDetails(turns[k].user)) k--;
  const draft = draftHandoffFromConversation(
    turns.slice(0, k + 1).map((t) => t.user),
    turns[k - 1]?.reply ?? '',
  );
  const details = turns.slice(k + 1).map((t) => t.user);
  const added = details.map((d) => `“${d.replace(/\s+/g, ' ').trim().slice(0, 300)}”`).join(' ');
  // "order #48213, charged $49 twice" says what kind of problem it is when the question did not.
  const category = draft.category === 'other' ? guessCategory(details.join(' ')) : draft.category;
  return { ...draft, category, summary: `${draft.summary} They added: ${added}.`.slice(0, 2000) };
}

/** Reply to a yes or an ok once the request is drafted: it is sent from its form, not from the chat. */
export const HANDOFF_FORM_TEXT = 'Your request is ready in the form above: add the email address our support team should reply to, and press **Send to support**. Nothing is sent until you do.';

/** The route's answer while a conversation is waiting for a human. */
export const HANDOFF_PAUSED_TEXT =
  'This conversation has been handed to our support team, who will reply by email. The assistant is paused here until an agent releases the conversation; you can start a new conversation to keep asking the assistant.';
