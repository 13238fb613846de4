#!/usr/bin/env bash
# Reproduces the fault and bad-input table in the notes of the cluster-grade issue: each case runs
# bin/normsweep against one scratch results directory and prints the exit status, the first line of the
# message and the number of rows in `trials_all` before and after. Takes a few minutes on two cores.
# Usage: bench/faults.sh [WORK_DIR]
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NS="$ROOT/bin/normsweep"
WORK=${1:-$(mktemp -d "${TMPDIR:-/tmp}/normsweep-faults.XXXXXX")}
R="$WORK/results"
DATA="$ROOT/data/fashion-mnist-sample"
mkdir -p "$WORK"

sweep() {  # sweep NAME 'extra fixed yaml' 'grid yaml' -> path
  local f="$WORK/$1.yaml"
  printf 'name: %s\nfixed: {model: mlp, dataset_path: "%s", train_limit: 512, test_limit: 200%s}\ngrid: %s\n' \
    "$1" "$DATA" "$2" "$3" > "$f"
  echo "$f"
}
rows() {
  if [ -d "$R/trials" ]; then
    "$NS" sql --results "$R" --master 'local[1]' "SELECT count(*) AS n FROM trials_all" 2>/dev/null \
      | grep -Eo '^\| *[0-9]+' | tr -dc '0-9'
  else
    echo 0
  fi
}
case_() {  # case_ 'what' command...
  local what=$1; shift
  local before; before=$(rows)
  local out; out=$("$@" 2>&1); local code=$?
  local msg; msg=$(printf '%s\n' "$out" | grep -E '^normsweep: ' | grep -Ev 'building|^normsweep: (sweep|data|[0-9]+ trials|\[|trials took)' \
    | head -1 | cut -c1-150)
  printf '| %s | %s | %s | %s | %s |\n' "$what" "$code" "$before" "$(rows)" "$msg"
}

echo "| case | exit | trials rows before | after | message |"
echo "|---|---:|---:|---:|---|"
ok=$(sweep ok "" "{seed: [1, 2]}")
case_ "a good sweep (2 trials)" "$NS" run "$ok" --results "$R"
printf 'name: broken\nfixed: {lr: [0.1\n' > "$WORK/malformed.yaml"
case_ "malformed YAML" "$NS" run "$WORK/malformed.yaml" --results "$R"
case_ "unknown key (lerning_rate)" "$NS" run "$(sweep unknown ", lerning_rate: 0.1" "{seed: [3]}")" --results "$R"
printf 'name: twice\nfixed: {model: mlp, dataset_path: "%s"}\ngrid: {seed: [3]}\ngrid: {seed: [4]}\n' "$DATA" > "$WORK/twice.yaml"
case_ "a key given twice (grid:)" "$NS" run "$WORK/twice.yaml" --results "$R"
case_ "YAML 1.1 octal (seed: 010)" "$NS" run "$(sweep octal "" "{seed: [7, 010]}")" --results "$R"
case_ "wrong type (lr: fast)" "$NS" run "$(sweep type ", lr: fast" "{seed: [3]}")" --results "$R"
case_ "empty axis (seed: [])" "$NS" run "$(sweep empty "" "{seed: []}")" --results "$R"
case_ "BN layer out of range" "$NS" run "$(sweep bn "" "{bn_exclude: [[3]]}")" --results "$R"
case_ "non-positive lr" "$NS" run "$(sweep lr "" "{lr: [0.1, 0]}")" --results "$R"
case_ "non-positive epochs" "$NS" run "$(sweep epochs ", epochs: 0" "{seed: [3]}")" --results "$R"
case_ "non-positive batch size" "$NS" run "$(sweep batch ", batch_size: -4" "{seed: [3]}")" --results "$R"
case_ "grid over --max-trials 3 without --yes" "$NS" run "$(sweep big "" "{seed: {from: 1, to: 10}}")" --results "$R" --max-trials 3
printf 'name: nodata\nfixed: {dataset_path: /nowhere/fashion}\ngrid: {seed: [1]}\n' > "$WORK/nodata.yaml"
case_ "dataset path that does not exist" "$NS" run "$WORK/nodata.yaml" --results "$R"
echo x > "$WORK/a-file"
case_ "results directory that cannot be written" "$NS" run "$ok" --results "$WORK/a-file/results" --rerun-all
case_ "a trial that diverges (lenet, lr 1e30)" "$NS" run "$(sweep diverge ", model: lenet, lr: 1.0e30" "{seed: [1]}")" --results "$R"
TRUNC="$WORK/truncated"; mkdir -p "$TRUNC"; cp "$DATA"/*t10k* "$DATA"/train-labels* "$TRUNC/"
head -c 100000 "$DATA/train-images-idx3-ubyte.gz" > "$TRUNC/train-images-idx3-ubyte.gz"
# (New seeds: the dataset's path is not part of a trial's id, so seeds 1 and 2 would count as done.)
printf 'name: trunc\nfixed: {model: mlp, dataset_path: "%s", train_limit: 512, test_limit: 200}\ngrid: {seed: [5, 6]}\n' "$TRUNC" > "$WORK/trunc.yaml"
case_ "truncated IDX file (trials throw)" "$NS" run "$WORK/trunc.yaml" --results "$R"
# Two runs at once on one results directory: the second is refused while the first holds the lock.
slow=$(sweep slow ", model: lenet, train_limit: 8000, epochs: 2" "{seed: [11, 12, 13, 14]}")
"$NS" run "$slow" --results "$R" > "$WORK/first.log" 2>&1 &
first=$!
for _ in $(seq 1 120); do grep -q "trials in" "$WORK/first.log" 2>/dev/null && break; sleep 0.5; done
case_ "a second run while the first one runs" "$NS" run "$ok" --results "$R" --rerun-all
wait $first; echo "| (the first run) | $? | | $(rows) | $(grep 'finished' "$WORK/first.log" | cut -c1-150) |"
# A driver killed mid-sweep, then the same command again.
kill9=$(sweep kill ", train_limit: 4096" "{seed: [21, 22, 23, 24, 25, 26]}")
before=$(rows)
"$NS" run "$kill9" --results "$R" > "$WORK/killed.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do [ "$(grep -c '\[[0-9]*/6\]' "$WORK/killed.log")" -ge 2 ] && break; sleep 0.2; done
pkill -9 -P "$pid" java; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
echo "| driver SIGKILLed after $(grep -c '\[[0-9]*/6\]' "$WORK/killed.log") of 6 trials | 137 | $before | $(rows) | |"
case_ "the same command again (resume)" "$NS" run "$kill9" --results "$R"
echo
"$NS" sql --results "$R" --master 'local[1]' "SELECT sweep, status, count(*) AS rows, count(DISTINCT trial_id) AS trials FROM trials_all GROUP BY sweep, status ORDER BY sweep" 2>/dev/null | grep '^[|+]'
echo "work dir: $WORK"
