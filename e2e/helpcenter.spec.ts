import { expect, test } from '@playwright/test';
import { Admin, Assistant, HelpCenter } from './pages';

// The server was started by e2e/start-server.sh: fresh data dir, sample content seeded, the
// polar-docs corpus imported, admin@example.com created.

test('search for "refund" as you type shows the imported Polar refunds article', async ({ page }) => {
  const help = new HelpCenter(page);
  await help.open();
  await help.typeSearch('refund');
  const polar = help.results().filter({ has: page.locator('a[href*="polar-docs"][href*="refunds"]') });
  await expect(polar.first()).toBeVisible();
  await polar.first().locator('a').first().click();
  await expect(page.getByTestId('article-title')).toHaveText(/refund/i);
  await expect(page.getByTestId('article-body')).not.toContainText(':::');
  await expect(page.getByTestId('article-body')).not.toContainText('<Note');
});

test('typing a question word by word: common words never say "no articles match", the first real word finds articles', async ({ page }) => {
  const help = new HelpCenter(page);
  await help.open();
  await help.typeSearch('how to');
  await expect(page.getByText(/No articles match/)).toHaveCount(0);
  await help.typeSearch(' subscripti');
  await expect(
    help
      .results()
      .filter({ hasText: /subscription/i })
      .first(),
  ).toBeVisible();
  await expect(page.getByText(/did you mean/i)).toHaveCount(0);
});

