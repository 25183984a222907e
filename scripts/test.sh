#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs every test:
#   1. Rust unit and integration tests (native), including the chunk-invariance property tests
#   2. wasm tests in headless Chromium (wasm-bindgen-test-runner + Debian's chromedriver)
#   3. the build (wasm-pack + Vite) and the browser end-to-end tests (Playwright + Debian's Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
start=$(date +%s)
bash scripts/bootstrap.sh --browser

echo "== 1/3 Rust tests (native)" >&2
cargo test --all-targets

echo "== 2/3 wasm tests in headless Chromium" >&2
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
CHROMEDRIVER="$(command -v chromedriver)" \
WASM_BINDGEN_TEST_TIMEOUT=180 \
  cargo test --target wasm32-unknown-unknown --test wasm

echo "== 3/3 build and browser end-to-end tests" >&2
SLUICE_SKIP_BOOTSTRAP=1 bash scripts/build.sh
cargo build --release --bin sluice --example gen
npx playwright test
echo "npm test: all suites passed in $(( $(date +%s) - start )) s" >&2
