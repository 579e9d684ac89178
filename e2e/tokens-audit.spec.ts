import { expect, test } from '@playwright/test';
import { Admin } from './pages';

// An admin creates an API token in the admin, an integration uses it against the content API
// (create, then a stale write refused), the audit log shows both, and revoking the token locks the
// integration out.

test('API token: created once, used by the content API, audited, revoked', async ({ page, request }) => {
  const admin = new Admin(page);
  await admin.login();
  await page.goto('/admin/tokens');
  await page.getByLabel('Name (what uses it)').fill('');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.getByTestId('token-form').getByRole('alert')).toContainText('Give the token a name');

  const name = `e2e sync ${Date.now()}`;
  await page.getByLabel('Name (what uses it)').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const tokenField = page.getByTestId('new-token');
  await expect(tokenField).toHaveValue(/^rsv_[A-Za-z0-9_-]{43}$/);
  const token = await tokenField.inputValue();
  const auth = { authorization: `Bearer ${token}` };

  const created = await request.post('/api/articles', { headers: auth, data: { title: `Made by ${name}`, body: 'Written through the content API.', status: 'published' } });
  expect(created.status()).toBe(201);
  const article = (await created.json()) as { id: number; url: string };
  const etag = created.headers().etag;
  expect(etag).toBe(`"a${article.id}v1"`);
  const missing = await request.patch(`/api/articles/${article.id}`, { headers: auth, data: { summary: 'x' } });
  expect(missing.status()).toBe(428);
  const ok = await request.patch(`/api/articles/${article.id}`, { headers: { ...auth, 'if-match': etag }, data: { summary: 'Changed once.' } });
  expect(ok.status()).toBe(200);
  const stale = await request.patch(`/api/articles/${article.id}`, { headers: { ...auth, 'if-match': etag }, data: { summary: 'Changed twice?' } });
  expect(stale.status()).toBe(412);
  await page.goto(article.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Made by ${name}`);

  await page.goto('/admin/audit');
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('admin.createApiToken');
  await expect(table).toContainText(`Made by ${name}`);
  await expect(table.getByRole('row').filter({ hasText: 'api.patchArticle' }).first()).toContainText('admin@example.com');

  await page.goto('/admin/tokens');
  const row = page.getByRole('listitem').filter({ hasText: name });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('revoked');
  const after = await request.get(`/api/articles/${article.id}`, { headers: auth });
  expect(after.status()).toBe(401);
  expect(after.headers()['www-authenticate']).toContain('Bearer');
});
