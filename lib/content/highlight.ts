/**
 * Server-side syntax highlighting for rendered articles: Shiki (JavaScript regex engine, no wasm)
 * through its rehype plugin (`@shikijs/rehype/core`), with a light and a dark theme emitted as CSS
 * variables (`--shiki-light`, `--shiki-dark`; app/globals.css picks one by the `.dark` class).
 *
 * The highlighter is built once per process, synchronously (grammars imported statically, regexes
 * run by JavaScript, no wasm), so `renderArticle` is as synchronous as `renderMarkdown`. Its
 * grammars: the languages of the imported corpora and the usual suspects.
 * Other languages stay plain text with their label. Two caches, both bounded LRUs: rendered
 * articles by content hash, and highlighted code fragments by (language, code), so an edited
 * article only highlights the code that changed.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import type { Pluggable } from 'unified';
import { createHighlighterCoreSync, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import langShellscript from 'shiki/langs/shellscript.mjs';
import langShellsession from 'shiki/langs/shellsession.mjs';
import langPowershell from 'shiki/langs/powershell.mjs';
import langBat from 'shiki/langs/bat.mjs';
import langTypescript from 'shiki/langs/typescript.mjs';
import langTsx from 'shiki/langs/tsx.mjs';
import langJavascript from 'shiki/langs/javascript.mjs';
import langJsx from 'shiki/langs/jsx.mjs';
import langJson from 'shiki/langs/json.mjs';
import langJsonc from 'shiki/langs/jsonc.mjs';
import langJson5 from 'shiki/langs/json5.mjs';
import langPhp from 'shiki/langs/php.mjs';
import langBlade from 'shiki/langs/blade.mjs';
import langPython from 'shiki/langs/python.mjs';
import langRuby from 'shiki/langs/ruby.mjs';
import langErb from 'shiki/langs/erb.mjs';
import langGo from 'shiki/langs/go.mjs';
import langRust from 'shiki/langs/rust.mjs';
import langJava from 'shiki/langs/java.mjs';
import langKotlin from 'shiki/langs/kotlin.mjs';
import langSwift from 'shiki/langs/swift.mjs';
import langCsharp from 'shiki/langs/csharp.mjs';
import langC from 'shiki/langs/c.mjs';
import langCpp from 'shiki/langs/cpp.mjs';
import langHtml from 'shiki/langs/html.mjs';
import langXml from 'shiki/langs/xml.mjs';
import langCss from 'shiki/langs/css.mjs';
import langScss from 'shiki/langs/scss.mjs';
import langHttp from 'shiki/langs/http.mjs';
import langGraphql from 'shiki/langs/graphql.mjs';
import langSql from 'shiki/langs/sql.mjs';
import langYaml from 'shiki/langs/yaml.mjs';
import langToml from 'shiki/langs/toml.mjs';
import langIni from 'shiki/langs/ini.mjs';
import langDotenv from 'shiki/langs/dotenv.mjs';
import langNginx from 'shiki/langs/nginx.mjs';
import langDocker from 'shiki/langs/docker.mjs';
import langDiff from 'shiki/langs/diff.mjs';
import langCsv from 'shiki/langs/csv.mjs';
import themeDark from 'shiki/themes/github-dark-default.mjs';
import themeLight from 'shiki/themes/github-light-default.mjs';
import { type RenderedMarkdown, type RenderOptions, renderMarkdown } from './render';

/** Theme names as Shiki knows them; CSS reads the variables they produce. */
const CODE_THEMES = { light: 'github-light-default', dark: 'github-dark-default' } as const;

// Each grammar module brings the grammars it embeds; aliases (bash, sh, ts, py, yml, pwsh, …)
// come with them. Static imports: the highlighter is then built synchronously.
const LANGUAGES = [
  langShellscript,
  langShellsession,
  langPowershell,
  langBat,
  langTypescript,
  langTsx,
  langJavascript,
  langJsx,
  langJson,
  langJsonc,
  langJson5,
  langPhp,
  langBlade,
  langPython,
  langRuby,
  langErb,
  langGo,
  langRust,
  langJava,
  langKotlin,
  langSwift,
  langCsharp,
  langC,
  langCpp,
  langHtml,
  langXml,
  langCss,
  langScss,
  langHttp,
  langGraphql,
  langSql,
  langYaml,
  langToml,
  langIni,
  langDotenv,
  langNginx,
  langDocker,
  langDiff,
  langCsv,
].flat();

