/**
 * Vitest global setup: the integration tests import the three real help-center corpora (Polar,
 * Spree, BTCPay Server) from `../shared/corpus` beside the repository, or from RESOLVE_CORPUS_DIR.
 * Without them a run would fail nineteen tests one by one after minutes ("Docs folder not found");
 * it stops at once instead, saying where the corpora were looked for and how to point at them.
 * @throws Error when a corpus folder is missing.
 */
import fs from 'node:fs';
import path from 'node:path';

const CORPORA = ['polar-docs', 'spree-user-docs', 'btcpay-docs'];

export default function corpusCheck(): void {
  const dir = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');
  const missing = CORPORA.filter((c) => !fs.existsSync(path.join(dir, c)));
  if (missing.length) {
    throw new Error(
      `The tests read the help-center corpora from ${dir}, which has no ${missing.join(', ')}.\n` +
        'Put the shared folder beside the repository (../shared/corpus) or set RESOLVE_CORPUS_DIR to the folder that holds polar-docs, spree-user-docs and btcpay-docs.',
    );
  }
}
