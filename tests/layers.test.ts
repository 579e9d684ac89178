/**
 * Layers point down only (DESIGN.md habit 11): app → components → lib → db. Every module under
 * db/ (migrations aside) may import packages, other db modules, and from the rest of the project
 * only the settings (lib/env) and the error type (lib/errors).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const DB = path.join(ROOT, 'db');
const ALLOWED_OUTSIDE_DB = new Set(['lib/env', 'lib/errors']);

/** Every .ts/.tsx/.mts file under `dir`, except db/migrations. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return full === path.join(DB, 'migrations') ? [] : sourceFiles(full);
    return /\.(ts|tsx|mts)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Static imports, re-exports, `import()` and `require()` specifiers of a source text. */
function importSpecifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/**
 * Where a specifier points inside the project, as a root-relative path without extension
 * (`lib/env`, `db/schema`), or null for a package.
 */
function projectTarget(fromFile: string, spec: string): string | null {
  let abs: string;
  if (spec === '@' || spec.startsWith('@/')) abs = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith('.')) abs = path.resolve(path.dirname(fromFile), spec);
  else return null;
  return path
    .relative(ROOT, abs)
    .split(path.sep)
    .join('/')
    .replace(/\.(ts|tsx|mts|js|mjs)$/, '')
    .replace(/\/index$/, '');
}

/** Why an import from a db module breaks the layering, or null when it is allowed. */
function violation(fromFile: string, spec: string): string | null {
  const target = projectTarget(fromFile, spec);
  if (target === null || target === 'db' || target.startsWith('db/')) return null;
  if (ALLOWED_OUTSIDE_DB.has(target)) return null;
  return `${path.relative(ROOT, fromFile)} imports '${spec}' (${target})`;
}

describe('layers: db/ is the ground floor', () => {
  it('classifies specifiers: @/ and relative paths into lib, app, components are caught', () => {
    const file = path.join(DB, 'queries', 'x.ts');
    expect(violation(file, '@/lib/env')).toBeNull();
    expect(violation(file, '../../lib/errors')).toBeNull();
    expect(violation(file, '../schema')).toBeNull();
    expect(violation(file, 'drizzle-orm')).toBeNull();
    expect(violation(file, '@electric-sql/pglite')).toBeNull();
    expect(violation(file, '@/lib/ai/embeddings')).not.toBeNull();
    expect(violation(file, '../../lib/privacy/redact')).not.toBeNull();
    expect(violation(file, '../../lib/env/extra')).not.toBeNull();
    expect(violation(file, '@/app/api/chat/route')).not.toBeNull();
    expect(violation(file, '../../components/help/SearchBox')).not.toBeNull();
    expect(importSpecifiers(`import a from 'x';\nexport { b } from "y";\nconst c = await import('z');\nimport type { D } from 'w';`).sort()).toEqual(['w', 'x', 'y', 'z']);
  });

  it('no module under db/ imports from lib/ (other than env and errors), app/ or components/', () => {
    const files = sourceFiles(DB);
    expect(files.length).toBeGreaterThan(5);
    const found: string[] = [];
    const problems: string[] = [];
    for (const file of files) {
      for (const spec of importSpecifiers(fs.readFileSync(file, 'utf8'))) {
        found.push(spec);
        const v = violation(file, spec);
        if (v) problems.push(v);
      }
    }
    // The walk must see real imports, or an empty scan would pass.
    expect(found).toContain('@/lib/env');
    expect(problems).toEqual([]);
  });
});
