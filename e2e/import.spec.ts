import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strToU8, zipSync } from 'fflate';
import { Admin } from './pages';

// /admin/import: a small zip uploaded through the page, its progress and report; a refused file.
// The sample stays published and the imported product is unpublished at the end, so the other
// specs still see their three products.

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.evaluate((t) => {
    localStorage.setItem('resolve:theme', t);
    document.documentElement.classList.toggle('dark', t === 'dark');
    document.documentElement.style.colorScheme = t;
  }, theme);
}

// A folder name of its own per run, so a reused server (or a re-run) imports it afresh.
const NAME = `e2e-zip-${Date.now().toString(36)}`;
const zip = zipSync({
  [`${NAME}/getting-started.md`]: strToU8('# Getting started with Zebrafold\n\nInstall Zebrafold and sign in.\n'),
  [`${NAME}/billing/invoices.md`]: strToU8('---\ntitle: Download an invoice\ndescription: Where invoices live.\n---\n\nOpen **Billing → Invoices**.\n'),
  [`${NAME}/old.md`]: new Uint8Array(Buffer.from('# Ancien café\n\nTexte accentué.\n', 'latin1')),
});

test('an admin imports a zip from /admin/import and sees the report (desktop and phone, light and dark)', async ({ page }) => {
  test.setTimeout(180_000);
  await new Admin(page).login();
  await page.getByRole('navigation', { name: 'Admin' }).first().getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('import-empty-desktop-light.png'), fullPage: true });

  // Nothing chosen: an inline message, no request.
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-form').getByRole('alert')).toHaveText('Choose a .zip file to import.');
  await expect(page.locator('[id$="-file-hint"]')).toHaveText('Choose a .zip file to import.');

  await page.getByLabel('Zip of your docs folder').setInputFiles({ name: 'docs.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await page.getByLabel('Keep the sample articles published').check();
  await page.getByTestId('import-submit').click();
  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible({ timeout: 60_000 });
  await expect(report).toContainText(NAME);
  await expect(page.getByTestId('import-figure-imported')).toContainText('2');
  await expect(page.getByTestId('import-figure-failed')).toContainText('1');
  await expect(report).toContainText(`${NAME}/old.md`);
  await expect(report).toContainText('not UTF-8 (looks like Latin-1/Windows-1252?)');
  await expect(page.getByTestId('import-progress')).toContainText('Import finished');

  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`import-report-desktop-${theme}.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: test.info().outputPath(`import-report-phone-${theme}.png`), fullPage: true });
  }
  await setTheme(page, 'light');
  await page.setViewportSize({ width: 1280, height: 900 });

  // The imported article is live.
  await page.goto(`/articles/${NAME}-billing-invoices`);
  await expect(page.getByRole('heading', { level: 1, name: 'Download an invoice' })).toBeVisible();

  // Upload again without two of the files: their articles are unpublished and listed; the one left
  // is archived by its front matter, so the product leaves the help center again.
  await page.goto('/admin/import');
  const last = zipSync({ [`${NAME}/getting-started.md`]: strToU8('---\ntitle: Getting started with Zebrafold\nstatus: archived\n---\n\nRetired.\n') });
  await page.getByLabel('Zip of your docs folder').setInputFiles({ name: 'docs.zip', mimeType: 'application/zip', buffer: Buffer.from(last) });
  await page.getByLabel('Keep the sample articles published').check();
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-figure-unpublished')).toContainText('1', { timeout: 60_000 });
  await expect(page.getByTestId('import-report')).toContainText(`${NAME}/billing/invoices.md`);
  await expect(page.getByTestId('import-figure-updated')).toContainText('1');
  expect((await page.request.get(`/articles/${NAME}-billing-invoices`)).status()).toBe(404);
});

test('a file that is not a zip is refused with a clear message', async ({ page }) => {
  await new Admin(page).login();
  await page.goto('/admin/import');
  await page.getByLabel('Zip of your docs folder').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('# not a zip\n') });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-form').getByRole('alert')).toContainText('not a zip archive');
  await expect(page.locator('[id$="-file-hint"]')).toContainText('The file is not a zip archive');
  await setTheme(page, 'dark');
  await page.screenshot({ path: test.info().outputPath('import-error-desktop-dark.png'), fullPage: true });
});

test('a folder chosen in the page is zipped in the browser and imported', async ({ page }) => {
  test.setTimeout(180_000);
  const name = `e2e-dir-${Date.now().toString(36)}`;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-e2e-dir-'));
  try {
    const root = path.join(base, name);
    fs.mkdirSync(path.join(root, 'guides'), { recursive: true });
    fs.writeFileSync(path.join(root, 'guides', 'export.md'), '# Export your data\n\nUse **Settings → Export**.\n');
    fs.writeFileSync(path.join(root, '.hidden.md'), '# Hidden\n');
    await new Admin(page).login();
    await page.goto('/admin/import');
    await page.getByLabel('…or a folder').setInputFiles(root);
    await page.getByLabel('Keep the sample articles published').check();
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-report')).toContainText(name, { timeout: 60_000 });
    await expect(page.getByTestId('import-figure-imported')).toContainText('1');
    // Unpublish it again (an archived front matter status), so the other specs see their products.
    fs.writeFileSync(path.join(root, 'guides', 'export.md'), '---\ntitle: Export your data\nstatus: archived\n---\n\nRetired.\n');
    await page.getByLabel('…or a folder').setInputFiles(root);
    await expect(page.getByLabel('Keep the sample articles published')).toBeChecked();
    await page.getByTestId('import-submit').click();
    await expect(page.getByTestId('import-figure-updated')).toContainText('1', { timeout: 60_000 });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
