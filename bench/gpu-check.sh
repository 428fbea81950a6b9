#!/usr/bin/env bash
# A GPU check a user can run on a GPU server (README: "Running on a GPU server").
#
#   bash bench/gpu-check.sh [DEVICE]        # DEVICE: gpu:0 (default), gpu:1, ... or cpu
#
# Builds the cuda profile, then runs, one after the other: doctor, bench --json, a 300-step
# train --preset gpu, and a two-generation evolve with two workers sharing the device, while
# nvidia-smi samples utilisation and memory once a second. Everything goes into one folder
# (gpu-check-HOST-TIME/); its summary.txt is one screen: send that folder (or summary.txt and
# the logs of any step that failed) back with the issue.
#
# With DEVICE=cpu it runs the same steps on the tiny preset with the CPU build: a dry run of this
# script on any machine. GPU_CHECK_STEPS, GPU_CHECK_PRESET and GPU_CHECK_OUT override the step
# count, the preset and the folder.
set -uo pipefail

device=${1:-gpu:0}
cd "$(dirname "$0")/.." || exit 1
out=${GPU_CHECK_OUT:-gpu-check-$(hostname)-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out" || exit 1
out=$(cd "$out" && pwd)
if [[ $device == cpu ]]; then
    preset=${GPU_CHECK_PRESET:-tiny}
    bench_steps=2
else
    export EQUILIBRIA_PROFILE=cuda
    preset=${GPU_CHECK_PRESET:-gpu}
    bench_steps=10
fi
steps=${GPU_CHECK_STEPS:-300}
summary=$out/summary.txt
: > "$summary"

note() { echo "$*" | tee -a "$summary"; }

smi=""
if command -v nvidia-smi > /dev/null; then
    nvidia-smi > "$out/nvidia-smi.txt" 2>&1
    nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total --format=csv,noheader,nounits -l 1 \
        > "$out/nvidia-smi.csv" 2> /dev/null &
    smi=$!
    trap 'kill $smi 2> /dev/null' EXIT
fi

failed=0
# step NAME COMMAND...: runs it, its output into NAME.log, and one summary line
step() {
    local name=$1
    shift
    local start end rc
    start=$(date +%s.%N)
    "$@" > "$out/$name.log" 2>&1
    rc=$?
    end=$(date +%s.%N)
    local seconds
    seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    if [[ $rc -eq 0 ]]; then
        note "$(printf '%-8s ok      %8s s' "$name" "$seconds")"
    else
        note "$(printf '%-8s FAILED  %8s s  exit %d: %s' "$name" "$seconds" "$rc" "$(tail -n 1 "$out/$name.log")")"
        failed=1
    fi
    return $rc
}

note "gpu-check on $(hostname) for $device, $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2> /dev/null || echo unknown)"
step build ./equilibria --version
step doctor ./equilibria doctor --device "$device" --archive "$out/check.db"
sed 's/^/  /' "$out/doctor.log" >> "$summary"
if step bench ./equilibria bench --device "$device" --steps "$bench_steps" --json; then
    tail -n 1 "$out/bench.log" > "$out/bench.json"
    note "  $(cat "$out/bench.json")"
fi
if step train ./equilibria train --preset "$preset" --device "$device" --steps "$steps" --out "$out/train"; then
    note "  $(grep -E '^(done|verdict)' "$out/train.log" | tr '\n' ' ')"
fi
if step evolve ./equilibria evolve --preset "$preset" --devices "${device}x2" --population 4 --generations 2 \
        --archive "$out/check.db"; then
    note "  $(tail -n 1 "$out/evolve.log")"
fi

if [[ -n $smi ]]; then
    kill "$smi" 2> /dev/null
    wait "$smi" 2> /dev/null
    awk -F', *' '{ u += $2; if ($2 > umax) umax = $2; if ($3 > mmax) mmax = $3; total = $4; n++ }
        END { if (n) printf "nvidia-smi  %d samples: utilisation mean %.0f%%, max %d%%; memory peak %d of %d MiB\n",
              n, u / n, umax, mmax, total }' "$out/nvidia-smi.csv" | tee -a "$summary"
else
    note "nvidia-smi  not found: no utilisation samples"
fi
note "everything is in $out"
exit $failed
