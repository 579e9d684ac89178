/**
 * Conventions shared by the importer (which writes them into stored Markdown) and the renderer
 * (which turns them into tabs and labelled code blocks). Everything here stays portable Markdown:
 * another renderer shows the same content, only without tabs.
 *
 * - A code block's title is its fence meta, `title="npm"` (Mintlify's bare ```` ```bash npm ````
 *   is read too). Two or more adjacent titled code blocks are one code group: a tab per block.
 * - Tabs with prose: `<!-- tab -->` before each tab's title (a heading or a bold-only paragraph)
 *   and `<!-- /tabs -->` after the last tab. HTML comments are invisible elsewhere, and the titles
 *   stay real headings, so chunking and search see the same sections as before.
 */

/** Opens one tab (and a tab group when none is open). Followed by the tab's title block. */
export const TAB_MARKER = '<!-- tab -->';
/** Closes the open tab group. */
export const TABS_END_MARKER = '<!-- /tabs -->';

/** Comment text (between `<!--` and `-->`, trimmed) of the two markers. */
export const TAB_COMMENT = 'tab';
export const TABS_END_COMMENT = '/tabs';

const LANGUAGE_NAMES: Record<string, string> = {
  bash: 'Bash',
  sh: 'Shell',
  shell: 'Shell',
  shellscript: 'Shell',
  zsh: 'Zsh',
  console: 'Console',
  curl: 'cURL',
  ts: 'TypeScript',
  typescript: 'TypeScript',
  tsx: 'TSX',
  js: 'JavaScript',
  javascript: 'JavaScript',
  mjs: 'JavaScript',
  cjs: 'JavaScript',
  jsx: 'JSX',
  json: 'JSON',
  jsonc: 'JSONC',
  json5: 'JSON5',
  php: 'PHP',
  blade: 'Blade',
  py: 'Python',
  python: 'Python',
  rb: 'Ruby',
  ruby: 'Ruby',
  erb: 'ERB',
  go: 'Go',
  rust: 'Rust',
  rs: 'Rust',
  java: 'Java',
  kotlin: 'Kotlin',
  swift: 'Swift',
  cs: 'C#',
  csharp: 'C#',
  c: 'C',
  cpp: 'C++',
  html: 'HTML',
  xml: 'XML',
  svg: 'SVG',
  css: 'CSS',
  scss: 'SCSS',
  http: 'HTTP',
  graphql: 'GraphQL',
  gql: 'GraphQL',
  sql: 'SQL',
  yml: 'YAML',
  yaml: 'YAML',
  toml: 'TOML',
  ini: 'INI',
  conf: 'Config',
  env: '.env',
  dotenv: '.env',
  nginx: 'Nginx',
  docker: 'Dockerfile',
  dockerfile: 'Dockerfile',
  diff: 'Diff',
  md: 'Markdown',
  markdown: 'Markdown',
  mdx: 'MDX',
  csv: 'CSV',
  pwsh: 'PowerShell',
  powershell: 'PowerShell',
  ps1: 'PowerShell',
  bat: 'Batch',
  text: 'Text',
  txt: 'Text',
  plaintext: 'Text',
  plain: 'Text',
};

/**
 * Display name of a code fence language.
 * @param lang the fence's info word (`ts`, `bash`, …), any case; '' or null for none.
 * @returns e.g. `TypeScript`, `Bash`; the word itself for an unknown language; `Text` for none.
 */
export function languageLabel(lang: string | null | undefined): string {
  const key = (lang ?? '').trim().toLowerCase();
  if (!key) return 'Text';
  return LANGUAGE_NAMES[key] ?? key;
}

/** `key=value` options that code fences carry in the wild (Mintlify, Docusaurus, VitePress). */
const META_OPTION = /(^|\s)([A-Za-z][\w-]*)=("[^"]*"|'[^']*'|\{[^}]*\}|\S+)/g;
/** Bare flags and line-highlight ranges that are not a title. */
const META_FLAG = /(^|\s)(\{[^}]*\}|\[[^\]]*\]|wrap|lines|expandable|showLineNumbers|twoslash|copy|noCopy|no-copy)(?=\s|$)/g;

/**
 * Title of a code block from its fence meta: `title="npm"` / `title='npm'`, else Mintlify's bare
 * text (```` ```bash macOS (Homebrew) ````) once options (`icon="x"`, `{1,3}`, `wrap`) are removed.
 * @param meta everything after the language on the fence line; null/'' for none.
 * @returns the title, or null when there is none.
 */
export function codeTitle(meta: string | null | undefined): string | null {
  const raw = (meta ?? '').trim();
  if (!raw) return null;
  const explicit = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(raw);
  if (explicit) {
    const t = (explicit[1] ?? explicit[2] ?? explicit[3] ?? '').trim();
    return t || null;
  }
  const rest = raw.replace(META_OPTION, ' ').replace(META_FLAG, ' ').replace(/\s+/g, ' ').trim();
  return rest || null;
}

/**
 * Fence meta holding only a title, in the portable form other tools read (Docusaurus, Astro,
 * rehype-pretty-code): `title="npm"`. Double quotes inside the title become single quotes.
 * @returns e.g. `title="macOS (Homebrew)"`.
 */
export function titleMeta(title: string): string {
  return `title="${title.replace(/"/g, "'").replace(/\s+/g, ' ').trim()}"`;
}
