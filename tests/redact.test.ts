import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, redactText } from '@/lib/privacy/redact';

describe('redaction', () => {
  const table: [string, string][] = [
    ['my card is 4242 4242 4242 4242 thanks', 'my card is [card ••••4242] thanks'],
    ['card 4000-0566-5566-5556', 'card [card ••••5556]'],
    ['amex 378282246310005', 'amex [card ••••0005]'],
    ['order 1234 5678 9012 3456 is not a card (Luhn fails)', 'order 1234 5678 9012 3456 is not a card (Luhn fails)'],
    ['mail me at jane.doe+x@example.co.uk please', 'mail me at [email] please'],
    ['call +1 (415) 555-0132 now', 'call [phone] now'],
    ['iban DE89 3704 0044 0532 0130 00 ok', 'iban [iban] ok'],
    ['iban GB82WEST12345698765432', 'iban [iban]'],
    ['key sk_live_51HqLyjABCDEF0123456789', 'key [secret key]'],
    ['restricted rk_live_abcdefgh12345678 leaked', 'restricted [secret key] leaked'],
    ['refund of 120 EUR on 2024-03-05 for order 5521', 'refund of 120 EUR on 2024-03-05 for order 5521'],
    ['', ''],
  ];
  it.each(table)('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
  it('checks Luhn and IBAN', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
  });
});
