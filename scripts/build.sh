#!/usr/bin/env bash
# Builds the wasm package (pkg/) with wasm-pack and the static site (dist/) with Vite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ "${SLUICE_SKIP_BOOTSTRAP:-}" = 1 ] || bash scripts/bootstrap.sh
# Two modules from the same crate: pkg/ is the engine every page loads (without the Parquet
# reader), pkg-parquet/ the same engine with it (feature `parquet`: the parquet crate and its
# codecs, zstd's C part compiled by clang), loaded by the worker only for a Parquet file.
echo "build: wasm-pack (release)" >&2
wasm-pack --quiet build --release --target web --out-dir pkg --out-name sluice --no-pack -- --no-default-features --features counting-alloc
echo "build: wasm-pack (release, Parquet module)" >&2
wasm-pack --quiet build --release --target web --out-dir pkg-parquet --out-name sluice_parquet --no-pack
# wasm-opt from npm's binaryen (wasm-pack's own would be downloaded from GitHub; Debian's is too
# old and breaks the module). About 10% faster mining and 20% smaller.
echo "build: wasm-opt -O3" >&2
for m in pkg/sluice_bg.wasm pkg-parquet/sluice_parquet_bg.wasm; do
  node_modules/.bin/wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$m" -o "$m"
done
echo "build: vite -> dist/" >&2
npx vite build --logLevel warn
