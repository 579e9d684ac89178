import { expect, test, type Page } from '@playwright/test';
import { ArticlePage } from './article-page';
import { Assistant, HelpCenter } from './pages';

// Security headers and the Content-Security-Policy in a real browser: every scripted feature
// (theme script, Shiki code, copy button, ⌘K palette, assistant stream) works under the nonce
// policy, and no page load logs a CSP violation.

const SANDBOX = 'polar-docs-integrate-sandbox';

/** Collects CSP violations two ways: the browser's console report and the DOM event. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (?:execute|load|apply|evaluate|connect|frame)/i.test(m.text())) seen.push(m.text());
  });
  page.on('pageerror', (e) => seen.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...seen, ...(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations))];
}

test('pages, API answers and static files carry the security headers; admin answers are no-store', async ({ request }) => {
  // Pages rendered per request: a nonce policy, fresh per response, whose nonce is on the page's scripts.
  const page = await request.get('/search?q=refund');
  const csp = page.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'sha256-[A-Za-z0-9+/=]{44}' 'strict-dynamic'/);
  expect(csp).toContain("img-src 'self' data:");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src-attr 'none'");
  expect(csp).not.toContain('unsafe-eval');
  expect(page.headers()['cache-control']).toMatch(/no-store|no-cache|private/);
  // A fresh nonce per response.
  expect((await request.get('/search?q=refund')).headers()['content-security-policy']).not.toBe(csp);
  const html = await page.text();
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);

  // Static (ISR) pages: one nonce-free policy for everyone, no nonce in the HTML, a cacheable answer.
  for (const path of ['/', '/articles/polar-docs-introduction', '/products/polar-docs']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const policy = res.headers()['content-security-policy'];
    expect(policy, path).toContain("script-src 'self' 'unsafe-inline';");
    expect(policy, path).not.toContain('nonce-');
    for (const d of ["script-src-attr 'none'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) expect(policy, path).toContain(d);
    expect((await request.get(path)).headers()['content-security-policy'], path).toBe(policy);
    expect(res.headers()['cache-control'], path).toMatch(/s-maxage=\d+/);
    const body = await res.text();
    expect(body, path).not.toMatch(/\snonce="/);
    expect(body, path).not.toMatch(/<[^>]+\son[a-z]+=/i);
  }

  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)![0];
  for (const path of ['/', '/articles/polar-docs-introduction', '/api/search?q=refund', '/api/chat/%E0%A4', asset, '/no-such-page']) {
    const res = await request.get(path);
    const h = res.headers();
    expect(h['x-content-type-options'], path).toBe('nosniff');
    expect(h['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(h['x-frame-options'], path).toBe('DENY');
    if (!path.startsWith('/_next/')) expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
  }
  // The API's root and an address no route answers are JSON 404s, not the HTML Not found page.
  for (const path of ['/api', '/api/no-such-endpoint']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    expect(res.headers()['content-type'], path).toMatch(/^application\/json/);
    expect(((await res.json()) as { error: { code: string } }).error.code, path).toBe('not_found:route');
  }
  for (const path of ['/admin/login', '/admin']) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.headers()['cache-control'], path).toContain('no-store');
  }
});

test('a page load logs no CSP violation: theme script, highlighted code, copy, palette and the streamed assistant all work', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const violations = await watchCsp(page);

  const article = new ArticlePage(page);
  await article.open(SANDBOX);
  // The theme script ran before paint (it marks <html> with `js`).
  await expect(page.locator('html')).toHaveClass(/(?:^|\s)js(?:\s|$)/);
  // Shiki colours tokens with inline styles.
  const token = article.body().locator('pre.shiki span[style]').first();
  await expect(token).toBeVisible();
  const copy = article.copyButtons().first();
  await copy.click();
  await expect(article.copyStatus()).toHaveText('Copied');

  // ⌘K palette (Ctrl K off Apple platforms): opens and searches.
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog');
  await expect(palette).toBeVisible();
  await page.keyboard.type('refund', { delay: 30 });
  await expect(palette.getByRole('option').first()).toBeVisible();
  await palette.getByRole('option').first().click();
  await expect(page.getByTestId('article-title')).toBeVisible();

  // The assistant streams its answer over fetch.
  const assistant = new Assistant(page);
  await assistant.open();
  await assistant.ask('How do I refund an order on Polar?');
  await expect(assistant.lastAnswer().getByTestId('assistant-citation').first()).toBeVisible({ timeout: 60_000 });

  const help = new HelpCenter(page);
  await help.open('/');
  await help.typeSearch('refund');
  await expect(help.results().first()).toBeVisible();
  await page.goto('/no-such-page');
  await page.goto('/admin/login');

  expect(await violations()).toEqual([]);
});

test('the policy is enforced: an injected inline script or event handler does not run', async ({ page }) => {
  const violations = await watchCsp(page);
  // The server's own answer (headers included), with markup an attacker might get into it.
  await page.route('**/search?q=policy', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('</body>', '<script>window.__ranInline=true</script><img src="data:," onerror="window.__ranAttr=true"></body>');
    await route.fulfill({ response: res, body });
  });
  await page.goto('/search?q=policy');
  await page.waitForTimeout(300);
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __ranInline?: boolean; __ranAttr?: boolean };
    return { inline: !!w.__ranInline, attr: !!w.__ranAttr };
  });
  expect(ran).toEqual({ inline: false, attr: false });
  expect((await violations()).length).toBeGreaterThanOrEqual(2);
});

