#!/usr/bin/env bash
# Bounded fuzz runs of the seven targets (fuzz/): a fixed seed and a fixed number of runs, so
# a run is reproducible (same binary, same corpus, same result). `FUZZ_RUNS` overrides the
# count; `FUZZ_SECONDS` switches to a timed run for longer local sessions.
#   scripts/fuzz.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv jsonl miner dialect compress xlsx parquet)
runs="${FUZZ_RUNS:-20000}"
for t in "${targets[@]}"; do
  # The committed seeds stay read-only: new inputs go to a scratch corpus.
  work=$(mktemp -d)
  if [ -n "${FUZZ_SECONDS:-}" ]; then limit=(-max_total_time="$FUZZ_SECONDS"); else limit=(-runs="$runs" -seed=1); fi
  echo "fuzz: $t (${limit[*]})" >&2
  log="$work.log"
  status=0
  cargo +nightly fuzz run --release "$t" "$work" "corpus/$t" -- "${limit[@]}" -max_len=4096 -rss_limit_mb=2048 >"$log" 2>&1 || status=$?
  grep -E "^#[0-9]+ *DONE|^Done [0-9]+ runs|panicked|ERROR|SUMMARY|artifact" "$log" >&2 || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz: $t FAILED (the crashing input is under fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  rm -rf "$work" "$log"
done
