/**
 * Docs-folder importer: reads Mintlify (MDX + docs.json) or VuePress/plain Markdown folders into an
 * `ImportBundle` (see ../types.ts). Entry point: `readDocsFolder`.
 */
export { readDocsFolder, slugPart, humanize, type ReadDocsFolderOptions } from './folder';
export { convertMdx, type MdxOptions, type SnippetContent } from './mdx';
export { convertContainers, convertHtmlNodes, removeTocMarkers, separateContainerFences } from './vuepress';
export { applyLinkPolicy, makeLinkResolver, normalizeRoute, type LinkDecision } from './links';
export { parseNavigation, planCategories, MIN_CATEGORY_SIZE } from './navigation';
export { readSourceInfo, detectLicense, fillLivePattern } from './source';
export { parseMarkdown, printMarkdown, takeFrontMatter } from './markdown';