test("the static pages' policy is enforced too: an injected event handler or plugin does not run", async ({ page }) => {
  const violations = await watchCsp(page);
  await page.route('**/articles/polar-docs-introduction', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('</body>', '<img src="data:," onerror="window.__ranAttr=true"><object data="data:text/html,x"></object></body>');
    await route.fulfill({ response: res, body });
  });
  await page.goto('/articles/polar-docs-introduction');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => !!(window as unknown as { __ranAttr?: boolean }).__ranAttr)).toBe(false);
  expect((await violations()).length).toBeGreaterThanOrEqual(1);
});

/** The hidden `$ACTION…` fields React renders into a server-action form (what a no-JS submit sends). */
function hiddenActionFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name?.startsWith('$ACTION'))
      fields[name] = value
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&#x27;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
  }
  return fields;
}

test('CSRF: the sign-in form posted from another origin is refused (no session); from this origin it signs in', async ({ request, baseURL }) => {
  const fields = hiddenActionFields(await (await request.get('/admin/login')).text());
  expect(Object.keys(fields).some((k) => k.startsWith('$ACTION'))).toBe(true);
  const post = (origin: string) => request.post('/admin/login', { multipart: { ...fields, email: 'admin@example.com', password: 'e2e-password-123' }, headers: { origin }, maxRedirects: 0 });
  const evil = await post('https://evil.example');
  expect(evil.status()).toBeGreaterThanOrEqual(400);
  expect(evil.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie' && /session_token=/.test(h.value))).toEqual([]);
  // The same request from the site's own origin signs in: the refusal above is the Origin check.
  const same = await post(new URL(baseURL!).origin);
  expect(same.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie' && /session_token=[^;]+/.test(h.value))).toBe(true);
});

test('signed out, an admin page sends you to sign in and back to that page; a foreign next is ignored', async ({ page }) => {
  await page.goto('/admin/handoffs?status=open');
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin%2Fhandoffs%3Fstatus%3Dopen$/);
  await page.getByTestId('admin-login-email').fill('admin@example.com');
  await page.getByTestId('admin-login-password').fill('e2e-password-123');
  await page.getByTestId('admin-login-submit').click();
  await expect(page).toHaveURL(/\/admin\/handoffs\?status=open$/);
  // Signed in, a login address with a next outside the admin opens the admin home instead.
  await page.goto('/admin/login?next=https%3A%2F%2Fevil.example%2Fadmin');
  await expect(page).toHaveURL(/\/admin\/?$/);
  // The article list's natural address is the admin home, where the list is.
  await page.goto('/admin/articles');
  await expect(page).toHaveURL(/\/admin\/?$/);
});
