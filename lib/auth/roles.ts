/**
 * Staff roles and what each may do. Pure (no server imports), so pages and client components can
 * hide what a role cannot use; the server enforces the same rules in one place (`runAction`'s
 * `role` and `route`'s `session` options in lib/route.ts, `requireRole` for pages).
 *
 * | role   | may                                                                             |
 * |--------|---------------------------------------------------------------------------------|
 * | viewer | read every admin page except users and the audit log; change nothing             |
 * | editor | + write, publish, import, review feedback, evals, experiments, handoffs; own API tokens |
 * | admin  | + users (create, role, disable, remove, reset password), every API token, audit log |
 */
import type { StaffRole as DbStaffRole } from '@/db/schema';

/** The roles, least to most (the same list as `admin_users.role`'s check in db/schema.ts). */
export const STAFF_ROLES = ['viewer', 'editor', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
// A compile error here means db/schema.ts and this list disagree (a type-only import keeps
// drizzle out of client bundles).
const sameRoles: [StaffRole, DbStaffRole] extends [DbStaffRole, StaffRole] ? true : never = true;
void sameRoles;

const RANK: Record<StaffRole, number> = { viewer: 0, editor: 1, admin: 2 };

/** What the admin UI calls each role, and one line on what it may do. */
export const ROLE_INFO: Record<StaffRole, { label: string; may: string }> = {
  viewer: { label: 'Viewer', may: 'Reads the admin (articles, feedback, insights, evals, handoffs); changes nothing.' },
  editor: { label: 'Editor', may: 'Writes, publishes and imports articles, reviews feedback, runs evals, works handoffs; manages own API tokens.' },
  admin: { label: 'Admin', may: 'Everything, including users, every API token and the audit log.' },
};

/**
 * True when a value is one of the staff roles.
 * @param value anything (a form field, a database value).
 */
export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

/**
 * Whether `actual` is at least `needed` (viewer < editor < admin). An unknown role has no rights.
 * @param actual the user's role (any string; unknown → false).
 * @param needed the least role the action needs.
 */
export function hasRole(actual: string | null | undefined, needed: StaffRole): boolean {
  return isStaffRole(actual) && RANK[actual] >= RANK[needed];
}

/**
 * The 403 message for a refused action: names the user's role and the least role needed.
 * @returns e.g. "Your role (viewer) cannot do this: it needs editor or admin."
 */
export function roleRefusal(actual: string, needed: StaffRole): string {
  const allowed = STAFF_ROLES.filter((r) => RANK[r] >= RANK[needed]).join(' or ');
  return `Your role (${actual}) cannot do this: it needs ${allowed}.`;
}
