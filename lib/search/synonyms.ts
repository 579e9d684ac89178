/**
 * Query expansion from a support-domain thesaurus. Users describe what happened ("charged twice",
 * "give the money back", "what cut do you take") where articles name the feature ("duplicate
 * payment", "refund", "fees"); FINDINGS.md measured that mismatch as the main cause of misses.
 * Each entry maps user phrasings (matched on word boundaries, lower-cased, accents removed) to
 * the terms help articles use. Expansion terms score at EXPANSION_WEIGHT of their idf, so a
 * literal match always outranks an expanded one. This is the same idea as the synonym lists of
 * hosted help-center search (Zendesk, Algolia); keep entries generic to payments, commerce and
 * account support, never to one article.
 */
import { queryWords } from './query';

/** Weight of an expansion term relative to a word the user typed. */
export const EXPANSION_WEIGHT = 0.5;

/** Phrases (a RegExp matches the folded words: lower-case letter and digit runs joined by spaces) → words to add. */
const thesaurus: [(string | RegExp)[], string][] = [
  [['money back', 'give back', 'send back', 'pay back', 'give it back', 'reimburse', 'reimbursement', 'return the money', 'return their money'], 'refund'],
  [['charged twice', 'double charged', 'charged two times', 'paid twice', 'duplicate charge', 'billed twice'], 'refund duplicate'],
  [['cut', 'commission', 'percentage', 'how much do you charge', 'how much does it cost', 'pricing', 'transaction cost'], 'fees'],
  // "50% off" (folded to "50 off"), not "turn off" or "cut off".
  [[/\d+ off/, 'percent off', 'coupon', 'promo', 'promo code', 'voucher', 'discount code'], 'discount'],
  // Storefront software calls a discount a promotion (Spree, Magento, WooCommerce's "coupons").
  [['discount', 'discounts', 'discount code', 'coupon', 'promo code', 'voucher'], 'promotion'],
  [['without a real card', 'without my real card', 'fake card', 'dummy', 'try it out', 'practice', 'test card', 'without paying'], 'sandbox test'],
  [['new hire', 'employee', 'staff', 'colleague', 'teammate', 'coworker', 'give access', 'give her access', 'give him access', 'give them access'], 'users team members roles invite'],
  [['log in', 'sign in', 'signin', 'login', 'locked out', 'cant get in'], 'login'],
  [['cant log in', 'can t log in', 'cannot log in', 'cant sign in', 'can t sign in', 'cannot sign in', 'unable to log in'], 'password locked account'],
  [['stop paying', 'unsubscribe', 'end my plan', 'cancel my plan', 'terminate'], 'cancel subscription'],
  [['recurring', 'membership', 'every month', 'monthly plan'], 'subscription'],
  [
    [
      'withdraw',
      'pay out',
      'paid out',
      'withdrawal',
      'get paid',
      'get my money',
      'cash out',
      'money to my bank',
      'transfer to my bank',
      'not arrived',
      'never arrived',
      'didnt arrive',
      'hasnt arrived',
      'never received',
      'never got',
    ],
    'payout',
  ],
  // Something expected that has not come is late or stuck: articles say "delayed".
  [
    [
      'never arrived',
      'not arrived',
      'didnt arrive',
      'didn t arrive',
      'hasnt arrived',
      'hasn t arrived',
      'havent arrived',
      'haven t arrived',
      'never came',
      'still waiting',
      'never received',
      'not received',
      'havent received',
      'haven t received',
    ],
    'delayed',
  ],
  [['bill', 'receipt'], 'invoice'],
  [['spreadsheet', 'csv', 'excel', 'accountant', 'bookkeeping', 'export'], 'report export'],
  [['email me', 'alert me', 'notify me', 'let me know when', 'get notified'], 'notifications'],
  [['vat', 'gst', 'sales tax'], 'tax'],
  [['euros', 'dollars', 'pounds', 'foreign money', 'other countries money'], 'currency'],
  [['inventory', 'qty', 'quantity', 'in stock', 'out of stock', 'warehouse'], 'stock'],
  [['delivery', 'postage', 'courier', 'package', 'parcel'], 'shipping'],
  [['wrong address', 'typed the wrong', 'fix the order', 'change the order', 'modify the order', 'edit the order'], 'edit order'],
  [['per request', 'per api call', 'how many api', 'metered', 'pay as you go', 'by usage', 'how much they use'], 'usage based billing meter'],
  [['bulk', 'wholesale', 'buy more', 'cheaper if', 'gets cheaper', 'or more', 'quantity discount'], 'volume pricing tiers'],
  [['account credit', 'credit on their account', 'credit on the account', 'put money on', 'as a sorry', 'goodwill'], 'store credit'],
  [['free week', 'free month', 'free period', 'try for free'], 'trial'],
  [['callback', 'notify url', 'notification url'], 'webhook'],
  [['token', 'secret key', 'credentials'], 'api key'],
  [['authenticator', 'otp', 'one time code', 'mfa', '2fa', 'two factor', 'verification code'], 'two factor authentication'],
  [['chargeback', 'charged back', 'contested', 'disputed the charge', 'bank reversed'], 'dispute chargeback'],
  [['time out', 'timing out', 'timed out', 'expire', 'expired'], 'expiration'],
  [['pay in parts', 'in pieces', 'installments', 'partial payments', 'pay off'], 'partial payment request'],
  [['shut down', 'delete my account', 'close my account', 'leave'], 'close account delete'],
  [['money', 'funds'], 'balance'],
  // Software support vocabulary: users upgrade to the newest version, articles update.
  [['upgrade', 'upgrading', 'newest version', 'latest version'], 'update'],
  [['sync', 'syncing', 'synced', 'synching', 'synched'], 'synchronization'],
  [
    ['in german', 'in french', 'in spanish', 'in italian', 'in dutch', 'in portuguese', 'in japanese', 'translate', 'translated', 'translation', 'other languages', 'another language', 'language'],
    'localization language',
  ],
  // Storefront software files products under taxonomies ("How do I create product categories in
  // Spree?" cited "Create a Product", whose Categorization section only points to Taxonomies).
  [['category', 'categories', 'categorize', 'categorise'], 'taxonomy taxons'],
  // Storefront software creates products; users add or list them ("How do I add a product in
  // Spree?" ranked "Create a Product" 8th, under three pages on Spree itself).
  [[/add (?:a |an |the |new |my |our )*(?:product|products|item|items)/, /list (?:a |an |new |my )*(?:product|products|item|items)/], 'create'],
  [['restock', 'restocked', 'sell when out of stock', 'sell out of stock', 'keep selling', 'keep ordering', 'pre order', 'preorder'], 'backorder'],
];

const compiled = thesaurus.map(([phrases, expansion]) => ({
  re: new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.map((p) => (typeof p === 'string' ? p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : p.source).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'u'),
  expansion,
}));

/**
 * Expansion words for a query.
 * @param text the user's query (any text).
 * @returns extra words (the articles' vocabulary) not already in the query; [] when none apply.
 */
export function expandQuery(text: string): string[] {
  const folded = queryWords(text).join(' ');
  const present = new Set(folded.split(' '));
  const out = new Set<string>();
  for (const { re, expansion } of compiled) {
    if (re.test(folded)) for (const w of expansion.split(' ')) if (!present.has(w)) out.add(w);
  }
  return [...out];
}
