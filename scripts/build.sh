#!/usr/bin/env bash
# Builds the wasm package (pkg/) with wasm-pack and the static site (dist/) with Vite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ "${SLUICE_SKIP_BOOTSTRAP:-}" = 1 ] || bash scripts/bootstrap.sh
echo "build: wasm-pack (release)" >&2
wasm-pack --quiet build --release --target web --out-dir pkg --out-name sluice --no-pack
# wasm-opt from npm's binaryen (wasm-pack's own would be downloaded from GitHub; Debian's is too
# old and breaks the module). About 10% faster mining and 20% smaller.
echo "build: wasm-opt -O3" >&2
node_modules/.bin/wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/sluice_bg.wasm -o pkg/sluice_bg.wasm
echo "build: vite -> dist/" >&2
npx vite build --logLevel warn
