#!/usr/bin/env bash
# Parquet files: the CLI (one thread) on the generated file converted to Parquet by pyarrow
# (bench/parquet-from-csv.py: snappy, row groups of 1M rows), against the same CSV, and
# pyarrow's own reading of the Parquet file into Arrow batches (decoding only, no statistics)
# as the floor a reader can reach. Prints a table.
#   bash bench/parquet.sh [SIZE] [RUNS]      (default 1GB, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GB}
runs=${2:-3}
py=target/pyenv/bin/python
[ -x "$py" ] || bash scripts/bootstrap.sh --browser
cargo build --release --bin sluice --examples -q
dir=bench/data
mkdir -p "$dir"
csv=$dir/gen-$size.csv
pq=$dir/gen-$size.parquet
[ -s "$csv" ] || target/release/examples/gen --size "$size" "$csv"
[ -s "$pq" ] || "$py" bench/parquet-from-csv.py "$csv" "$pq"
# shellcheck source=bench/timing.sh
. bench/timing.sh
run() { # label, bytes, command...: the median of the wall clocks, MB/s of `bytes`, the largest peak RSS
  local label=$1 bytes=$2; shift 2
  timed "$runs" "$@"
  printf '| %s | %s s | %s | %s | %s MiB |\n' "$label" "$TIMED_MEDIAN" "$TIMED_RUNS" \
    "$(awk -v b="$bytes" -v t="$TIMED_MEDIAN" 'BEGIN {printf "%.1f", b / t / 1e6}')" "$TIMED_RSS_MIB"
}
csv_bytes=$(stat -c %s "$csv")
echo "| run | median | runs | MB/s (of the CSV's $csv_bytes B) | peak RSS |"
echo "|---|---|---|---|---|"
run "sluice, $(basename "$pq") ($(stat -c %s "$pq") B)" "$csv_bytes" target/release/sluice --compact "$pq"
run "sluice, $(basename "$csv")" "$csv_bytes" target/release/sluice --compact "$csv"
run "pyarrow $("$py" -c 'import pyarrow; print(pyarrow.__version__)'), iter_batches over every column (decoding only)" "$csv_bytes" "$py" -c "
import sys, pyarrow.parquet as pq
n = sum(b.num_rows for b in pq.ParquetFile(sys.argv[1]).iter_batches(batch_size=65536))
" "$pq"
info=$(target/release/sluice --compact "$pq" | "$py" -c "import json,sys; p=json.load(sys.stdin); print(p['rows'], 'rows,', p['parquet']['row_groups'], 'row groups,', p['parquet']['codecs'], '; peak heap', p['memory']['peak_heap_bytes'], 'B; bytes as CSV text', p['bytes'])")
echo
echo "sluice on the Parquet file: $info"
