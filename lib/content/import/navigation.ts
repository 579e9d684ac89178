/**
 * Mintlify `docs.json` (or legacy `mint.json`) navigation → categories.
 *
 * Rules (chosen so category pages hold roughly 3–30 articles):
 * - Tabs, anchors, dropdowns and menu items are containers, not categories; each group directly
 *   inside a container is a candidate category, and so are pages listed directly under a container
 *   (named after the container, e.g. the "Support" tab).
 * - A candidate with at least MIN_CATEGORY_SIZE articles becomes a category. Inside it, a nested
 *   group with at least MIN_CATEGORY_SIZE articles becomes its own category (recursively); smaller
 *   nested groups flatten into their parent.
 * - Smaller candidates of one container are merged into one category named after the container
 *   (or after the candidate when it is alone); whatever is still too small ends up in "General".
 * - Only the default (else the first) entry of `versions` / `languages` is used; pages reachable
 *   only through other versions are reported as such so the importer can skip them.
 * - A page listed twice belongs where it is listed first. Navigation order gives `position`.
 */

const MIN_CATEGORY_SIZE = 3;

export interface NavPage {
  page: string;
}
export interface NavNode {
  kind: 'container' | 'group';
  label: string | null;
  items: (NavPage | NavNode)[];
}
export interface Navigation {
  root: NavNode;
  /** Page paths listed only under non-default versions/languages. */
  otherVersionPages: Set<string>;
  /** Site name from the config, if any. */
  name: string | null;
}

const CONTAINER_KEYS = ['versions', 'languages', 'tabs', 'anchors', 'dropdowns', 'products', 'menu', 'groups', 'pages'];
const LABEL_KEYS = ['group', 'tab', 'anchor', 'dropdown', 'item', 'product', 'version', 'language'];

function isNode(x: NavPage | NavNode): x is NavNode {
  return (x as NavNode).items !== undefined;
}

function labelOf(obj: Record<string, unknown>): string | null {
  for (const k of LABEL_KEYS) if (typeof obj[k] === 'string' && (obj[k] as string).trim()) return (obj[k] as string).trim();
  return null;
}

/**
 * Parses a Mintlify config's navigation.
 * @param config parsed JSON of docs.json / mint.json.
 * @returns the navigation tree (pages are the raw strings from the config, e.g. `features/refunds`).
 * @throws Error `docs.json has no navigation` when there is none.
 */
export function parseNavigation(config: unknown): Navigation {
  const cfg = (config ?? {}) as Record<string, unknown>;
  const nav = cfg.navigation;
  if (!nav || typeof nav !== 'object') throw new Error('docs.json has no navigation');
  const otherVersionPages = new Set<string>();
  const collectAll = (x: unknown) => {
    if (typeof x === 'string') otherVersionPages.add(x);
    else if (Array.isArray(x)) x.forEach(collectAll);
    else if (x && typeof x === 'object') for (const v of Object.values(x)) if (typeof v === 'object') collectAll(v);
  };
  const build = (obj: Record<string, unknown>, kind: NavNode['kind'], label: string | null): NavNode => {
    const node: NavNode = { kind, label, items: [] };
    for (const key of CONTAINER_KEYS) {
      const arr = obj[key];
      if (!Array.isArray(arr)) continue;
      let entries: unknown[] = arr;
      if (key === 'versions' || key === 'languages') {
        const idx = Math.max(
          0,
          arr.findIndex((v) => v && typeof v === 'object' && (v as Record<string, unknown>).default === true),
        );
        entries = [arr[idx]];
        arr.forEach((v, i) => {
          if (i !== idx) collectAll(v);
        });
      }
      for (const e of entries) {
        if (typeof e === 'string') node.items.push({ page: e });
        else if (e && typeof e === 'object') {
          const o = e as Record<string, unknown>;
          node.items.push(build(o, typeof o.group === 'string' ? 'group' : 'container', labelOf(o)));
        }
      }
    }
    return node;
  };
  const root = Array.isArray(nav) ? build({ groups: nav }, 'container', null) : build(nav as Record<string, unknown>, 'container', null);
  const listed = new Set<string>();
  const walk = (n: NavNode): void => {
    for (const i of n.items) {
      if (isNode(i)) walk(i);
      else listed.add(i.page);
    }
  };
  walk(root);
  for (const p of listed) otherVersionPages.delete(p);
  return { root, otherVersionPages, name: typeof cfg.name === 'string' ? cfg.name : null };
}

