import { expect, test, type Page } from '@playwright/test';
import { Admin, Assistant, HelpCenter } from './pages';

// The server holds three products: the bundled sample (Ledgerly), Polar and Spree Commerce.

async function homeShot(page: Page, name: string) {
  await page.goto('/');
  const cards = page.getByTestId('product-card');
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: 'Polar' })).toContainText('Payments & Billing');
  await expect(cards.filter({ hasText: 'Spree Commerce' })).toContainText(/\d+ articles/);
  await expect(cards.filter({ hasText: 'Ledgerly' })).toBeVisible();
  // Popular articles start within the first two screens.
  const top = await page.locator('#popular-heading').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const screen = page.viewportSize()!.height;
  expect(top).toBeLessThan(2 * screen);
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

test('home: one card per product with description and count; popular articles within two screens (desktop and phone)', async ({ page }) => {
  await homeShot(page, 'home-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await homeShot(page, 'home-phone');
});

test('a product page scopes the header search, with an "All products" switch; all-products results name their product', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('product-card').filter({ hasText: 'Polar' }).getByRole('link', { name: 'Polar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Polar' })).toBeVisible();
  const help = new HelpCenter(page);
  await expect(help.searchInput()).toHaveAttribute('placeholder', 'Search Polar…');
  await help.typeSearch('refund');
  const scope = page.getByTestId('search-scope').first();
  await expect(scope).toContainText('Searching Polar');
  await expect(help.results().first()).toBeVisible();
  for (const href of await help
    .results()
    .locator('a')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href'))))
    expect(href).toContain('polar-docs');
  await scope.getByRole('button', { name: 'All products' }).click();
  await expect(scope).toContainText('Searching all products');
  // All products: results from other products appear, each named with its product.
  await expect(help.results().locator('a:not([href*="polar-docs"])').first()).toBeVisible();
  const labels = await help.results().allInnerTexts();
  expect(labels.every((t) => /(Ledgerly|Polar|Spree Commerce)( ·|$)/m.test(t))).toBe(true);
});

test('the assistant on a product page answers from that product and says so', async ({ page }) => {
  await page.goto('/products/spree-user-docs');
  const assistant = new Assistant(page);
  await assistant.open();
  await expect(page.getByTestId('assistant-scope')).toContainText('Answers from Spree Commerce articles');
  await assistant.ask('How do I refund an order?');
  const sources = assistant.lastAnswer().locator('a[data-testid="assistant-source"]');
  await expect(sources.first()).toBeVisible({ timeout: 30_000 });
  for (const href of await sources.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) expect(href).toContain('spree-user-docs');
});

test('the admin renames and describes a product; a bad colour is refused with a message; the home card shows the edit', async ({ page }) => {
  await new Admin(page).login();
  await page.goto('/admin/products');
  const form = page.getByTestId('product-form').filter({ hasText: 'spree-user-docs' });
  await form.getByLabel('Brand colour').fill('blue');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Please fix the highlighted fields.');
  await expect(form.getByLabel('Brand colour')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Brand colour').fill('#0177FF');
  await form.getByLabel('Description').fill('Open-source eCommerce: catalog, orders, payments.');
  await form.getByLabel('Order on the home page').fill('-1');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved “Spree Commerce”.');
  await page.goto('/');
  const first = page.getByTestId('product-card').first();
  await expect(first).toContainText('Spree Commerce');
  await expect(first).toContainText('Open-source eCommerce: catalog, orders, payments.');
});
