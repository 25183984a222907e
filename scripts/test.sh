#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every test:
#   1. Rust unit and integration tests (native), including the chunk-invariance property tests
#   2. bounded, reproducible fuzz runs of the CSV reader, the JSON Lines reader and the miner
#      (scripts/fuzz.sh: cargo fuzz, fixed seed and run count)
#   3. wasm tests in headless Chromium (wasm-bindgen-test-runner + Debian's chromedriver)
#   4. the build (wasm-pack + Vite), the npm package packed and installed into a consumer app
#      (tests/consumer/build.sh), and the browser end-to-end tests (Playwright + Debian's
#      Chromium): the page, offline hosting, privacy and CSP, the package in an app
#   5. the Python package (python/: PyO3 + maturin) built and installed into target/pyenv, and
#      its tests (pytest): against the CLI, and sluice.dask on a LocalCluster of 2 processes
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
bash scripts/bootstrap.sh --browser

echo "== 1/5 Rust tests (native)" >&2
cargo test --all-targets

echo "== 2/5 fuzzing (bounded)" >&2
bash scripts/fuzz.sh

echo "== 3/5 wasm tests in headless Chromium" >&2
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="$(command -v chromedriver)" \
WASM_BINDGEN_TEST_TIMEOUT=180 \
  cargo test --target wasm32-unknown-unknown --no-default-features --features counting-alloc --test wasm

echo "== 4/5 build and browser end-to-end tests" >&2
SLUICE_SKIP_BOOTSTRAP=1 bash scripts/build.sh
cargo build --release --bin sluice --example gen --example hostile
bash tests/consumer/build.sh
npx playwright test

echo "== 5/5 Python package and Dask" >&2
py_start=$(date +%s)
# Built without LTO and with parallel codegen: the tests mine small files, and this halves the
# build on 2 cores (`pip install ./python` and bench/dask.sh build with the crate's profile).
PATH="$PWD/target/pyenv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/py-test" \
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  target/pyenv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation ./python
# (from the repository's root, so that python/sluice, without its extension, is not imported)
target/pyenv/bin/pytest -q -p no:cacheprovider python/tests
echo "Python package and Dask: $(( $(date +%s) - py_start )) s" >&2
echo "npm test: all suites passed in $(( $(date +%s) - start )) s" >&2
