#!/usr/bin/env bash
# Learning through the wire: for seeds 1-3, `steady train --env pendulum --algo sac` and a
# `steady sidecar` fed by one `steady actor`, each with the same 20,000 transitions, [256,256],
# batch 256, lr 1e-3, learning starts 1000; then each final policy evaluated over 10
# deterministic episodes (`steady eval`, the same seeds for both) and a table. Long (run on a
# quiet machine, with nohup). Runs go to ${OUT:-runs/sidecar-results}; STEPS overrides 20000.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=${STEADY:-.build/release/steady}
[ -x "$steady" ] || swift build -c release
out=${OUT:-runs/sidecar-results}
steps=${STEPS:-20000}
common=(--env pendulum --algo sac --net 256,256 --batch 256 --lr 1e-3 --learning-starts 1000)
mkdir -p "$out"
evaluate() { "$steady" eval --policy "$1" --episodes 10 --json | python3 -c "import json,sys; d=json.load(sys.stdin); print(f\"{d['mean_return']:.1f}\")"; }
printf "%-6s %14s %14s %12s %12s\n" seed "train return" "sidecar return" "train s" "sidecar s"
for seed in ${SEEDS:-1 2 3}; do
  start=$(date +%s.%N)
  "$steady" train "${common[@]}" --steps "$steps" --seed "$seed" --out "$out/train-s$seed" --quiet > "$out/train-s$seed.txt"
  middle=$(date +%s.%N)
  rm -rf "$out/sidecar-s$seed"
  "$steady" sidecar "${common[@]}" --steps "$steps" --seed "$seed" --run-dir "$out/sidecar-s$seed" --quiet \
    > "$out/sidecar-s$seed.txt" 2>&1 &
  learner=$!
  for _ in $(seq 200); do [ -S "$out/sidecar-s$seed/sidecar.sock" ] && break; sleep 0.05; done
  "$steady" actor --env pendulum --algo sac --net 256,256 --seed "$seed" --steps "$steps" \
    --sidecar "$out/sidecar-s$seed/sidecar.sock" --quiet > "$out/actor-s$seed.txt" 2>&1
  wait "$learner"
  end=$(date +%s.%N)
  printf "%-6s %14s %14s %12.0f %12.0f\n" "$seed" "$(evaluate "$out/train-s$seed")" "$(evaluate "$out/sidecar-s$seed")" \
    "$(echo "$middle - $start" | bc)" "$(echo "$end - $middle" | bc)"
done
