#!/usr/bin/env bash
# `npm run bench -- [--size 1GB] [--runs 3]`: mines a generated file natively (the CLI) and in
# headless Chromium (the page, file given with setInputFiles) and prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
size=1GB
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: npm run bench -- [--size 1GB] [--runs 3]" >&2; exit 2 ;;
  esac
done
bash scripts/bootstrap.sh --browser
SLUICE_SKIP_BOOTSTRAP=1 bash scripts/build.sh
cargo build -q --release --bin sluice
file=$(bash scripts/gen-data.sh --size "$size" | tail -n 1)
node bench/run.mjs "$file" "$runs"
