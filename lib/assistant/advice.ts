/**
 * Questions no help center answers and none should try to: whether an asset's price will rise,
 * whether to buy, hold or sell it. A payments help center mentions bitcoin on every page, so its
 * search finds passages for "is bitcoin gonna go up this year? hold or sell" (a Shopify guide's
 * "display the Bitcoin payment option", 0.36) and the assistant quoted one; a fresh user's trial
 * met it twice ("is now a good time to buy bitcoin", "… hold or sell").
 */

const ASSET = String.raw`(?:bitcoin|btc|crypto|cryptos|cryptocurrency|cryptocurrencies|ethereum|eth|altcoins?|sats|satoshis)`;

/** Folded message (lower case, apostrophes dropped, spaces collapsed) patterns of a request for investment advice. */
const ADVICE: RegExp[] = [
  // A price movement asked of an asset ("is bitcoin gonna go up this year?", "will btc crash?"); not
  // a condition ("what happens if bitcoin goes down before the invoice is paid?").
  new RegExp(
    String.raw`\b(?:will|is|are|gonna|going to|think|expect)\b[^.?!]{0,15}\b${ASSET}\b(?:s price| price| prices)?[^.?!]{0,30}\b(?:go(?:es|ing|nna)?(?: to)?(?: go)? (?:up|down)|moon(?:ing)?|crash(?:es|ing)?|skyrocket|pump|dump)\b`,
  ),
  // A trading decision ("hold or sell?", "should i buy more btc", "good time to buy").
  /\b(?:hold|buy|sell|hodl) or (?:sell|buy|hold|hodl)\b/,
  /\bgood time to (?:buy|sell|invest|get in)\b/,
  new RegExp(String.raw`\bshould (?:i|we) (?:buy|sell|invest in|hodl|hold|cash out) (?:some |more |my |our |all (?:my|our) )?${ASSET}\b`),
  new RegExp(String.raw`\b(?:invest|investing) in ${ASSET}\b`),
  /\b(?:good|bad|smart|safe|risky) investment\b/,
  /\bprice (?:prediction|predictions|forecast|forecasts|target)\b/,
];

/**
 * Whether a message asks for investment advice (ADVICE): a price movement of bitcoin or another
 * crypto asset, or whether to buy, hold or sell. The search tool refuses such a question as off
 * topic, with no sources and no search results offered.
 * @param message the user's message. @returns true for such a request.
 */
export function asksForInvestmentAdvice(message: string): boolean {
  const folded = message.toLowerCase().replace(/['’]/g, '').replace(/\s+/g, ' ');
  return ADVICE.some((re) => re.test(folded));
}
