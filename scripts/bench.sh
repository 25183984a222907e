#!/usr/bin/env bash
# `npm run bench -- [--size 1GB] [--runs 3]`: issue 7's benchmark. Builds the page and the CLI,
# generates bench/data/gen-<size>.csv, then bench/run.mjs runs, in one headless-Chromium launch,
# the read ceiling, the Sluice page, Papa Parse and DuckDB-WASM (each given the file with
# setInputFiles), and the native CLI, interleaved; and the page and the CLI on the same file cut
# into 8 shards (bench/shards.sh). Prints a table; writes bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
size=1GB
runs=3
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --only) extra+=(--only "$2"); shift 2 ;;
    *) echo "usage: npm run bench -- [--size 1GB] [--runs 3] [--only read,sluice,papa,duckdb,cli]" >&2; exit 2 ;;
  esac
done
bash scripts/bootstrap.sh --browser
SLUICE_SKIP_BOOTSTRAP=1 bash scripts/build.sh
cargo build -q --release --bin sluice
file=$(bash scripts/gen-data.sh --size "$size" | tail -n 1)
# The same file as 8 shards, for the page's and the CLI's many-files variants.
shards=$(bash bench/shards.sh "$size" 8)
node bench/run.mjs --file "$file" --runs "$runs" --size "$size" --shards "$shards" "${extra[@]}"
