#!/usr/bin/env bash
# Builds the wasm package (pkg/) with wasm-pack and the static site (dist/) with Vite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ "${SLUICE_SKIP_BOOTSTRAP:-}" = 1 ] || bash scripts/bootstrap.sh
echo "build: wasm-pack (release)" >&2
wasm-pack --quiet build --release --target web --out-dir pkg --out-name sluice --no-pack
echo "build: vite -> dist/" >&2
npx vite build --logLevel warn
