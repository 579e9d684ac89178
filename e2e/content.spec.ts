import { expect, test } from '@playwright/test';
import { ArticlePage } from './article-page';

// Imported content as its authors meant it: Polar's sandbox article has a Mintlify <CodeGroup>
// (TypeScript / Python), the embedded payment-method article a code group and a six-column table,
// the introduction <Tabs> with prose.

const SANDBOX = 'polar-docs-integrate-sandbox';
const PAYMENT_METHOD = 'polar-docs-features-checkout-embed-payment-method';

test('a code group is ARIA tabs: click and arrow keys switch panels; code is highlighted in light and dark', async ({ page }) => {
  const article = new ArticlePage(page);
  await article.open(SANDBOX);
  const group = article.tabGroup('TypeScript');
  const ts = group.getByRole('tab', { name: 'TypeScript', exact: true });
  const py = group.getByRole('tab', { name: 'Python', exact: true });
  await expect(group.getByRole('tablist')).toBeVisible();
  await expect(ts).toHaveAttribute('aria-selected', 'true');
  await expect(group.getByRole('tabpanel', { name: 'TypeScript' })).toBeVisible();
  await expect(group.getByRole('tabpanel', { name: 'Python' })).toBeHidden();

  await py.click();
  await expect(py).toHaveAttribute('aria-selected', 'true');
  await expect(group.getByRole('tabpanel', { name: 'Python' })).toContainText('environment="sandbox"');
  await expect(group.getByRole('tabpanel', { name: 'TypeScript' })).toBeHidden();

  // Keyboard: one tab stop for the list, arrows move and select (wrapping), Home/End.
  await py.focus();
  await page.keyboard.press('ArrowRight');
  await expect(ts).toBeFocused();
  await expect(ts).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(py).toBeFocused();
  await page.keyboard.press('Home');
  await expect(ts).toBeFocused();
  await expect(ts).toHaveAttribute('tabindex', '0');
  await expect(py).toHaveAttribute('tabindex', '-1');
  // Tab leaves the tab list for the panel.
  await page.keyboard.press('Tab');
  await expect(group.getByRole('tabpanel', { name: 'TypeScript' })).toBeFocused();

  // Shiki colours from the server, switched by the theme class.
  const keyword = group.locator('pre.shiki span', { hasText: /^import$/ }).first();
  await expect(keyword).toBeVisible();
  await article.setTheme('light');
  const light = await keyword.evaluate((el) => getComputedStyle(el).color);
  await article.setTheme('dark');
  const dark = await keyword.evaluate((el) => getComputedStyle(el).color);
  expect(light).not.toBe(dark);
  expect(light).not.toBe('rgb(0, 0, 0)');
});

test('copy button: a labelled button, reachable by keyboard, copies the code and announces "Copied"', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const article = new ArticlePage(page);
  await article.open(SANDBOX);
  const copy = article.tabGroup('TypeScript').getByRole('button', { name: 'Copy TypeScript code' });
  await expect(copy).toBeVisible();
  await copy.focus();
  await page.keyboard.press('Enter');
  await expect(copy).toContainText('Copied');
  await expect(article.copyStatus()).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('environment: "sandbox"');
  expect(copied).not.toMatch(/Copy|TypeScript$/);
  await expect(copy).toContainText('Copy', { timeout: 5000 });
  await expect(copy).not.toContainText('Copied');
});

test('prose tabs (Mintlify <Tabs>) switch, and their headings stay out of the table of contents', async ({ page }) => {
  const article = new ArticlePage(page);
  await article.open('polar-docs-introduction');
  const group = article.tabGroup('No-Code (Fastest)');
  await expect(group.getByRole('tab')).toHaveText(['No-Code (Fastest)', 'Embedded', 'Full API (Maximum Control)']);
  await group.getByRole('tab', { name: 'Embedded' }).click();
  await expect(group.getByRole('tabpanel', { name: 'Embedded' })).toContainText('Embedded Checkout');
  await expect(group.getByRole('tabpanel', { name: 'No-Code (Fastest)' })).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'Table of contents' })).not.toContainText('No-Code (Fastest)');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('every tab panel shows with its title; no tab list, no copy button', async ({ page }) => {
    const article = new ArticlePage(page);
    await article.open(SANDBOX);
    const body = article.body();
    await expect(body.getByRole('tablist')).toHaveCount(0);
    await expect(body.getByText('environment="sandbox"')).toBeVisible();
    await expect(body.getByText('environment: "sandbox"')).toBeVisible();
    await expect(body.locator('.code-title', { hasText: 'Python' })).toBeVisible();
    await expect(article.copyButtons()).toHaveCount(0);
  });
});

test('screenshots of an imported article with code and tabs: desktop 1280 and phone 390, light and dark', async ({ page }) => {
  const article = new ArticlePage(page);
  for (const [device, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark'] as const) {
      await article.open(PAYMENT_METHOD);
      await article.setTheme(theme);
      await page.evaluate(() => document.fonts.ready);
      const group = article.body().locator('[data-tabs]').first();
      await group.scrollIntoViewIfNeeded();
      await page.screenshot({ path: test.info().outputPath(`article-${device}-${theme}.png`) });
      await page.screenshot({ path: test.info().outputPath(`article-${device}-${theme}-full.png`), fullPage: true });
    }
  }
});

