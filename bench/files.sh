#!/usr/bin/env bash
# Many files as one dataset (issue 16): the generated file cut into N shards (each with the
# header), mined by `sluice SHARDS...` with 1 and 2 threads, against the one file in the same
# run; and `sluice diff` of two profiles and of two files.
#   bash bench/files.sh [SIZE] [SHARDS] [RUNS]      (default 1GB, 8, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GB}
shards=${2:-8}
runs=${3:-3}
source bench/timing.sh
cargo build --release --bin sluice --example gen -q
csv=bench/data/gen-$size.csv
mkdir -p bench/data
[ -s "$csv" ] || target/release/examples/gen --size "$size" "$csv"
dir=$(bash bench/shards.sh "$size" "$shards")
bytes=$(stat -c %s "$csv")
report() { printf '%-44s %7.2f s  %6.1f MB/s  peak RSS %4d MiB  (runs: %s)\n' "$1" "$TIMED_MEDIAN" "$(echo "$bytes / 1000000 / $TIMED_MEDIAN" | bc -l)" "$TIMED_RSS_MIB" "$TIMED_RUNS"; }
echo "data: $csv ($bytes B), $shards shards in $dir"
for w in 1 2; do
  timed "$runs" target/release/sluice --compact --workers "$w" "$csv"; report "one file, $w thread(s)"
  timed "$runs" target/release/sluice --compact --workers "$w" "$dir"; report "$shards shards as one dataset, $w thread(s)"
done
target/release/sluice --compact "$dir/part-0000.csv" > /tmp/sluice-bench-a.json
target/release/sluice --compact "$dir/part-0001.csv" > /tmp/sluice-bench-b.json
timed "$runs" target/release/sluice diff /tmp/sluice-bench-a.json /tmp/sluice-bench-b.json
printf 'sluice diff of two saved profiles: %.3f s\n' "$TIMED_MEDIAN"