export interface PlannedCategory {
  /** Suffix after the collection prefix, unique within the plan, e.g. `features`. */
  key: string;
  name: string;
}
export interface CategoryPlan {
  categories: PlannedCategory[];
  /** Article id → category key and navigation order (global, 0-based). */
  assignment: Map<string, { category: string; order: number }>;
}

/**
 * Turns the navigation into categories (see the module comment for the rules).
 * @param nav from `parseNavigation`.
 * @param resolve maps a navigation page string to an article id, or null (missing, skipped, API
 *   operation entries like `GET /v1/...`).
 * @param slugify turns a category name into a slug fragment.
 * @returns categories in navigation order and the category/order of every listed article.
 */
export function planCategories(nav: Navigation, resolve: (page: string) => string | null, slugify: (s: string) => string): CategoryPlan {
  const firstItem = new Map<string, NavPage>();
  const order = new Map<string, number>();
  const keyOf = new Map<NavPage, string>();
  const scan = (n: NavNode) => {
    for (const item of n.items) {
      if (isNode(item)) scan(item);
      else {
        const id = resolve(item.page);
        if (id && !firstItem.has(id)) {
          firstItem.set(id, item);
          keyOf.set(item, id);
          order.set(id, order.size);
        }
      }
    }
  };
  scan(nav.root);

  const counts = new Map<NavNode, number>();
  const count = (n: NavNode): number => {
    if (counts.has(n)) return counts.get(n)!;
    let c = 0;
    for (const item of n.items) c += isNode(item) ? count(item) : keyOf.has(item) ? 1 : 0;
    counts.set(n, c);
    return c;
  };

  interface Unit {
    name: string;
    node: NavNode;
    container: NavNode;
  }
  const units: Unit[] = [];
  const walkContainer = (c: NavNode) => {
    const direct: NavPage[] = [];
    for (const item of c.items) {
      if (!isNode(item)) direct.push(item);
      else if (item.kind === 'group') units.push({ name: item.label ?? c.label ?? 'General', node: item, container: c });
      else walkContainer(item);
    }
    if (direct.length) units.push({ name: c.label ?? 'General', node: { kind: 'group', label: c.label, items: direct }, container: c });
  };
  walkContainer(nav.root);

  const categories: PlannedCategory[] = [];
  const assignment: CategoryPlan['assignment'] = new Map();
  const taken = new Set<string>();
  const newCategory = (name: string, parentKey: string | null): string => {
    const base = slugify(name) || 'general';
    let key = base;
    if (taken.has(key) && parentKey) key = `${parentKey}-${base}`;
    for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
    taken.add(key);
    categories.push({ key, name });
    return key;
  };
  const assign = (n: NavNode, cat: string, split: boolean) => {
    for (const item of n.items) {
      if (isNode(item)) {
        if (split && count(item) >= MIN_CATEGORY_SIZE && item.label) assign(item, newCategory(item.label, cat), true);
        else assign(item, cat, split);
      } else {
        const id = keyOf.get(item);
        if (id) assignment.set(id, { category: cat, order: order.get(id)! });
      }
    }
  };

  const buckets = new Map<NavNode, Unit[]>();
  for (const u of units) {
    const n = count(u.node);
    if (n === 0) continue;
    if (n >= MIN_CATEGORY_SIZE) assign(u.node, newCategory(u.name, null), true);
    else buckets.set(u.container, [...(buckets.get(u.container) ?? []), u]);
  }
  const leftovers: Unit[] = [];
  for (const [container, us] of buckets) {
    const total = us.reduce((s, u) => s + count(u.node), 0);
    if (total >= MIN_CATEGORY_SIZE) {
      const cat = newCategory(us.length === 1 ? us[0].name : (container.label ?? 'General'), null);
      for (const u of us) assign(u.node, cat, false);
    } else leftovers.push(...us);
  }
  if (leftovers.length) {
    // All from one container (e.g. a tab holding only an overview page): name it after the
    // container; otherwise "General".
    const sameContainer = leftovers.every((u) => u.container === leftovers[0].container);
    const name = sameContainer ? (leftovers[0].container.label ?? leftovers[0].name) : 'General';
    const cat = newCategory(name, null);
    for (const u of leftovers) assign(u.node, cat, false);
  }
  return { categories, assignment };
}
