/**
 * Docs-folder importer: reads Mintlify (MDX + docs.json) or VuePress/plain Markdown folders into an
 * `ImportBundle` (see ../types.ts). Entry point: `readDocsFolder`.
 */
export { readDocsFolder, slugPart } from './folder';
