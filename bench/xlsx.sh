#!/usr/bin/env bash
# Excel workbooks: the CLI (one thread) on the generated 30 MB file converted to .xlsx by
# openpyxl (bench/xlsx-from-csv.py), against the same CSV, and openpyxl's own read-only
# iteration of the workbook (what pandas.read_excel uses) as the peer. Prints a table.
#   bash bench/xlsx.sh [SIZE]      (default 30MB)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-30MB}
py=target/pyenv/bin/python
[ -x "$py" ] || bash scripts/bootstrap.sh --browser
cargo build --release --bin sluice --examples -q
dir=bench/data
mkdir -p "$dir"
csv=$dir/gen-$size.csv
xlsx=$dir/gen-$size.xlsx
[ -s "$csv" ] || target/release/examples/gen --size "$size" "$csv"
[ -s "$xlsx" ] || "$py" bench/xlsx-from-csv.py "$csv" "$xlsx"
# shellcheck source=bench/timing.sh
. bench/timing.sh
run() { # label, command...: the median of 3 wall clocks and the largest peak RSS
  local label=$1; shift
  timed 3 "$@"
  printf '| %s | %s s | %s | %s MiB |\n' "$label" "$TIMED_MEDIAN" "$TIMED_RUNS" "$TIMED_RSS_MIB"
}
echo "| run | median | runs | peak RSS |"
echo "|---|---|---|---|"
run "sluice, $(basename "$xlsx") ($(stat -c %s "$xlsx") B)" target/release/sluice --compact "$xlsx"
run "sluice, $(basename "$csv") ($(stat -c %s "$csv") B)" target/release/sluice --compact "$csv"
run "openpyxl 3.1.5 read-only, iterating the cells" "$py" -c "
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = sum(1 for _ in wb.active.iter_rows(values_only=True))
" "$xlsx"
rows=$(target/release/sluice --compact "$xlsx" | "$py" -c "import json,sys; p=json.load(sys.stdin); print(p['rows'], p['memory']['peak_heap_bytes'])")
echo
echo "rows, peak heap (xlsx): $rows"
