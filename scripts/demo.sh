#!/usr/bin/env bash
# make demo: the most complete end-to-end path that exists so far, on a simulated SO-101.
# Start a twin on a virtual serial port, find its motors, read them, calibrate, then run the
# sine policy through the control loop on it and print the run's metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
link="${TMPDIR:-/tmp}/steady-demo-so101"

$steady twin --robot so101 --link "$link" &
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
echo; echo "\$ steady run --robot so101 --port $link --calibration ${TMPDIR:-/tmp}/steady-demo-calibration.json --policy sine --rate 200 --duration 8 --log $run"
$steady run --robot so101 --port "$link" --calibration "${TMPDIR:-/tmp}/steady-demo-calibration.json" --policy sine --rate 200 --duration 8 --log "$run"
echo; echo "\$ steady export-csv $run"
$steady export-csv "$run"
echo; echo "\$ steady metrics $run"
$steady metrics "$run"
echo
