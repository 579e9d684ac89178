/**
 * Roles through the real server actions on a real database: what a viewer, an editor and an admin
 * may do (viewer cannot save an article → refused with a 403 message and nothing stored; editor
 * cannot manage users; admin can), the last-admin and self guards, and that every admin action
 * names its role. Next's request scope is stubbed (the session cookie of the user a test acts
 * as); sessions are better-auth's, the verbs and the database are the real ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAuditEntries } from '@/db/queries/audit';
import { removeUser, setUserDisabled, setUserRole } from '@/db/queries/users';
import { adminUsers, apiTokens, articles } from '@/db/schema';
import { createApiToken } from '@/lib/auth/api-tokens';
import { AppError } from '@/lib/errors';
import { createTestDatabase, type TestDb } from './helpers/db';
import { staffSession } from './helpers/staff';

const state = vi.hoisted(() => ({ db: null as unknown, cookie: '', set: [] as { name: string; value: string; opts?: Record<string, unknown> }[] }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ ...(state.cookie ? { cookie: state.cookie } : {}), origin: 'http://localhost', host: 'localhost' }),
  cookies: async () => ({ get: () => undefined, set: (name: string, value: string, opts?: Record<string, unknown>) => state.set.push({ name, value, opts }), delete: () => {} }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {} }));
vi.mock('@/lib/startup', () => ({ getAppDb: async () => state.db }));

const { saveArticleAction } = await import('@/app/(admin)/admin/articles/actions');
const users = await import('@/app/(admin)/admin/users/actions');
const { revokeApiTokenAction } = await import('@/app/(admin)/admin/tokens/actions');
const { signOutAction } = await import('@/app/(admin)/admin/actions');

let t: TestDb;
let viewer: Awaited<ReturnType<typeof staffSession>>;
let editor: Awaited<ReturnType<typeof staffSession>>;
let admin: Awaited<ReturnType<typeof staffSession>>;

beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
  viewer = await staffSession(t.db, 'viewer');
  editor = await staffSession(t.db, 'editor');
  admin = await staffSession(t.db, 'admin');
});
afterAll(async () => {
  await t?.close();
});

const as = (who: { cookie: string } | null) => {
  state.cookie = who?.cookie ?? '';
};
const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const articleCount = async () => (await t.db.select({ n: count() }).from(articles))[0].n;
const userCount = async () => (await t.db.select({ n: count() }).from(adminUsers))[0].n;
const REFUSED_VIEWER = 'Your role (viewer) cannot do this: it needs editor or admin.';

describe('role matrix through the server actions', () => {
  it('a viewer cannot save an article: refused with the role message, nothing stored, the refusal audited', async () => {
    as(viewer);
    const before = await articleCount();
    const res = await saveArticleAction(form({ title: 'Viewer article', body: 'Nope.', intent: 'publish' }));
    expect(res).toEqual({ ok: false, message: REFUSED_VIEWER });
    expect(await articleCount()).toBe(before);
    const [entry] = await listAuditEntries(t.db, { limit: 1, action: 'admin.saveArticle' });
    expect(entry).toMatchObject({ actorEmail: viewer.email, outcome: 'refused', message: REFUSED_VIEWER });
  });

  it('an editor saves an article', async () => {
    as(editor);
    const before = await articleCount();
    const res = await saveArticleAction(form({ title: 'Editor article', body: 'Written by an editor.', intent: 'save' }));
    expect(res.ok).toBe(true);
    expect(await articleCount()).toBe(before + 1);
  });

  it('nobody signed in: the editor keeps the text and says to sign in again', async () => {
    as(null);
    const res = await saveArticleAction(form({ title: 'Signed out', body: 'x' }));
    expect(res).toMatchObject({ ok: false, signedOut: true });
  });

  it('an editor cannot manage users: create, role, disable, reset, remove are all refused', async () => {
    as(editor);
    const before = await userCount();
    const needsAdmin = 'Your role (editor) cannot do this: it needs admin.';
    expect(await users.createUserAction(null, form({ email: 'new@example.com', role: 'admin' }))).toMatchObject({ ok: false, message: needsAdmin });
    expect(await users.setRoleAction(null, form({ id: String(editor.id), role: 'admin' }))).toEqual({ ok: false, message: needsAdmin });
    expect(await users.setDisabledAction(null, form({ id: String(admin.id), disabled: '1' }))).toEqual({ ok: false, message: needsAdmin });
    expect(await users.resetPasswordAction(null, form({ id: String(admin.id) }))).toEqual({ ok: false, message: needsAdmin });
    expect(await users.removeUserAction(null, form({ id: String(admin.id) }))).toEqual({ ok: false, message: needsAdmin });
    expect(await userCount()).toBe(before);
    const [me] = await t.db.select({ role: adminUsers.role }).from(adminUsers).where(eq(adminUsers.id, editor.id));
    expect(me.role).toBe('editor');
  });

  it("an editor revokes their own API tokens, not an admin's", async () => {
    const mine = await createApiToken(t.db, { userId: editor.id, name: 'mine' });
    const theirs = await createApiToken(t.db, { userId: admin.id, name: 'theirs' });
    as(editor);
    expect(await revokeApiTokenAction(null, form({ id: String(theirs.id) }))).toMatchObject({ ok: false });
    expect(await revokeApiTokenAction(null, form({ id: String(mine.id) }))).toEqual({ ok: true, message: 'Revoked.' });
    const [row] = await t.db.select({ revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, theirs.id));
    expect(row.revokedAt).toBeNull();
    as(viewer);
    expect(await revokeApiTokenAction(null, form({ id: String(theirs.id) }))).toEqual({ ok: false, message: REFUSED_VIEWER });
  });

  it('an admin creates a user (generated password shown once), changes a role, resets a password, disables and removes', async () => {
    as(admin);
    const made = await users.createUserAction(null, form({ email: 'New.Person@Example.com', name: 'New Person', role: 'viewer', password: '' }));
    expect(made).toMatchObject({ ok: true, message: expect.stringContaining('Created new.person@example.com (viewer)') });
    expect(made.ok && made.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const [row] = await t.db.select().from(adminUsers).where(eq(adminUsers.email, 'new.person@example.com'));
    expect(row).toMatchObject({ name: 'New Person', role: 'viewer', banned: false });
    const id = String(row.id);
    expect(await users.createUserAction(null, form({ email: 'new.person@example.com', role: 'viewer' }))).toMatchObject({
      ok: false,
      message: 'A user with the email new.person@example.com already exists.',
    });
    expect(await users.setRoleAction(null, form({ id, role: 'editor' }))).toEqual({ ok: true, message: 'new.person@example.com is now editor (was viewer).' });
    const reset = await users.resetPasswordAction(null, form({ id, password: 'chosen by the admin' }));
    expect(reset).toMatchObject({ ok: true });
    expect(reset.ok && reset.password).toBeUndefined();
    expect(await users.setDisabledAction(null, form({ id, disabled: '1' }))).toMatchObject({ ok: true });
    expect(await users.removeUserAction(null, form({ id }))).toEqual({ ok: true, message: 'Removed new.person@example.com.' });
    expect(await t.db.select().from(adminUsers).where(eq(adminUsers.id, row.id))).toHaveLength(0);
  });

  it('an admin cannot change, disable or remove their own account', async () => {
    as(admin);
    const self = String(admin.id);
    expect(await users.setRoleAction(null, form({ id: self, role: 'viewer' }))).toEqual({ ok: false, message: 'You cannot change the role of your own account: ask another admin.' });
    expect(await users.setDisabledAction(null, form({ id: self, disabled: '1' }))).toMatchObject({ ok: false, message: expect.stringContaining('You cannot disable your own account') });
    expect(await users.removeUserAction(null, form({ id: self }))).toMatchObject({ ok: false, message: expect.stringContaining('You cannot remove your own account') });
  });
});

describe('sign-out', () => {
  it('deletes the session row and expires the cookie; the cookie then opens nothing', async () => {
    const { sessionFromHeaders } = await import('@/lib/auth/session');
    const someone = await staffSession(t.db, 'editor');
    as(someone);
    state.set = [];
    const err = await signOutAction().catch((e: unknown) => e);
    expect(String((err as { digest?: string }).digest ?? err)).toContain('/admin/login');
    expect(state.set).toContainEqual(expect.objectContaining({ name: 'resolve.session_token', value: '' }));
    expect(await sessionFromHeaders(t.db, new Headers({ cookie: someone.cookie }))).toBeNull();
  });
});

describe('last-admin guard', () => {
  it('the only enabled admin cannot be demoted, disabled or removed; with a second admin they can', async () => {
    const fresh = await createTestDatabase();
    try {
      const a = await staffSession(fresh.db, 'admin', 'a@example.com');
      const b = await staffSession(fresh.db, 'editor', 'b@example.com');
      for (const attempt of [
        () => setUserRole(fresh.db, { actorId: b.id, id: a.id, role: 'editor' }),
        () => setUserDisabled(fresh.db, { actorId: b.id, id: a.id, disabled: true }),
        () => removeUser(fresh.db, { actorId: b.id, id: a.id }),
      ]) {
        const err = await attempt().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe('conflict:last_admin');
        expect((err as AppError).message).toMatch(/a@example\.com is the only admin: make someone else an admin before you/);
      }
      // A disabled admin does not count: promoting b, then disabling b, leaves a as the only one again.
      await setUserRole(fresh.db, { actorId: a.id, id: b.id, role: 'admin' });
      await setUserDisabled(fresh.db, { actorId: a.id, id: b.id, disabled: true });
      await expect(setUserRole(fresh.db, { actorId: b.id, id: a.id, role: 'viewer' })).rejects.toMatchObject({ code: 'conflict:last_admin' });
      await setUserDisabled(fresh.db, { actorId: a.id, id: b.id, disabled: false });
      // Two enabled admins demoting each other at once: one wins, the other is refused.
      const both = await Promise.allSettled([setUserRole(fresh.db, { actorId: a.id, id: b.id, role: 'editor' }), setUserRole(fresh.db, { actorId: b.id, id: a.id, role: 'editor' })]);
      expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const admins = await fresh.db.select().from(adminUsers).where(eq(adminUsers.role, 'admin'));
      expect(admins).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('every admin action names its role', () => {
  it('each runAction in app/**/actions.ts has role, except sign-in and sign-out', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === 'actions.ts') files.push(p);
      }
    };
    walk(path.join(process.cwd(), 'app'));
    expect(files.length).toBeGreaterThan(8);
    const missing: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(f, 'utf8');
      // Each call's options object: from `runAction(` (or `runAction<…>(`) to its closing `}`.
      for (const m of src.matchAll(/runAction(?:<[^>]*>)?\(\s*\{([\s\S]*?)\n?\s*\}\s*,/g)) {
        const opts = m[1];
        if (/name: 'admin\.(login|signOut)'/.test(opts)) continue;
        if (!/\brole: '(viewer|editor|admin)'/.test(opts)) missing.push(`${path.relative(process.cwd(), f)}: ${opts.trim().slice(0, 80)}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
