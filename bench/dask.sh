#!/usr/bin/env bash
# Dask: sluice.dask.profile on a LocalCluster of 1 and 2 worker processes over the generated
# file, against sluice.mine and the CLI in the same run; a partial's size and how it grows with
# columns; the client's merge cost per part (bench/dask_bench.py).
#   bash bench/dask.sh [SIZE] [RUNS]      (default 1GB, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GB}
runs=${2:-3}
[ -x target/pyenv/bin/python ] || bash scripts/bootstrap.sh --browser
cargo build --release --bin sluice --example gen -q
PATH="$PWD/target/pyenv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target/py" \
  target/pyenv/bin/python -m pip install -q --disable-pip-version-check --no-build-isolation ./python
csv=bench/data/gen-$size.csv
mkdir -p bench/data
[ -s "$csv" ] || target/release/examples/gen --size "$size" "$csv"
target/pyenv/bin/python bench/dask_bench.py "$csv" "$runs"