test('every 404 has the help-center header and footer and the title "Not found"', async ({ page }) => {
  for (const path of ['/this/is/not/here', '/articles/no-such-article', '/categories/no-such-category']) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page, path).toHaveTitle(/^Not found · /);
    await expect(page.getByRole('banner')).toBeVisible();
    await expect(page.getByRole('contentinfo')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that page');
    await expect(page.getByTestId('search-input').first()).toBeVisible();
  }
});

test('the search shortcut reads "Ctrl K" off Apple platforms and "⌘K" on a Mac, with no hydration warning', async ({ page, browser }) => {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /hydrat/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto('/articles/polar-docs-introduction');
  await expect(page.getByTestId('search-shortcut')).toHaveText('Ctrl K');
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Search articles' })).toHaveAttribute('title', 'Search (Ctrl K)');
  await expect(page.getByRole('button', { name: 'Search articles' })).toHaveAttribute('aria-keyshortcuts', 'Control+K');
  expect(problems).toEqual([]);

  const mac = await browser.newContext({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36' });
  const macPage = await mac.newPage();
  await macPage.addInitScript(() => {
    Object.defineProperty(navigator, 'platform', { get: () => 'MacIntel' });
    Object.defineProperty(navigator, 'userAgentData', { get: () => ({ platform: 'macOS' }) });
  });
  await macPage.goto('/articles/polar-docs-introduction');
  await expect(macPage.getByTestId('search-shortcut')).toHaveText('⌘K');
  await mac.close();
});

test('the font is Inter from this site: loaded, in use, and no request leaves the origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const elsewhere: string[] = [];
  const fonts: { url: string; status: number }[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) elsewhere.push(r.url());
  });
  page.on('response', (r) => {
    if (r.request().resourceType() === 'font') fonts.push({ url: r.url(), status: r.status() });
  });
  await page.goto('/articles/polar-docs-introduction');
  await page.evaluate(() => document.fonts.ready);
  expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^"Inter Variable"/);
  expect(await page.evaluate(() => document.fonts.check('16px "Inter Variable"'))).toBe(true);
  expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('Inter') && f.status === 'loaded'))).toBe(true);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) {
    expect(f.url.startsWith(`${origin}/_next/static/`), f.url).toBe(true);
    expect(f.status, f.url).toBe(200);
  }
  expect(elsewhere).toEqual([]);
});

test('a screenshot the import could not find shows its alt text as a caption', async ({ page }) => {
  const article = new ArticlePage(page);
  await article.open('spree-user-docs-user-user-quickstart-guide');
  const caption = article.body().locator('.img-missing', { hasText: 'Getting Started tab showing the onboarding checklist' });
  await expect(caption).toBeVisible();
  await expect(article.body().locator('img[src^="/docs/"]')).toHaveCount(0);
});

test('a reader who voted on an article sees that vote again after a reload', async ({ page }) => {
  const article = new ArticlePage(page);
  await article.open('polar-docs-introduction');
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/feedback') && r.request().method() === 'POST');
  await page.getByTestId('feedback-up').click();
  expect((await sent).status()).toBe(200);
  await expect(page.getByTestId('feedback-thanks')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('feedback-up')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('feedback-down')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('feedback-remembered')).toHaveText('You answered Yes earlier.');
  // Changing the vote is sent and remembered in turn.
  await page.getByTestId('feedback-down').click();
  await expect(page.getByTestId('feedback-thanks')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('feedback-down')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('feedback-remembered')).toHaveText('You answered No earlier.');
});

test('the search palette closes on the first Escape, with text typed, as its footer says', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Search articles' }).click();
  const palette = page.getByRole('dialog');
  await expect(palette).toBeVisible();
  await page.keyboard.type('refund');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect(page.getByRole('button', { name: 'Search articles' })).toBeFocused();
});

test('a long unbroken search term wraps on a phone instead of widening the page', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/search?q=${'a'.repeat(400)}`);
  await expect(page.getByText(/No articles match/)).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test('a pasted search of 20 KB is searched by its first 500 characters, on the search page and from the home page', async ({ page }) => {
  const pasted = 'refund '.repeat(3000); // 21,000 characters
  const note = 'Your search was longer than 500 characters, so only its first 496 are searched.';
  await page.goto('/search');
  await page.getByTestId('search-input').fill(pasted);
  await expect(page.getByTestId('search-shortened')).toHaveText(note);
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  await expect(page.getByText('Search is unavailable right now.')).toHaveCount(0);
  // The address holds the searched part only.
  await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('refund '.repeat(71).trimEnd());
  await page.goto('/');
  const hero = page.getByPlaceholder('Search for answers…');
  await hero.fill(pasted);
  await hero.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  await expect(page.getByTestId('search-shortened')).toHaveText(note);
  await expect(page.getByTestId('search-result').first()).toBeVisible();
});

test('a search longer than 500 characters says it searched only the first ones, cut after a whole word', async ({ page }) => {
  const words = `${'refund '.repeat(80)}payout`; // 566 characters
  await page.goto(`/search?q=${encodeURIComponent(words)}`);
  await expect(page.getByTestId('search-shortened')).toHaveText('Your search was longer than 500 characters, so only its first 496 are searched.');
  const box = page.getByTestId('search-input');
  expect(await box.inputValue()).toBe('refund '.repeat(71).trimEnd());
  await expect(page.getByTestId('search-result').first()).toBeVisible();
  // The results line repeats the query shortened, not all 496 characters.
  await expect(page.getByText(/^Top 20 results for “(refund ){10}refund…”$/)).toBeVisible();
});
