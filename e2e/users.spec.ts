import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { Admin } from './pages';

// An admin creates an editor in /admin/users (generated password, shown once); the editor signs in
// with it, sees no Users link, and gets the 403 page at /admin/users. With E2E_SHOTS_DIR set the
// page is photographed at 1280 and 390 px wide, light and dark.

async function shoot(page: Page, name: string) {
  const dir = process.env.E2E_SHOTS_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: path.join(dir, `${name}-${width}-${scheme}.png`), fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('users: an admin creates an editor, who signs in and cannot manage users', async ({ page }) => {
  test.setTimeout(120_000);
  const email = `editor-${Date.now().toString(36)}@example.com`;
  const admin = new Admin(page);
  await admin.login();
  await page.getByRole('navigation', { name: 'Admin' }).first().getByRole('link', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/admin\/users$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();

  // A bad email is answered in the form, keeping what was typed.
  const form = page.getByTestId('user-form');
  await form.getByLabel('Email').fill('not an email');
  await form.getByTestId('user-form-submit').click();
  await expect(form.getByRole('alert')).toContainText('Enter a valid email address.', { timeout: 15_000 });
  await expect(form.getByLabel('Email')).toHaveValue('not an email');

  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Name (optional)').fill('Eddie Editor');
  await form.getByLabel('Role').selectOption('editor');
  await form.getByTestId('user-form-submit').click();
  await expect(form.getByRole('status')).toContainText(`Created ${email} (editor).`, { timeout: 15_000 });
  const password = await form.getByTestId('user-form-password').inputValue();
  expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await expect(row.getByTestId('user-role')).toHaveText('Editor');
  // The admin's own row has no controls (nobody locks themselves out).
  await expect(page.locator('[data-testid="user-row"][data-email="admin@example.com"]').getByRole('button')).toHaveCount(0);
  await shoot(page, 'admin-users');

  await page.getByTestId('admin-signout').click();
  await expect(page).toHaveURL(/\/admin\/login/, { timeout: 15_000 });
  await admin.login(email, password);
  await expect(page.getByTestId('admin-role')).toHaveText('Editor');
  const nav = page.getByRole('navigation', { name: 'Admin' }).first();
  await expect(nav.getByRole('link', { name: 'Articles' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Import' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  const res = await page.goto('/admin/users');
  expect(res?.status()).toBe(403);
  await expect(page.getByTestId('forbidden')).toContainText('Your role cannot open this page');
});
