/**
 * The content team's editor: preview, first Publish (its message every time), drafts of a
 * published article, a stale save from a second browser (conflict view, both texts kept), restore
 * from the history, the size limit, and an old slug redirecting.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { Admin } from './pages';

// One sign-in for the file (sign-ins are throttled per account): every test reuses its cookies.
const STATE = path.join(__dirname, '..', 'test-results', 'editor-admin-state.json');
test.beforeAll(async ({ browser }) => {
  fs.mkdirSync(path.dirname(STATE), { recursive: true });
  const page = await browser.newPage({ storageState: undefined });
  await new Admin(page).login();
  await page.context().storageState({ path: STATE });
  await page.context().close();
});
test.use({ storageState: STATE });

async function newArticle(page: Page, title: string, body: string) {
  await page.goto('/admin/articles/new');
  await page.getByTestId('editor-title').fill(title);
  await page.getByTestId('editor-body').fill(body);
}

/** A new article's first Save / Publish: waits for the editor at the article's own address. */
async function firstSave(page: Page, button: 'editor-save' | 'editor-publish', message: string) {
  await page.getByTestId(button).click();
  // A large body takes a few seconds to chunk and embed.
  await expect(page).toHaveURL(/\/admin\/articles\/\d+$/, { timeout: 30_000 });
  await expect(page.getByTestId('editor-history')).toBeVisible();
  await expect(page.locator('[data-testid="editor-form"][data-ready="1"]')).toBeVisible();
  await expect(page.getByTestId('editor-message')).toContainText(message);
}

async function signedInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: STATE });
  return context.newPage();
}

test('a new article: live preview, and the message after its first Publish shows every time', async ({ page }) => {
  for (let i = 1; i <= 3; i++) {
    await newArticle(page, `Editor spec ${i} ${Date.now()}`, '## Before you start\r\n\r\nKeep your **API key** ready.\r\n');
    await expect(page.getByTestId('editor-preview').getByRole('heading', { name: 'Before you start' })).toBeVisible();
    await expect(page.getByTestId('editor-preview').locator('strong')).toHaveText('API key');
    await firstSave(page, 'editor-publish', 'Published — version 1 is live');
    await expect(page.getByTestId('editor-status')).toHaveAttribute('data-status', 'published');
    // LF-normalized on both sides: nothing left "unsaved" after the save.
    await expect(page.getByTestId('editor-version')).not.toContainText('Unsaved');
  }
});

test('a published article: Save keeps a draft until Publish; the live page is unchanged meanwhile', async ({ page, request }) => {
  const title = `Draft spec ${Date.now()}`;
  await newArticle(page, title, 'The live text.\n');
  await firstSave(page, 'editor-publish', 'Published');
  const slug = (await page.getByTestId('editor-slug').inputValue()).trim();

  await page.getByTestId('editor-body').fill('The draft text.\n');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-draft-banner')).toContainText('Draft changes not published');
  expect(await (await request.get(`/articles/${slug}`)).text()).toContain('The live text.');

  // Reopening shows the draft, with Publish / Discard draft.
  await page.reload();
  await expect(page.getByTestId('editor-body')).toHaveValue('The draft text.\n');
  await page.getByTestId('editor-publish-draft').click();
  await expect(page.getByTestId('editor-message')).toContainText('Published');
  await expect(page.getByTestId('editor-draft-banner')).toHaveCount(0);
  expect(await (await request.get(`/articles/${slug}`)).text()).toContain('The draft text.');
});

test('autosave keeps a draft after a pause, and leaving with unsaved changes asks first', async ({ page }) => {
  await newArticle(page, `Autosave spec ${Date.now()}`, 'Saved by hand.\n');
  await firstSave(page, 'editor-save', 'Saved');
  await page.getByTestId('editor-body').fill('Saved by hand.\nThen autosaved.\n');
  await expect(page.getByTestId('editor-version')).toContainText('Unsaved changes');
  // An in-app link: the confirm is dismissed, so the editor stays.
  const dialog = page.waitForEvent('dialog');
  const click = page.getByRole('link', { name: 'Articles' }).first().click();
  const d = await dialog;
  expect(d.message()).toContain('unsaved changes');
  await d.dismiss();
  await click;
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/admin\/articles\/\d+$/);
  // A few seconds later the autosave has run: no longer unsaved, a new version.
  await expect(page.getByTestId('editor-version')).toContainText('Autosaved', { timeout: 15_000 });
  await expect(page.getByTestId('editor-version')).toContainText('v2');
  await page.reload();
  await expect(page.getByTestId('editor-body')).toHaveValue('Saved by hand.\nThen autosaved.\n');
});

