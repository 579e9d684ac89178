/**
 * Small talk: greetings, thanks, acknowledgements and goodbyes, which have nothing to look up. The
 * offline model answers them in kind (lib/ai/local-chat.ts); the handoff draft leaves them out of
 * the problem it summarizes (handoff.ts).
 */
import { NOTHING_CLOSE_TEXT } from './compose';
import { asksAboutConversation, contentWords, withoutMarkup } from './context';

/** Reply to a message with no content word ("hi", "🤖") or a greeting ("good morning"). */
export const SMALL_TALK_TEXT = 'Hi! Ask me anything about our products — for example “How do I refund a payment?” — and I will answer from the help center articles.';

/** Reply to thanks or an acknowledgement ("thanks!", "ok", "great, that worked!"). */
export const THANKS_TEXT = 'You’re welcome! If anything else comes up, ask me here.';

/** Reply to a goodbye ("bye", "ok thanks, bye!"). */
export const GOODBYE_TEXT = 'Goodbye! Come back any time you have a question.';

/** Reply to a request for help that does not say with what ("hello, I need help", "can you help me?"). */
export const HELP_TEXT = 'Sure — what do you need help with? Ask your question or describe the problem, for example “How do I refund a payment?”, and I will answer from the help center articles.';

/** Reply to a question about the assistant itself ("are you a bot?", "what's your name?"). */
export const IDENTITY_TEXT =
  'I’m the help center’s assistant, a program: I answer from the help center articles and link the ones I quote. If they don’t solve your problem, I can pass it to our support team.';

/** Reply to a bare "no" ("no thanks", "nope"): the user declines, or the answer was not it. */
export const NO_TEXT = 'Okay. If you have another question, or something is still not working, tell me what it is.';

/** How the replies to a first message that points at nothing said (danglingReply) open. */
const DANGLING_OPENINGS = ['What does “', 'What would you like to know'];

/**
 * Reply to a conversation's first question that points at something never said ("how do I cancel
 * it?", "what about in BTCPay?"; context.ts `danglingReference`): ask what it is about instead of guessing.
 * @param word the word that points back ("it", "that"), or the continuation it opens with ("what about", "and").
 * @returns the reply text.
 */
export function danglingReply(word: string): string {
  const ask = /\s/.test(word) || ['and', 'also', 'but', 'so', 'then', 'or', 'plus', 'same'].includes(word) ? `${DANGLING_OPENINGS[1]}?` : `${DANGLING_OPENINGS[0]}${word}” refer to?`;
  return `${ask} This is the start of our conversation, so I can’t tell yet. Ask the whole question, naming what it is about (an order, a subscription, a payout…), and I will look it up in the help center.`;
}

