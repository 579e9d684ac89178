#!/usr/bin/env bash
# Playwright's webServer command (see playwright.config.ts). Run `npm run build` first.
# Starts the built app on 127.0.0.1:${E2E_PORT:-3100} with a fresh, isolated data dir:
#   1. wipe .data/e2e   2. import the polar-docs and spree-user-docs corpora (three products with the
#   sample)   3. create the admin user   4. next start
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."   # repo root

export RESOLVE_DATA_DIR=.data/e2e
# The offline model sends its answer at once; a small pause per word lets the specs see it stream and press Stop.
export RESOLVE_LOCAL_STREAM_DELAY_MS=15
rm -rf "$RESOLVE_DATA_DIR"
mkdir -p "$(dirname "$RESOLVE_DATA_DIR")"

# The specs also use the bundled sample articles, which an import would otherwise archive.
for name in polar-docs spree-user-docs; do
  corpus="${RESOLVE_CORPUS_DIR:-../shared/corpus}/$name"
  echo "[e2e] importing $corpus into $RESOLVE_DATA_DIR"
  npm run -s import -- "$corpus" --keep-sample
done

echo "[e2e] creating admin user"
npm run -s admin:create -- --email admin@example.com --password 'e2e-password-123'

PORT=${E2E_PORT:-3100}
echo "[e2e] starting next on http://127.0.0.1:$PORT"
exec npm run -s start -- -p "$PORT" -H 127.0.0.1
