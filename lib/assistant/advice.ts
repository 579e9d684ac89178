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
 * Folded message patterns of a request for tax, accounting or legal advice about the user's own
 * obligations: what they owe, what to set aside, whether the law requires something of them, how to
 * book a sale. A help center says what its product does about tax ("Polar is the merchant of record
 * and remits sales tax", Spree's tax rates), never what a seller owes: a fresh set of questions
 * (written 2026-12-06 from the corpora alone) asked "how much should i put aside for income tax",
 * "am i legally required to collect sales tax on orders shipping to other states?" and "do i owe
 * capital gains on that? how should i book it?", and each was answered from a tax-settings page.
 * Not "Does Polar take care of sales tax for me?" nor "does it add VAT to invoices?": what the
 * product does is the help center's to say.
 */
const TAX_OR_LEGAL_ADVICE: RegExp[] = [
  /\b(?:capital gains?|income tax(?:es)?|tax deductible|tax deductions?|tax write ?offs?)\b/,
  /\b(?:put|set|keep|save) (?:aside|away|back) (?:for|to pay) (?:the |my |our )?(?:tax|taxes|income tax|the taxman)\b/,
  /\bhow much (?:tax|taxes|income tax) (?:do|will|would|should) (?:i|we) (?:owe|pay)\b/,
  /\bdo (?:i|we) (?:still )?owe (?:any )?(?:tax|taxes|vat|capital|income)\b/,
  /\b(?:am i|are we|is it) legally (?:required|obligated|obliged|allowed)\b/,
  /\b(?:better|worse|best|cheaper) for (?:my |our )?(?:tax|taxes)\b/,
  /\bhow (?:should|do|would) (?:i|we) (?:book|declare) (?:it|this|that|them|these|those|the (?:sale|sales|income|profit|profits|gains?))\b/,
];

/**
 * Whether a message asks for tax, accounting or legal advice about the user's own obligations
 * (TAX_OR_LEGAL_ADVICE), which the search tool refuses as it does investment advice.
 * @param message the user's message. @returns true for such a request.
 */
export function asksForTaxOrLegalAdvice(message: string): boolean {
  return matchesFolded(message, TAX_OR_LEGAL_ADVICE);
}

/**
 * Whether a message asks for investment advice (ADVICE): a price movement of bitcoin or another
 * crypto asset, or whether to buy, hold or sell. The search tool refuses such a question as off
 * topic, with no sources and no search results offered.
 * @param message the user's message. @returns true for such a request.
 */
export function asksForInvestmentAdvice(message: string): boolean {
  return matchesFolded(message, ADVICE);
}

/** Whether any pattern matches the message folded: lower case, apostrophes dropped, spaces collapsed. */
function matchesFolded(message: string, patterns: RegExp[]): boolean {
  const folded = message.toLowerCase().replace(/['’]/g, '').replace(/\s+/g, ' ');
  return patterns.some((re) => re.test(folded));
}