/** Words that open or close thanks and acknowledgements, any number of them ("ok thanks, great"). */
const ACK = String.raw`(?:ok(?:ay)?|k|alright|all right|great|perfect|awesome|cool|nice|excellent|brilliant|got it|understood|thanks?(?: you)?(?: (?:so|very) much| a lot| again)?|thank u|thx|ty|cheers|that (?:worked|helped|helps|did it|fixed it|solved it)|it (?:worked|works)(?: now)?|works now|all good|solved|fixed)`;
const SEP = String.raw`[\s,!.:;)(👍🙏]*`;
const THANKS = new RegExp(String.raw`^${SEP}(?:${ACK}${SEP})+$`, 'i');
const GOODBYE = new RegExp(String.raw`^${SEP}(?:${ACK}${SEP})*(?:bye|bye bye|goodbye|good bye|see (?:you|ya)(?: later)?|cya|later|have a (?:good|nice|great) (?:day|one|evening|weekend))${SEP}$`, 'i');
/** "hi", "hello", "hey" as typed: "hii", "helo", "heyy", "hellooo". */
const HELLO = String.raw`(?:h+i+|hel+o+|hal+o+|he+y+|hiya)`;
const GREET = String.raw`(?:(?:${HELLO}|good (?:morning|afternoon|evening|day))(?: there)?${SEP})?`;
const HELP = new RegExp(
  String.raw`^${SEP}${GREET}(?:(?:i|we) (?:need|want|would like|'d like) (?:some |a little )?(?:help|assistance|support)(?: with something)?(?: please)?|need (?:some )?help|help(?: me)?(?: please| out)?|please help(?: me)?|(?:can|could|would) (?:you|u|someone|somebody|anyone) (?:please )?help(?: me| us)?(?: out)?(?: please)?|(?:i|we)(?: have|'ve got| have got| got|'ve) (?:a|one|some) (?:question|questions|problem|issue)|(?:a )?quick question)${SEP}[?!.\s]*$`,
  'i',
);
/** One question about the assistant itself: "are you a bot", "who are you", "what's your name". */
const IDENTITY_CLAUSE = String.raw`(?:are\s+(?:you|u)\s+(?:a\s+|an\s+)?(?:bot|robot|chat\s*bot|human|real(?:\s+person)?|person|ai|machine)|who\s+(?:are|r)\s+(?:you|u)|what\s+(?:are|r)\s+(?:you|u)|what(?:'s|s|\s+is)\s+your\s+name)`;
const IDENTITY = new RegExp(String.raw`^${SEP}${GREET}${IDENTITY_CLAUSE}(?:[\s?!.,]+(?:and\s+)?${IDENTITY_CLAUSE})*[\s?!.]*$`, 'i');
const NO = /^[\s,.!]*(?:no|nope|nah|no[\s,]+thanks?(?: you)?|no[\s,]+(?:i'?m|we'?re) good|not really|not now|no need)[\s,.!]*$/i;
const GREETING = new RegExp(String.raw`^${SEP}(?:${HELLO}|howdy|yo|good (?:morning|afternoon|evening|day)|greetings)(?: (?:there|all|everyone|team|folks|again))?${SEP}$`, 'i');

/** A bare yes ("yes", "yeah", "sure", "yes please"). */
const YES = /^[\s,.!]*(?:yes|yeah|yep|yup|ya|sure|yes please|please)[\s,.!]*$/i;
/** A bare "ok" ("okay!", "k"). */
const BARE_OK = /^[\s,.!]*(?:ok(?:ay)?|k|alright)[\s,.!]*$/i;
/**
 * Whether a message is only an ok ("ok", "okay!", "k", "alright"): an acknowledgement unless it
 * answers a question. @param text the user's message.
 */
export function isBareOk(text: string): boolean {
  return BARE_OK.test(text.trim());
}
/**
 * Whether a message is only a yes or an ok ("yes please", "okay!").
 * @param text the user's message. @returns true for a bare yes or ok.
 */
export function affirms(text: string): boolean {
  const t = text.trim();
  return YES.test(t) || BARE_OK.test(t);
}

/** Replies that answered nothing, after which an "ok" is no thanks (also with OTHER_LANGUAGE_HINT after them). */
const NOTHING_ANSWERED = [SMALL_TALK_TEXT, HELP_TEXT, NO_TEXT, NOTHING_CLOSE_TEXT];

/** Whether a reply is one of NOTHING_ANSWERED (or starts with one of `more`). */
function answeredNothing(reply: string, more: readonly string[] = []): boolean {
  const t = reply.trim();
  return [...NOTHING_ANSWERED, ...more].some((r) => t.startsWith(r));
}

/** A question with no topic of its own ("how many can i have?", "how long?", "why?"). */
const ELLIPTIC_QUESTION = /^(?:how (?:many|much|long|often|soon|far)|why|when|where)\b/i;

