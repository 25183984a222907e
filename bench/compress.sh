#!/usr/bin/env bash
# Issue 17's compressed-input benchmark: the CLI (1 thread) on the same data plain and
# compressed, MB/s of decompressed bytes for the whole mining run, median of RUNS.
#   bash bench/compress.sh [BIG.csv] [SMALL.csv]
# BIG (default bench/data/gen-1GB.csv) is measured plain and as .zst (zstd -3, as `zstd`
# writes by default); SMALL (default: its first 100 MB, written next to it) plain and as .gz,
# .zst, .bz2, .xz and .zip, with the standard compressors. Compressed files are made once and
# kept beside their source (bench/data/ is not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
big="${1:-bench/data/gen-1GB.csv}"
small="${2:-${big%.csv}-100MB.csv}"
runs="${RUNS:-3}"
bin=target/release/sluice
[ -x "$bin" ] || cargo build --release --bin sluice
[ -f "$big" ] || { echo "no $big: run \`cargo run --release --example gen -- --size 1GB $big\`" >&2; exit 2; }
[ -f "$small" ] || head -c 100000000 "$big" | awk 'BEGIN{ORS="\n"} {print}' > "$small"
make() { # make OUT CMD...
  local out=$1; shift
  [ -s "$out" ] || { echo "writing $out" >&2; "$@" > "$out.part" && mv "$out.part" "$out"; }
}
make "$big.zst" zstd -q -c -T1 "$big"
make "$small.gz" gzip -c "$small"
make "$small.zst" zstd -q -c -T1 "$small"
make "$small.bz2" bzip2 -c "$small"
make "$small.xz" xz -c -T1 "$small"
[ -s "$small.zip" ] || (cd "$(dirname "$small")" && zip -q -j "$(basename "$small").zip" "$(basename "$small")")
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
echo "| input | compressed bytes | ratio | CLI seconds (median of $runs) | MB/s (decompressed) | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
for f in "$big" "$big.zst" "$small" "$small.gz" "$small.zst" "$small.bz2" "$small.xz" "$small.zip"; do
  times=()
  rss=0
  for _ in $(seq "$runs"); do
    s=$( { /usr/bin/time -f "%e %M" "$bin" --compact "$f" > /tmp/sluice-compress-bench.json; } 2>&1 | tail -1)
    times+=("${s% *}")
    r=${s#* }; [ "$r" -gt "$rss" ] && rss=$r
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  read -r bytes csize <<< "$(python3 -c "import json; p=json.load(open('/tmp/sluice-compress-bench.json')); c=p['compression']; print(p['bytes'], c['compressed_bytes'] if c else '-')")"
  ratio=$([ "$csize" = "-" ] && echo "-" || python3 -c "print(f'{$bytes/$csize:.2f}')")
  echo "| $(basename "$f") | $csize | $ratio | $t | $(python3 -c "print(f'{$bytes/1e6/$t:.1f}')") | $(( rss / 1024 )) |"
done
