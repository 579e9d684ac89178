/**
 * Redaction of personal data before anything is stored, logged or sent to a model.
 * Kinds: payment card numbers (12–19 digits, spaces or dashes allowed, Luhn-valid; the last 4
 * are kept, as PCI DSS allows displaying them), email addresses, phone numbers (E.164-like, 8–15
 * digits), IBANs (ISO 13616 mod-97 check) and secret API keys (`sk_live_…`, `rk_live_…`, and
 * their `_test_` forms).
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

const patterns: { kind: RedactionKind; re: RegExp; check?: (m: string) => boolean }[] = [
  { kind: 'secret_key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}\b/g },
  { kind: 'email', re: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g },
  { kind: 'iban', re: /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, check: ibanValid },
  {
    kind: 'card',
    re: /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g,
    check: (m) => luhnValid(m.replace(/[ -]/g, '')),
  },
  { kind: 'phone', re: /(?<![\w+])\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){2,5}(?![\w])/g, check: (m) => {
    const digits = m.replace(/\D/g, '');
    // Dates (2024-03-05, 05.03.2024) have the same shape as short phone numbers.
    if (/^\d{4}[-./]\d{2}[-./]\d{2}$|^\d{2}[-./]\d{2}[-./]\d{4}$/.test(m.trim())) return false;
    return digits.length >= 8 && digits.length <= 15;
  } },
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
      if (p.check && !p.check(m[0])) continue;
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
export function redact(text: string): { text: string; redactions: Redaction[] } {
  const redactions = findPersonalData(text);
  if (redactions.length === 0) return { text, redactions };
  let out = '';
  let pos = 0;
  for (const r of redactions) {
    out += text.slice(pos, r.start);
    const original = text.slice(r.start, r.end);
    out +=
      r.kind === 'card'
        ? `[card ••••${original.replace(/\D/g, '').slice(-4)}]`
        : r.kind === 'secret_key'
          ? '[secret key]'
          : `[${r.kind}]`;
    pos = r.end;
  }
  return { text: out + text.slice(pos), redactions };
}

/** `redact(text).text`. */
export function redactText(text: string): string {
  return redact(text).text;
}