test('two editors: the stale save is refused with both versions shown, and both stay in the history', async ({ page, browser }) => {
  await newArticle(page, `Conflict spec ${Date.now()}`, 'Line one.\n');
  await firstSave(page, 'editor-save', 'Saved');
  const url = page.url();

  const other = await signedInPage(browser);
  await other.goto(url);
  await expect(other.getByTestId('editor-body')).toHaveValue('Line one.\n');

  await page.getByTestId('editor-body').fill('Line one.\nAlice added this.\n');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-message')).toContainText('version 2');

  await other.getByTestId('editor-body').fill('Line one.\nBob added that.\n');
  await other.getByTestId('editor-save').click();
  const conflict = other.getByTestId('editor-conflict');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('admin@example.com saved version 2');
  // Their line removed, yours added, the changed words marked (<del>/<ins>, not colour alone).
  await expect(conflict.getByTestId('conflict-diff').locator('[data-diff="removed"] del').first()).toHaveText(/Alice/);
  await expect(conflict.getByTestId('conflict-diff').locator('[data-diff="added"] ins').first()).toHaveText(/Bob/);
  // Resolve: keep Bob's text, add Alice's line, save on top of version 2.
  await other.getByTestId('editor-body').fill('Line one.\nAlice added this.\nBob added that.\n');
  await conflict.getByTestId('conflict-keep-mine').click();
  await other.getByTestId('editor-save').click();
  await expect(other.getByTestId('editor-message')).toContainText('version 3');

  await other.goto(`${url}/history`);
  const rows = other.getByTestId('history-row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toHaveAttribute('data-kind', 'conflict');
  await other.context().close();
});

test('restore a revision from the history', async ({ page }) => {
  await newArticle(page, `Restore spec ${Date.now()}`, 'First words.\n');
  await firstSave(page, 'editor-save', 'Saved');
  await page.getByTestId('editor-body').fill('Second words.\n');
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-message')).toContainText('version 2');

  await page.getByTestId('editor-history').click();
  await expect(page.getByTestId('history-body-diff').locator('[data-diff="removed"] del')).toHaveText(/First/);
  await expect(page.getByTestId('history-body-diff').locator('[data-diff="added"] ins')).toHaveText(/Second/);
  await page.locator('[data-testid="history-row"][data-version="1"]').getByTestId('history-restore').click();
  await expect(page).toHaveURL(/\/admin\/articles\/\d+\?restored=3$/);
  await expect(page.getByTestId('editor-message')).toContainText('Restored as version 3');
  await expect(page.getByTestId('editor-body')).toHaveValue('First words.\n');
});

test("an article's category picker offers only its product's categories, and the history names a category change", async ({ page }) => {
  await newArticle(page, `Category spec ${Date.now()}`, 'Some words.\n');
  const picker = page.getByTestId('editor-category');
  // A new article may start in any product: every product's categories are offered.
  expect(await picker.locator('optgroup').count()).toBeGreaterThan(1);
  const polar = picker.locator('optgroup[label="Polar"] option');
  const [first, second] = [await polar.nth(0).textContent(), await polar.nth(1).textContent()];
  await picker.selectOption({ label: first! });
  await firstSave(page, 'editor-save', 'Saved');
  // Saved in Polar: only Polar's categories (a category carries its product).
  await expect(picker.locator('optgroup')).toHaveCount(1);
  await expect(picker.locator('optgroup')).toHaveAttribute('label', 'Polar');
  await picker.selectOption({ label: second! });
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-message')).toContainText('version 2');
  await page.getByTestId('editor-history').click();
  const change = page.getByTestId('history-category-change');
  await expect(change.locator('del')).toContainText(first!);
  await expect(change.locator('ins')).toContainText(second!);
  // Written here, not imported: its public page names no source; an imported one does.
  await page.getByRole('link', { name: /Back to the editor/ }).click();
  await page.getByTestId('editor-publish').click();
  await expect(page.getByTestId('editor-message')).toContainText('version 3');
  const live = (await page.getByTestId('editor-view-public').getAttribute('href'))!;
  await page.goto(live);
  await expect(page.getByTestId('article-body')).toContainText('Some words.');
  await expect(page.getByTestId('article-source')).toHaveCount(0);
  await page.goto('/articles/polar-docs-features-refunds');
  await expect(page.getByTestId('article-source')).toContainText('Source:');
});

test('a body over the limit gets the inline size message, never "Could not reach the server"', async ({ page }) => {
  // Half a megabyte and more through a textarea, preview and save: slower than the other tests.
  test.setTimeout(120_000);
  // Exactly 512 KiB with LF line ends: accepted (the counter measures what the server measures).
  const atLimit = `${'x'.repeat(1023)}\n`.repeat(512);
  await newArticle(page, `Size spec ${Date.now()}`, atLimit);
  await expect(page.getByTestId('editor-body-size')).toHaveAttribute('data-bytes', String(512 * 1024));
  await firstSave(page, 'editor-save', 'Saved');
  await expect(page.getByTestId('editor-version')).not.toContainText('Unsaved');
  for (const body of [`${atLimit}y`, 'é'.repeat(750 * 1024)]) {
    await page.getByTestId('editor-body').fill(body);
    await expect(page.getByTestId('editor-body-size')).toContainText('too large');
    await page.getByTestId('editor-save').click();
    await expect(page.getByTestId('editor-body-error')).toHaveText('The article body is larger than 512 KB. Split it into several articles.');
    await expect(page.getByTestId('editor-message')).not.toContainText('Could not reach');
  }
});

test('an over-limit body that reaches the server (client check bypassed) is an inline error, not a 500', async ({ page }) => {
  test.setTimeout(60_000);
  await newArticle(page, `Server size spec ${Date.now()}`, 'Short.\n');
  await firstSave(page, 'editor-save', 'Saved');
  await page.getByTestId('editor-body').fill('BODYMARKER\n');
  // Swap the small body for 600 KB on its way to the save action, as a client without the check would send.
  let status = 0;
  await page.route('**/admin/articles/*', async (route) => {
    const req = route.request();
    if (req.method() !== 'POST' || !req.headers()['next-action']) return route.continue();
    const data = req.postData() ?? '';
    if (!data.includes('BODYMARKER')) return route.continue();
    const res = await route.fetch({ postData: data.replace('BODYMARKER', 'x'.repeat(600 * 1024)) });
    status = res.status();
    await route.fulfill({ response: res });
  });
  await page.getByTestId('editor-save').click();
  await expect(page.getByTestId('editor-body-error')).toHaveText('The article body is larger than 512 KB. Split it into several articles.');
  expect(status).toBe(200);
  await expect(page.getByTestId('editor-message')).not.toContainText('Could not reach');
  await expect(page.getByTestId('editor-body')).toHaveValue('BODYMARKER\n');
});

test('a changed slug keeps the old address redirecting (308)', async ({ page, request }) => {
  const stamp = Date.now();
  await newArticle(page, `Slug spec ${stamp}`, 'Moving house.\n');
  await firstSave(page, 'editor-publish', 'Published');
  const oldSlug = await page.getByTestId('editor-slug').inputValue();
  // Typed as a title would be, it becomes a slug: lowercase, hyphens for spaces, no trailing one once left.
  await page.getByTestId('editor-slug').fill('');
  await page.getByTestId('editor-slug').pressSequentially(`Moved  ${stamp} `);
  await expect(page.getByTestId('editor-slug')).toHaveValue(`moved-${stamp}-`);
  await page.getByTestId('editor-slug').blur();
  await expect(page.getByTestId('editor-slug')).toHaveValue(`moved-${stamp}`);
  await page.getByTestId('editor-publish').click();
  await expect(page.getByTestId('editor-message')).toContainText('Published — version 2');
  const res = await request.get(`/articles/${oldSlug}`, { maxRedirects: 0 });
  expect(res.status()).toBe(308);
  expect(res.headers().location).toBe(`/articles/moved-${stamp}`);
});

test('a second article with a title the product already has names the first under its title field', async ({ page }) => {
  const title = `Duplicate title ${Date.now()}`;
  await newArticle(page, title, 'The first one.');
  await firstSave(page, 'editor-publish', 'Published');
  const firstUrl = page.url();
  await expect(page.getByTestId('editor-title-same')).toHaveCount(0);
  await newArticle(page, `  ${title.toUpperCase()} `, 'The second one.');
  await firstSave(page, 'editor-save', 'Saved');
  const note = page.getByTestId('editor-title-same');
  await expect(note).toContainText('Another article of this product has this title');
  await expect(note).toContainText('(published)');
  // The title field is described by it (screen readers read it with the field).
  await expect(page.getByTestId('editor-title')).toHaveAttribute('aria-describedby', /editor-title-same/);
  await expect(note.getByRole('link')).toHaveAttribute('href', new URL(firstUrl).pathname);
  // A distinct title drops it at once.
  await page.getByTestId('editor-title').fill(`${title} (copy)`);
  await expect(note).toHaveCount(0);
});