/**
 * The reply to a message that is only small talk, or null when it is more.
 * @param text the user's message. @param previousAssistant the assistant's reply before it ('' for none).
 * @returns GOODBYE_TEXT, THANKS_TEXT (thanks or an acknowledgement), SMALL_TALK_TEXT (a greeting, or
 *   no content word: an emoji), HELP_TEXT (help asked for with no topic), IDENTITY_TEXT (a question
 *   about the assistant itself: "are you a bot? whats your name"), NO_TEXT (a bare "no"),
 *   NOTHING_CLOSE_TEXT (digits but no content word: "what is 2+2?", nothing to look up), HELP_TEXT
 *   also for a bare "yes", an "ok" after a reply that answered nothing, or only punctuation ("?????"); or
 *   null (also for a question with no topic of its own, "how many can i have?", right after an
 *   answer or a refusal: a follow-up).
 */
export function smallTalkReply(text: string, previousAssistant = ''): string | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (GOODBYE.test(t)) return GOODBYE_TEXT;
  // A bare "yes" that accepts no offer (the handoff check comes first), or an "ok" to a reply that
  // answered nothing ("Hi! Ask me anything…"), says the user wants to go on: ask what with.
  if (YES.test(t) || (BARE_OK.test(t) && answeredNothing(previousAssistant, DANGLING_OPENINGS))) return HELP_TEXT;
  if (THANKS.test(t)) return THANKS_TEXT;
  if (GREETING.test(t)) return SMALL_TALK_TEXT;
  if (HELP.test(t)) return HELP_TEXT;
  if (IDENTITY.test(t)) return IDENTITY_TEXT;
  if (NO.test(t)) return NO_TEXT;
  if (contentWords(withoutMarkup(t)).length > 0) return null;
  // "how many can i have?" right after an answer (or a refusal: "invite my staff" → "I couldn't
  // find this…") asks about the question before it: a follow-up to look up with the conversation,
  // not a greeting. After small talk there is nothing to follow up.
  if (ELLIPTIC_QUESTION.test(t) && previousAssistant.trim() && !answeredNothing(previousAssistant)) return null;
  // Only punctuation ("?????", "..."): the user is stuck, not greeting.
  if (/^[\p{P}\s]+$/u.test(t)) return HELP_TEXT;
  // A sum ("what is 2+2?") is no greeting: nothing in the help center answers them.
  return /\p{N}/u.test(t) ? NOTHING_CLOSE_TEXT : SMALL_TALK_TEXT;
}

/**
 * The reply to a question about the conversation itself (`asksAboutConversation`): the user's earlier
 * questions, quoted (the last five; only the first or last one when asked for it), or
 * that there were none.
 * @param text the user's latest message. @param earlierUserTurns the user's earlier messages, oldest first.
 * @returns the reply, or null when the message is not such a question.
 */
export function conversationRecap(text: string, earlierUserTurns: string[]): string | null {
  if (!asksAboutConversation(text)) return null;
  const asked = earlierUserTurns.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t && !smallTalkReply(t) && !asksAboutConversation(t));
  if (asked.length === 0) return 'You haven’t asked me anything else in this conversation yet. What would you like to know?';
  // "what was my last question?" and "what was the first thing I asked?" ask for that one.
  if (/\bfirst\s+(?:question|message|thing)\b|\bask\s+first\b/i.test(text))
    return `Your first question was “${asked[0].slice(0, 200)}”. Ask again or ask something new, and I will look it up in the help center.`;
  if (/\b(?:last|previous)\s+(?:question|message|thing)\b|\bask\s+last\b/i.test(text))
    return `Your last question was “${asked.at(-1)!.slice(0, 200)}”. Ask again or ask something new, and I will look it up in the help center.`;
  const quoted = asked.slice(-5).map((t) => `“${t.length > 200 ? `${t.slice(0, 199)}…` : t}”`);
  return `${quoted.length === 1 ? 'You asked' : asked.length > 5 ? 'Your last five questions were' : 'You asked, in order'}: ${quoted.join(', ')}. Ask again or ask something new, and I will look it up in the help center.`;
}
