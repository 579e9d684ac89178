/**
 * Redaction of personal data before anything is stored, logged or sent to a model.
 * Kinds: payment card numbers (12–19 digits, spaces or dashes allowed, Luhn-valid; the last 4
 * are kept, as PCI DSS allows displaying them), email addresses, phone numbers (E.164-like, 8–15
 * digits), IBANs (ISO 13616 mod-97 check) and secret API keys (`sk_live_…`, `rk_live_…`, and
 * their `_test_` forms).
 * Phone numbers are the loosest shape, so identifiers that look like them are left alone: codes
 * glued to letters (INV-2024-0042, ORD-2024-00017, ERR_42-500), labelled ids (order/invoice/SKU/
 * ticket/version …), dates, IPv4 addresses and amounts. tests/redact.test.ts keeps a table of
 * such near-misses beside the true positives, so precision stays measured.
 */

export type RedactionKind = 'card' | 'email' | 'phone' | 'iban' | 'secret_key';

export interface Redaction {
  kind: RedactionKind;
  /** [start, end) in the original text. */
  start: number;
  end: number;
}

/** Luhn check (ISO/IEC 7812-1) over a digit string. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** IBAN mod-97 check (ISO 13616): move the first 4 chars to the end, letters → 10..35, mod 97 = 1. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** A date written with separators: 2024-03-05, 2024/03/05, 05.03.2024, 5/3/2024. */
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4})$/;
/** A compact date, YYYYMMDD from 1900 to 2099 with a real month and day (20240305). */
const COMPACT_DATE = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;
/** A dotted IPv4 address (192.168.100.200): four numbers of at most 255. */
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d{1,2})(?:\.(?:25[0-5]|2[0-4]\d|1?\d{1,2})){3}$/;
/**
 * Words that name what follows as an identifier, not a phone number: "order 1234 5678",
 * "invoice no. 2024 0042", "SKU: 1234-5678-90", "ticket #55501234", "version 10.15.7.1234".
 */
const IDENTIFIER_WORD =
  /\b(?:order|invoice|inv|sku|ref|reference|ticket|case|tracking|transaction|txn|receipt|build|version|ver|error|err|code|serial|part|item|article|model|isbn|id)s?\b\.?\s*(?:(?:#|no\.?|nr\.?|number|num|id)\s*)?[:#]?\s*$/i;
/** Currency before an amount ("€12 345 678", "USD 12 345 678") or after it ("12 345 678 EUR"). */
const CURRENCY_BEFORE = /(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|INR))\s?$/i;
const CURRENCY_AFTER = /^\s?(?:[$€£¥₹%]|(?:USD|EUR|GBP|CHF|JPY|CAD|AUD|INR)\b)/i;

/**
 * Is this digit run a phone number? Its shape already matched the phone pattern; here it must also
 * have 8–15 digits and not be a date, an IP address, an amount or a labelled identifier.
 */
function phoneCheck(m: string, text: string, start: number, end: number): boolean {
  const digits = m.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  const bare = m.trim();
  if (DATE.test(bare) || IPV4.test(bare)) return false;
  if (!bare.startsWith('+') && /^\d+$/.test(bare) && COMPACT_DATE.test(bare)) return false;
  const before = text.slice(Math.max(0, start - 40), start);
  if (IDENTIFIER_WORD.test(before) || CURRENCY_BEFORE.test(before)) return false;
  if (CURRENCY_AFTER.test(text.slice(end, end + 5))) return false;
  return true;
}

type Check = (m: string, text: string, start: number, end: number) => boolean;

const patterns: { kind: RedactionKind; re: RegExp; check?: Check }[] = [
  { kind: 'secret_key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}\b/g },
  { kind: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, check: ibanValid },
  {
    kind: 'card',
    re: /(?<![\d+-])\d(?:[ -]?\d){11,18}(?![\d-])/g,
    check: (m) => luhnValid(m.replace(/[ -]/g, '')),
  },
  {
    kind: 'phone',
    // Not glued to an identifier on either side: "INV-2024-0042", "ERR_42-500", "ABC-1234-5678-90",
    // "1.2024.0042" and "2024-0042-A" are codes; a run followed by ",90" or ".5" is an amount/decimal.
    // After a "+country code" one group may be a single digit (+33 1 23 45 67 89); a card never starts with "+".
    re: /(?<![\w+])(?<!\w[-_/#])(?<!\d[.,])(?<!#\s?)(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){1,5}|\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,5})(?!\w)(?![-_/.,]\w)/g,
    check: phoneCheck,
  },
];

/**
 * Finds personal data in `text`. Earlier kinds in the list win where matches overlap.
 * @returns non-overlapping spans sorted by start.
 */
export function findPersonalData(text: string): Redaction[] {
  const found: Redaction[] = [];
  for (const p of patterns) {
    for (const m of text.matchAll(p.re)) {
      const start = m.index!;
      const end = start + m[0].length;
      if (p.check && !p.check(m[0], text, start, end)) continue;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ kind: p.kind, start, end });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * Replaces personal data with placeholders: `[card ••••1234]`, `[email]`, `[phone]`, `[iban]`,
 * `[secret key]`.
 * @param text any string (≤ a few MB; linear time).
 * @returns the redacted text and what was found.
 */
function redact(text: string): { text: string; redactions: Redaction[] } {
  const redactions = findPersonalData(text);
  if (redactions.length === 0) return { text, redactions };
  let out = '';
  let pos = 0;
  for (const r of redactions) {
    out += text.slice(pos, r.start);
    const original = text.slice(r.start, r.end);
    out += r.kind === 'card' ? `[card ••••${original.replace(/\D/g, '').slice(-4)}]` : r.kind === 'secret_key' ? '[secret key]' : `[${r.kind}]`;
    pos = r.end;
  }
  return { text: out + text.slice(pos), redactions };
}

/** `redact(text).text`. */
export function redactText(text: string): string {
  return redact(text).text;
}
