#!/usr/bin/env bash
# `npm run bench:data -- [--size 1GB]`: writes bench/data/gen-<size>.csv (deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
size=1GB
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    *) echo "usage: npm run bench:data -- [--size 1GB]" >&2; exit 2 ;;
  esac
done
cargo build -q --release --example gen
mkdir -p bench/data
out="bench/data/gen-${size}.csv"
[ -f "$out" ] || ./target/release/examples/gen --size "$size" "$out"
echo "$out"
