/**
 * better-auth on our database: email + password, server-side sessions in `auth_sessions` (the
 * cookie carries only the session token, signed with the auth secret), roles from its admin
 * plugin (`admin_users.role`, `banned`). One instance per database handle.
 *
 * Its HTTP endpoints are not mounted: sign-in, sign-out and user management run through our
 * server actions (Next's Origin check, our per-account and per-address throttle in front of
 * sign-in, the audit log) and call `auth.api` on the server. So there is no second, unthrottled
 * sign-in path, and better-auth's own per-IP rate limiter has nothing to do (turned off).
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { hashPassword, verifyPassword } from 'better-auth/crypto';
import { createAccessControl } from 'better-auth/plugins/access';
import { admin as adminPlugin } from 'better-auth/plugins/admin';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import type { Db } from '@/db/client';
import { getOrCreateSecret } from '@/db/queries/app-secrets';
import { adminUsers, authAccounts, authSessions, authVerifications } from '@/db/schema';
import { env } from '@/lib/env';
import { isLegacyPasswordHash, verifyLegacyPassword } from './legacy-password';

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that nobody can make us hash megabytes. */
export const PASSWORD_MAX = 1024;
/** Session lifetime in seconds (7 days), not extended on use: a stolen cookie dies on schedule. */
export const SESSION_TTL_SEC = 7 * 24 * 60 * 60;

/**
 * The library's own view of the roles (its admin plugin checks these if its endpoints are ever
 * called with a session): only admins may manage users and sessions. What each role may do in
 * the app is lib/auth/roles.ts.
 */
const ac = createAccessControl(defaultStatements);
const libraryRoles = { admin: adminAc, editor: ac.newRole({ user: [], session: [] }), viewer: ac.newRole({ user: [], session: [] }) };

function buildAuth(db: Db, secret: string) {
  return betterAuth({
    appName: 'Resolve',
    secret,
    baseURL: env().BETTER_AUTH_URL,
    database: drizzleAdapter(db, {
      provider: 'pg',
      schema: { user: adminUsers, session: authSessions, account: authAccounts, verification: authVerifications },
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (/admin/users) or `npm run admin:create`, never by sign-up.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => (isLegacyPasswordHash(hash) ? verifyLegacyPassword(password, hash) : verifyPassword({ hash, password })),
      },
    },
    session: { expiresIn: SESSION_TTL_SEC, disableSessionRefresh: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { level: 'error' },
    // Cookie `resolve.session_token` (`__Secure-` prefixed over https).
    advanced: { cookiePrefix: 'resolve', database: { generateId: 'serial' } },
    plugins: [
      adminPlugin({
        ac,
        roles: libraryRoles,
        defaultRole: 'viewer',
        adminRoles: ['admin'],
        bannedUserMessage: 'This account is disabled. Ask an admin to enable it.',
      }),
    ],
  });
}

/** The better-auth instance type (its `api` is typed with the admin plugin's endpoints). */
type Auth = ReturnType<typeof buildAuth>;

const instances = new WeakMap<Db, Promise<Auth>>();

/**
 * The better-auth instance for a database handle, made once per handle. Its secret is
 * BETTER_AUTH_SECRET, or else a random 32-byte secret kept in `app_secrets` (made on first use,
 * the same for every instance on the database).
 * @returns the instance (`auth.api.*` for server-side calls).
 */
export function getAuth(db: Db): Promise<Auth> {
  let auth = instances.get(db);
  if (!auth) {
    auth = (async () => {
      const secret = env().BETTER_AUTH_SECRET ?? (await getOrCreateSecret(db, { name: 'auth', candidate: randomBytes(32).toString('base64url') }));
      return buildAuth(db, secret);
    })();
    auth.catch(() => instances.delete(db));
    instances.set(db, auth);
  }
  return auth;
}
