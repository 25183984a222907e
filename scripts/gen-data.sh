#!/usr/bin/env bash
# `npm run bench:data -- [--size 1GB] [--jsonl]`: writes bench/data/gen-<size>.csv, or its JSON
# Lines twin (the same rows) bench/data/gen-<size>.jsonl (deterministic).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
size=1GB
ext=csv
flag=()
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --jsonl) ext=jsonl; flag=(--jsonl); shift ;;
    *) echo "usage: npm run bench:data -- [--size 1GB] [--jsonl]" >&2; exit 2 ;;
  esac
done
cargo build -q --release --example gen
mkdir -p bench/data
out="bench/data/gen-${size}.${ext}"
[ -f "$out" ] || ./target/release/examples/gen --size "$size" "${flag[@]}" "$out"
echo "$out"