/** Fence words seen in real docs that name no grammar: mapped to the closest one. */
const LANGUAGE_ALIASES: Record<string, string> = {
  curl: 'shellscript',
  terminal: 'shellscript',
  conf: 'ini',
  cfg: 'ini',
  env: 'dotenv',
  gql: 'graphql',
  dockerfile: 'docker',
  html5: 'html',
};

/** A Map with a size bound; the least recently used entry goes first. */
class Lru<K, V> {
  private map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: K, value: V): this {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    return this;
  }
}

/** The loaded highlighter and the rehype plugin tuple that uses it. */
export interface HighlightState {
  highlighter: HighlighterCore;
  /** `[rehypeShikiFromHighlighter, highlighter, options]`, for `renderMarkdown`'s `highlight`. */
  plugin: Pluggable;
}

const globalKey = Symbol.for('resolve.codeHighlighter');
type Holder = { [globalKey]?: HighlightState };

function load(): HighlightState {
  const highlighter = createHighlighterCoreSync({
    themes: [themeLight, themeDark],
    langs: LANGUAGES,
    langAlias: LANGUAGE_ALIASES,
    engine: createJavaScriptRegexEngine({ forgiving: true }),
  });
  const plugin: Pluggable = [
    rehypeShikiFromHighlighter,
    highlighter,
    {
      themes: CODE_THEMES,
      // Colours only as CSS variables: the stylesheet picks the light or dark one.
      defaultColor: false,
      // Unknown and missing languages get the themes' plain text colours.
      defaultLanguage: 'text',
      fallbackLanguage: 'text',
      cache: new Lru<string, unknown>(1000),
      onError: (err: unknown) => console.error('[resolve] code highlighting failed', err),
    },
  ];
  return { highlighter, plugin };
}

/**
 * The process-wide highlighter, built on first use (kept on globalThis so dev reloads reuse it).
 * Synchronous: the grammars are imported statically and the JavaScript regex engine needs no wasm.
 * @returns the highlighter and the rehype plugin tuple `renderMarkdown` takes as `options.highlight`.
 * @throws Shiki's error if a grammar or theme is invalid (a build problem, not a content one).
 */
function getCodeHighlighter(): HighlightState {
  const holder = globalThis as Holder;
  holder[globalKey] ??= load();
  return holder[globalKey];
}

// Rendered articles by content hash: an article page renders on every request, and a long one
// costs 100–300 ms to render (most of it parsing and sanitizing, not highlighting). Keyed by the
// body itself, so an edit is a new key and nothing is ever stale.
const rendered = new Lru<string, RenderedMarkdown>(300);

/**
 * Renders an article's Markdown with syntax highlighting (server only). Same output as
 * `renderMarkdown` plus Shiki's token colours; results are cached by content (300 articles per
 * process). If the highlighter cannot be built, the error is logged and the article renders
 * without colours rather than failing.
 * @param markdown article body.
 * @param options as for `renderMarkdown` (its `highlight` is set here).
 * @returns `{ html, toc }` (sanitized HTML, h2/h3 entries).
 */
export function renderArticle(markdown: string, options: Omit<RenderOptions, 'highlight'> = {}): RenderedMarkdown {
  const key = `${options.localImagesOnly ?? true}:${createHash('sha256').update(markdown).digest('base64url')}`;
  const hit = rendered.get(key);
  if (hit) return { html: hit.html, toc: [...hit.toc] };
  let highlight: Pluggable | undefined;
  try {
    highlight = getCodeHighlighter().plugin;
  } catch (err) {
    console.error('[resolve] code highlighter unavailable; rendering without colours', err);
  }
  const out = renderMarkdown(markdown, { ...options, highlight });
  if (highlight) rendered.set(key, out);
  return { html: out.html, toc: [...out.toc] };
}
