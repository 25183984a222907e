#!/usr/bin/env bash
# Cuts bench/data/gen-SIZE.csv into N shards at record starts, each with the header, in
# bench/data/shards-SIZE-N/ (once: kept for later runs); prints the folder.
#   bash bench/shards.sh [SIZE] [SHARDS]      (default 1GB, 8)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1GB}
shards=${2:-8}
csv=bench/data/gen-$size.csv
[ -s "$csv" ] || { echo "bench/shards.sh: $csv is missing" >&2; exit 1; }
dir=bench/data/shards-$size-$shards
if [ ! -s "$dir/part-$(printf %04d $((shards - 1))).csv" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  # Cut at record starts: a line break followed by `<id>,20` (a quoted line break in the
  # generated comments is followed by a word).
  python3 - "$csv" "$dir" "$shards" <<'PY'
import re, sys, os
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = os.path.getsize(src)
with open(src, "rb") as f:
    header = f.readline()
    start = f.tell()
    for k in range(n):
        end = size if k == n - 1 else None
        if end is None:
            f.seek(start + (size - start) // (n - k))
            buf = f.read(1 << 20)
            m = re.search(rb"\n\d+,20\d\d-", buf)
            end = f.tell() - len(buf) + m.start() + 1
        f.seek(start)
        with open(os.path.join(out, f"part-{k:04d}.csv"), "wb") as o:
            o.write(header)
            left = end - start
            while left:
                b = f.read(min(left, 64 << 20))
                o.write(b)
                left -= len(b)
        start = end
PY
fi
echo "$dir"
