#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript / spark.worker.resource.gpu.discoveryScript):
# prints the GPUs this machine has, as Spark expects: {"name":"gpu","addresses":["0","1",...]}.
# NORMSWEEP_FAKE_GPUS="0,1" reports those addresses instead (for testing the plumbing without GPUs).
set -euo pipefail
if [ -n "${NORMSWEEP_FAKE_GPUS:-}" ]; then
  addresses=$(echo "$NORMSWEEP_FAKE_GPUS" | tr ',' '\n')
elif command -v nvidia-smi >/dev/null 2>&1; then
  addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader)
else
  addresses=""
fi
printf '{"name":"gpu","addresses":['
first=1
for a in $addresses; do
  [ $first -eq 1 ] || printf ','
  printf '"%s"' "$(echo "$a" | tr -d '[:space:]')"
  first=0
done
printf ']}\n'
