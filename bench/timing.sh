# Sourced by bench/xlsx.sh and bench/parquet.sh: `timed RUNS COMMAND...` runs COMMAND RUNS
# times and sets TIMED_MEDIAN (seconds), TIMED_RUNS (every wall clock) and TIMED_RSS_MIB (the
# largest peak RSS).
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() {
  local runs=$1; shift
  local times=() rss=0 t m
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o /tmp/sluice-bench-time "$@" > /dev/null
    read -r t m < /tmp/sluice-bench-time
    times+=("$t")
    [ "$m" -gt "$rss" ] && rss=$m
  done
  TIMED_MEDIAN=$(printf '%s\n' "${times[@]}" | median)
  TIMED_RUNS=$(printf '%s\n' "${times[@]}" | tr '\n' ' ')
  TIMED_RSS_MIB=$((rss / 1024))
}