test('the assistant streams a cited answer that links to the refunds article; a thumbs-down is stored', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new Assistant(page);
  await help.open();
  await assistant.open();
  await assistant.ask('How do I refund an order on Polar?');
  // Streaming: the answer is seen while it is still growing (polled every frame, STACK.md G14).
  await page.waitForFunction(
    () => {
      const msgs = document.querySelectorAll('[data-testid="assistant-message"][data-role="assistant"]');
      const last = msgs[msgs.length - 1] as HTMLElement | undefined;
      return !!last && last.innerText.trim().length > 0 && !!document.querySelector('[data-testid="assistant-stop"]');
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  const answer = assistant.lastAnswer();
  await expect(answer.getByTestId('assistant-citation').first()).toBeVisible({ timeout: 30_000 });
  await expect(answer.locator('a[data-testid="assistant-source"][href*="polar-docs"][href*="refunds"]').first()).toBeVisible();

  const vote = page.waitForResponse((r) => r.url().endsWith('/api/feedback') && r.request().method() === 'POST');
  await answer.getByTestId('answer-feedback-down').click();
  const res = await vote;
  expect(res.status()).toBe(200);
  const sent = res.request().postDataJSON();
  expect(sent).toMatchObject({ targetType: 'message', rating: 'down' });

  // Stored: the admin's list of every vote shows the vote for that message.
  const admin = new Admin(page);
  await admin.login();
  await page.goto('/admin/feedback?view=all');
  await expect(page.locator(`[data-testid="feedback-row"][data-target-id="${sent.targetId}"]`).first()).toBeVisible();
});

test('an admin edit to an article title is visible in search right after publishing', async ({ page }) => {
  const admin = new Admin(page);
  await admin.login();
  await page.getByTestId('admin-filter').fill('refund');
  await page.getByTestId('admin-filter').press('Enter');
  const row = page.locator('[data-testid="admin-article-row"][data-slug="refund-a-payment"]');
  await row.locator('a').first().click();
  const title = page.getByTestId('editor-title');
  await expect(title).toBeVisible();
  const newTitle = 'Refund a payment to a customer (Quillbrook edition)';
  await title.fill(newTitle);
  // A published article's Save keeps a draft; Publish makes the edit live.
  await page.getByTestId('editor-publish').click();
  await expect(page.getByTestId('editor-message')).toContainText(/Published/);

  const help = new HelpCenter(page);
  await help.open('/search?q=quillbrook');
  await expect(help.results().first()).toContainText('Quillbrook edition');
});

test('a search with nothing to search by says why: no letters for an emoji, only common words for "how do i"', async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent('😀🎉')}`);
  await expect(page.getByTestId('search-empty')).toContainText('has no letters or numbers to search by');
  await page.goto('/search?q=how%20do%20i');
  await expect(page.getByTestId('search-empty')).toContainText('very common words and single letters are skipped');
});

test('a path with malformed percent-encoding is the help center 404 page (API: a JSON 400), never a 500', async ({ page, request }) => {
  for (const p of ['/articles/%ED%A0%80', '/articles/%E0%A4', '/categories/%E0%A4', '/products/%E0%A4', '/search/%E0%A4', '/admin/articles/%E0%A4', '/media/%E0%A4/x.png']) {
    const res = await page.goto(p);
    expect(res?.status(), p).toBe(404);
    await expect(page.getByRole('heading', { level: 1 }), p).toHaveText('We couldn’t find that page');
    await expect(page.getByRole('banner'), p).toBeVisible();
  }
  // Decodable, but no slug can be it: NUL, control characters, an escape left after one decoding.
  for (const p of ['/articles/%00', '/categories/a%01b', '/products/%25E0%25A4', '/articles/%25ED%25A0%2580', `/articles/${'x'.repeat(5000)}`, `/media/polar-docs/${'x'.repeat(300)}.png`]) {
    expect((await request.get(p)).status(), p).toBe(404);
  }
  for (const p of ['/api/chat/%E0%A4', '/api/search/%E0%A4', '/api/chat/%ED%A0%80']) {
    const res = await request.get(p);
    expect(res.status(), p).toBe(400);
    expect((await res.json()).error.code, p).toBe('bad_request:path');
  }
  expect((await request.get('/articles/polar-docs-features-refunds')).status()).toBe(200);
});

test('a typo inside a longer query: the typeahead offers "did you mean" above results ranked by the corrected words', async ({ page }) => {
  const help = new HelpCenter(page);
  await help.open();
  await help.typeSearch('how do i refnud an order');
  const hint = page.getByTestId('search-did-you-mean').first();
  await expect(hint).toContainText('refund');
  await expect(help.results().first()).toContainText(/refund/i);
  await hint.getByRole('button').click();
  await expect(help.searchInput()).toHaveValue(/refund an order/);
});

test('a /search?q= link has its results in the page itself: shown without JavaScript, and not fetched again on load', async ({ browser, page }) => {
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  try {
    const bare = await noJs.newPage();
    await bare.goto('/search?q=refund');
    const first = bare.getByTestId('search-result').first();
    await expect(first).toContainText(/refund/i);
    await expect(bare.getByRole('status').filter({ hasText: /results? for “refund”/ })).toBeVisible();
    // The search form works without JavaScript: a plain GET to /search?q=.
    await bare.getByTestId('search-input').fill('payout');
    await bare.getByTestId('search-input').press('Enter');
    await expect(bare).toHaveURL(/\/search\?q=payout$/);
    await expect(bare.getByTestId('search-result').first()).toContainText(/payout/i);
    // A product named by its title, as /api/search accepts it, or by its short name, as users say it.
    for (const [collection, slug] of [
      ['spree%20commerce', 'spree-user-docs'],
      ['polar', 'polar-docs'],
    ]) {
      await bare.goto(`/search?q=refund&collection=${collection}`);
      await expect(bare.getByText(/There is no product named/)).toHaveCount(0);
      const hrefs = await bare
        .getByTestId('search-result')
        .locator('a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(0);
      expect(
        hrefs.every((h) => h.includes(slug)),
        hrefs.join(' '),
      ).toBe(true);
    }
    // A product's address by its short name leads to the product's page.
    await bare.goto('/products/polar');
    await expect(bare).toHaveURL(/\/products\/polar-docs$/);
    await expect(bare.getByRole('heading', { level: 1, name: 'Polar' })).toBeVisible();
  } finally {
    await noJs.close();
  }

  const searches: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/search')) searches.push(r.url());
  });
  const help = new HelpCenter(page);
  await help.open('/search?q=refund');
  await expect(help.results().first()).toContainText(/refund/i);
  await page.waitForLoadState('networkidle');
  expect(searches).toEqual([]);
  // Typing still searches as you type.
  await help.searchInput().fill('refund an order');
  await expect.poll(() => searches.length).toBeGreaterThan(0);
  await expect(help.results().first()).toContainText(/refund/i);
});

test.describe('in a dark theme', () => {
  test.use({ colorScheme: 'dark' });
  test('an unknown product is a 404 that says so, lists the products there are, and is dark too', async ({ page }) => {
    const missing = await page.goto('/products/no-such-product');
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('We couldn’t find that product');
    await expect(page.getByRole('main').getByRole('link', { name: 'Spree Commerce' })).toHaveAttribute('href', '/products/spree-user-docs');
    // Next sends a 404's body as data: the theme is applied in the browser, not by the inline script.
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  });
});
