import { describe, expect, it } from 'vitest';
import { findPersonalData, ibanValid, luhnValid, redactText } from '@/lib/privacy/redact';

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

/**
 * Precision kept measured: every true positive below must be redacted (as the given kind) and every
 * near-miss must come back unchanged. A new rule that catches more must keep both tables green.
 */
describe('redaction precision: true positives beside near-misses', () => {
  const positives: [string, string, string][] = [
    // [input, expected text, kind]
    ['call +1 (415) 555-0132 now', 'call [phone] now', 'phone'],
    ['ring +44 20 7946 0958 today', 'ring [phone] today', 'phone'],
    ['office 020 7946 0958', 'office [phone]', 'phone'],
    ['US (415) 555-0132', 'US [phone]', 'phone'],
    ['cell 415-555-0132.', 'cell [phone].', 'phone'],
    ['dots 415.555.0132, thanks', 'dots [phone], thanks', 'phone'],
    ['Paris +33 1 23 45 67 89', 'Paris [phone]', 'phone'],
    ['portable 06 12 34 56 78', 'portable [phone]', 'phone'],
    ['E.164 +4915112345678', 'E.164 [phone]', 'phone'],
    ['Tel: +49 30 901820', 'Tel: [phone]', 'phone'],
    ['my number is 0151 12345678.', 'my number is [phone].', 'phone'],
    ['phone number 4155550132', 'phone number [phone]', 'phone'],
    ['mail jane.doe+x@example.co.uk', 'mail [email]', 'email'],
    ['ops@help-center.io wrote', '[email] wrote', 'email'],
    ['visa 4242 4242 4242 4242', 'visa [card ••••4242]', 'card'],
    ['mc 5555-5555-5555-4444', 'mc [card ••••4444]', 'card'],
    ['iban DE89 3704 0044 0532 0130 00', 'iban [iban]', 'iban'],
    ['FR1420041010050500013M02606 is mine', '[iban] is mine', 'iban'],
    ['key sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'key [secret key]', 'secret_key'],
  ];
  const nearMisses: string[] = [
    'INV-2024-0042',
    'where is invoice INV-2024-0042?',
    'order ORD-2024-00017 never arrived',
    'ERR_42-500 when I pay',
    'error code E-1234-5678 on checkout',
    'SKU 1234-5678-90 is out of stock',
    'part ABC-1234-5678-90',
    'order #12345678',
    '#55501234',
    'order number 1234 5678 90',
    'invoice no. 2024 0042 55',
    'ticket: 4155550132',
    'version 10.15.7.1234',
    'v2.14.1023.5',
    'build 20240305.1',
    'paid on 2024-03-05',
    'due 05.03.2024 or 2024/03/05',
    'compact date 20240305',
    'at 2024-03-05T10:30:00Z',
    'ISBN 978-3-16-148410-0',
    'server 192.168.100.200 is down',
    'charged €12 345 678 by mistake',
    'charged 12 345 678 EUR',
    'total 12.345.678,90 €',
    'USD 1 234 567 89',
    'order 1234 5678 9012 3456 (Luhn fails: not a card)',
    'refund of 120 EUR on 2024-03-05 for order 5521',
  ];
  it.each(positives)('redacts %s', (input, expected, kind) => {
    expect(redactText(input)).toBe(expected);
    expect(findPersonalData(input).map((r) => r.kind)).toEqual([kind]);
  });
  it.each(nearMisses)('leaves %s alone', (input) => {
    expect(redactText(input)).toBe(input);
  });
  it('precision and recall over both tables are 1', () => {
    const truePositives = positives.filter(([input]) => findPersonalData(input).length === 1).length;
    const falsePositives = nearMisses.filter((input) => findPersonalData(input).length > 0).length;
    expect({ recall: truePositives / positives.length, precision: truePositives / (truePositives + falsePositives) }).toEqual({ recall: 1, precision: 1 });
  });
});
