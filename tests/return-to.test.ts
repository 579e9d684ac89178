import { describe, expect, it } from 'vitest';
import { loginAddress, safeAdminReturn } from '@/lib/auth/return-to';

describe('where a sign-in returns to', () => {
  it.each([
    ['/admin/handoffs', '/admin/handoffs'],
    ['/admin/articles/12?restored=3', '/admin/articles/12?restored=3'],
    ['/admin', '/admin'],
    ['/admin?tab=drafts', '/admin?tab=drafts'],
  ])('an admin page %s is kept', (next, want) => {
    expect(safeAdminReturn(next)).toBe(want);
  });

  it.each([
    [undefined],
    [''],
    ['https://evil.example/admin'],
    ['//evil.example/admin'],
    ['/\\evil.example/admin'],
    ['/admin/../articles'],
    ['/administrator'],
    ['/admin/login'],
    ['/admin/login?next=/admin/users'],
    ['/articles/refunds'],
    ['/admin/\u0000x'],
    [`/admin/${'x'.repeat(2000)}`],
  ])('%j is not an admin page of this site: /admin', (next) => {
    expect(safeAdminReturn(next)).toBe('/admin');
  });

  it('the login address carries the page, encoded; /admin itself needs no next', () => {
    expect(loginAddress('/admin/handoffs?status=open')).toBe('/admin/login?next=%2Fadmin%2Fhandoffs%3Fstatus%3Dopen');
    expect(loginAddress('/admin')).toBe('/admin/login');
    expect(loginAddress(null)).toBe('/admin/login');
    expect(loginAddress('//evil.example')).toBe('/admin/login');
  });
});
