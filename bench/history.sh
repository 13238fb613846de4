#!/usr/bin/env bash
# The history benchmark (BENCHMARKS.md, "A long history"): times `sql` over `trials` and `report` over one quick-start
# run and over COPIES runs (default 1000) of it, before and after the next run compacts them. The history is the one
# run's result files copied COPIES times, each copy with a run id of its own a day later (org.normsweep.bench.
# HistoryFixture), file for file as nightly runs write them: 27 small files a run. Prints Markdown tables: each
# directory timed in turn (median of REPEAT) before compaction, then 1 run and the compacted history alternated.
# Writing 27,000 files takes a while (about 30 minutes on two busy cores); each timing is the median of REPEAT.
# Usage: bench/history.sh [WORK_DIR] [COPIES] [REPEAT]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NS="$ROOT/bin/normsweep"
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/normsweep-history.XXXXXX")}
COPIES=${2:-1000}
REPEAT=${3:-3}
ONE="$WORK/one" MANY="$WORK/many"
QUERY="SELECT bn_layers, count(*) AS trials, round(avg(final_test_accuracy), 4) AS acc FROM trials GROUP BY bn_layers ORDER BY bn_layers"
mkdir -p "$WORK"

if [ ! -d "$ONE/trials" ]; then
  "$NS" run "$ROOT/sweeps/quickstart.yaml" --results "$ONE" --log "$WORK/quickstart.log" > "$WORK/run-one.out"
fi
if [ ! -d "$MANY/trials" ]; then
  java -Xmx4g -cp "$ROOT/driver/target/normsweep-driver.jar:$(cat "$ROOT/driver/target/classpath.txt")" \
    org.normsweep.bench.HistoryFixture "$ONE" "$MANY" "$COPIES" 2>/dev/null | tail -1
fi

files() { find "$1" -name '*.parquet' -not -name '.*' | wc -l; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() {  # seconds COMMAND...: the median wall time of REPEAT runs
  for _ in $(seq "$REPEAT"); do
    local t0; t0=$(date +%s.%N)
    "$@" > /dev/null 2>&1
    echo "$(date +%s.%N) - $t0" | bc
  done | median
}
row() {  # row LABEL DIR
  printf '| %s | %s | %.1f | %.1f |\n' "$1" "$(files "$2")" \
    "$(seconds "$NS" sql --results "$2" "$QUERY")" \
    "$(seconds "$NS" report --results "$2" --out "$WORK/report")"
}

echo "| results | Parquet files | \`sql\` s | \`report\` s |"
echo "|---|---:|---:|---:|"
row "1 run" "$ONE"
row "$COPIES runs, as written" "$MANY"
# The next nightly run: every trial is done, so it trains nothing, then compacts the small files at its end.
"$NS" run "$ROOT/sweeps/quickstart.yaml" --results "$MANY" --log "$WORK/next.log" | grep -E 'compact' || true

# The comparison that counts: 1 run against the compacted history, timed alternately so both see the same load.
once() {  # once COMMAND...: one wall time
  local t0; t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  echo "$(date +%s.%N) - $t0" | bc
}
echo
echo "After the next run ($(files "$MANY") files), alternated with the 1-run directory:"
echo
echo "| round | \`sql\` 1 run s | \`sql\` $COPIES runs s | ratio | \`report\` 1 run s | \`report\` $COPIES runs s | ratio | load |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for i in $(seq "$REPEAT"); do
  s1=$(once "$NS" sql --results "$ONE" "$QUERY"); sn=$(once "$NS" sql --results "$MANY" "$QUERY")
  r1=$(once "$NS" report --results "$ONE" --out "$WORK/report"); rn=$(once "$NS" report --results "$MANY" --out "$WORK/report")
  printf '| %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f | %s |\n' "$i" "$s1" "$sn" "$(echo "$sn / $s1" | bc -l)" \
    "$r1" "$rn" "$(echo "$rn / $r1" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
done
