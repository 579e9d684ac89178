/**
 * Writes the content API's OpenAPI document (generated from its zod schemas) to docs/openapi.json.
 *
 *   npm run openapi [-- --check]
 *
 * `--check` writes nothing and exits 1 when the file differs from what the schemas give.
 * Exit codes: 0 written (or current); 1 out of date (--check).
 */
import fs from 'node:fs';
import path from 'node:path';
import { contentApiDocument } from '@/lib/content-api/openapi';

const file = path.join(process.cwd(), 'docs', 'openapi.json');
const text = `${JSON.stringify(contentApiDocument(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== text) {
    console.error('docs/openapi.json is out of date: run npm run openapi');
    process.exit(1);
  }
  console.log('docs/openapi.json is current');
} else {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote docs/openapi.json (${Buffer.byteLength(text)} bytes)`);
}
