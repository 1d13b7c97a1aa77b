#!/usr/bin/env bash
# Issue 11's exploration-versus-wear study on Pendulum and so101:reach: the full grid (33
# configurations), seeds 1-3, then both summary.md files. Resumable: after an interruption, run it
# again and only the missing runs are trained. Long (hours) and a measurement: run it with nohup on
# an otherwise idle machine. Studies go to ${OUT:-studies}/pendulum and ${OUT:-studies}/so101-reach.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=${STEADY:-.build/release/steady}
[ -x "$steady" ] || swift build -c release
out=${OUT:-studies}
jobs=${JOBS:-2}
seeds=${SEEDS:-1,2,3}
"$steady" study exploration --env pendulum --algo td3 --grid full --seeds "$seeds" --steps "${PENDULUM_STEPS:-20000}" --net 64,64 \
  --jobs "$jobs" --out "$out/pendulum" -- --learning-starts 1000
"$steady" study exploration --env so101:reach --algo td3 --grid full --seeds "$seeds" --steps "${REACH_STEPS:-60000}" \
  --net 64,64 --jobs "$jobs" --out "$out/so101-reach" -- --gamma 0.95 --lr 1e-3 --learning-starts 1000 --final-episodes 100
cat "$out/pendulum/summary.md" "$out/so101-reach/summary.md"
