#!/usr/bin/env bash
# TensorBoard itself (from PyPI, in a local virtualenv) reads the event files of a short
# `steady train` run, a short `steady run` on an so101 twin and a short `steady sidecar` fed by a
# `steady actor` (a few seconds of each).
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
venv=.venv-tensorboard
source scripts/lib/venv.sh
steady_venv "$venv" "import tensorboard" "tensorboard==2.21.0"
work=$(mktemp -d)
twin=""
cleanup() {
  if [ -n "$twin" ]; then kill -INT "$twin" 2>/dev/null || true; wait "$twin" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

run() {   # run() LOG COMMAND...: the command's output goes to LOG, shown only if it fails
  local log=$1; shift
  "$@" > "$log" 2>&1 || { cat "$log"; echo "tensorboard check: failed: $*"; exit 1; }
}
run "$work/train.txt" "$steady" train --env pendulum --algo sac --steps 1200 --learning-starts 200 --eval-every 600 \
  --eval-episodes 1 --final-episodes 2 --net 32,32 --seed 1 --out "$work/train" --quiet
"$steady" twin --robot so101 --physics none --link "$work/so101" > "$work/twin.txt" 2>&1 &
twin=$!
for _ in $(seq 400); do [ -L "$work/so101" ] && break; kill -0 "$twin" 2>/dev/null || break; sleep 0.05; done
[ -L "$work/so101" ] || { cat "$work/twin.txt"; echo "tensorboard check: the twin did not start"; exit 1; }
run "$work/run.txt" "$steady" run --robot so101 --port "$work/so101" --policy sine --rate 100 --duration 2 \
  --soft-start 0.2 --no-realtime --quiet --log "$work/run"
# A sidecar fed by one simulated actor: the learner's curves.
"$steady" sidecar --env pendulum --algo sac --net 32,32 --learning-starts 200 --steps 1500 --run-dir "$work/side" \
  --quiet > "$work/sidecar.txt" 2>&1 &
side=$!
for _ in $(seq 200); do [ -S "$work/side/sidecar.sock" ] && break; kill -0 "$side" 2>/dev/null || break; sleep 0.05; done
run "$work/actor.txt" "$steady" actor --env pendulum --net 32,32 --sidecar "$work/side/sidecar.sock" --steps 1500 --quiet
wait "$side" || { cat "$work/sidecar.txt"; echo "tensorboard check: the sidecar failed"; exit 1; }
"$venv/bin/python" scripts/tensorboard_check.py "$work/train/tb" "$work/run/tb" "$work/side/tb"
