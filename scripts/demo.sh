#!/usr/bin/env bash
# make demo: the most complete end-to-end path that exists so far, on a simulated SO-101.
# Start a twin on a virtual serial port, find its motors, read them, calibrate, then run the
# sine policy through the control loop on it and print the run's metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
link="${TMPDIR:-/tmp}/steady-demo-so101"

# The twin answers with real-time priority where permitted: it shares this machine's CPUs with
# the control loop, where a real bus answers in microseconds whatever else runs.
rt=""; if chrt -f 50 true 2>/dev/null; then rt="chrt -f 50"; fi
$rt $steady twin --robot so101 --link "$link" &
twin=$!
trap 'kill -INT $twin 2>/dev/null; wait $twin 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -L "$link" ] && break; sleep 0.05; done

echo; echo "\$ steady scan --port $link --protocol feetech"
$steady scan --port "$link" --protocol feetech
echo; echo "\$ steady read --robot so101 --port $link"
$steady read --robot so101 --port "$link" --count 1
echo; echo "\$ steady calibrate --robot so101 --port $link --id demo --yes --ranges-from-robot --output ${TMPDIR:-/tmp}/steady-demo-calibration.json"
$steady calibrate --robot so101 --port "$link" --id demo --yes --ranges-from-robot --output "${TMPDIR:-/tmp}/steady-demo-calibration.json"
run="${TMPDIR:-/tmp}/steady-demo-run"
rm -rf "$run"
# --max-failed-ticks 20: ride out the scheduling delays of a busy machine (0.1 s at 200 Hz).
echo; echo "\$ steady run --robot so101 --port $link --calibration ${TMPDIR:-/tmp}/steady-demo-calibration.json --policy sine --rate 200 --duration 8 --max-failed-ticks 20 --log $run"
$steady run --robot so101 --port "$link" --calibration "${TMPDIR:-/tmp}/steady-demo-calibration.json" --policy sine --rate 200 --duration 8 --max-failed-ticks 20 --log "$run"
echo; echo "\$ steady export-csv $run"
$steady export-csv "$run"
echo; echo "\$ steady metrics $run"
$steady metrics "$run"
echo
