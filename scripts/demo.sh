#!/usr/bin/env bash
# make demo: Steady's main job on a simulated SO-101 in a few minutes.
#  1. pretrain a reach policy in domain-randomized simulation (short: DEMO_STEPS, default 20000);
#  2. start a twin with the shifted physics of robots/so101/physics-real.yaml (heavier, more
#     friction and backlash, gains off, a tick of latency, encoder noise: the stand-in for a real
#     arm) on a virtual serial port;
#  3. deploy a policy on it through the control loop for scored reach episodes: the checkpoint
#     shipped in robots/so101/policies/reach (trained longer; the README names the command that
#     made it), or the short one just trained when that is missing or DEMO_POLICY=short;
#  4. print its success and the run's wear metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
tmp="${TMPDIR:-/tmp}"
link="$tmp/steady-demo-so101"
train="$tmp/steady-demo-train"
run="$tmp/steady-demo-run"
steps=${DEMO_STEPS:-20000}
episodes=${DEMO_EPISODES:-10}
shipped=robots/so101/policies/reach

step() { echo; echo "\$ $*"; }

rm -rf "$train" "$run"
step steady train --env so101:reach --algo sac --net 64,64 --gamma 0.95 --lr 1e-3 --learning-starts 1000 --randomize default --steps "$steps" --seed 1 --eval-every 0 --final-episodes 20 --no-tensorboard --out "$train"
$steady train --env so101:reach --algo sac --net 64,64 --gamma 0.95 --lr 1e-3 --learning-starts 1000 --randomize default \
  --steps "$steps" --seed 1 --eval-every 0 --final-episodes 20 --no-tensorboard --out "$train" --quiet

policy="$train"
if [ -f "$shipped/model.safetensors" ] && [ "${DEMO_POLICY:-shipped}" != short ]; then
  policy="$shipped"
  echo
  echo "The deployment below uses the checkpoint shipped in $shipped (trained longer; see README \"Reaching a goal\"),"
  echo "not the $steps-step one above: DEMO_POLICY=short deploys that one instead."
fi

# The twin answers with real-time priority where permitted: it shares this machine's CPUs with
# the control loop, where a real bus answers in microseconds whatever else runs.
rt=""; if chrt -f 50 true 2>/dev/null; then rt="chrt -f 50"; fi
step steady twin --robot so101 --link "$link" --physics robots/so101/physics-real.yaml "&"
$rt $steady twin --robot so101 --link "$link" --physics robots/so101/physics-real.yaml > "$tmp/steady-demo-twin.log" 2>&1 &
twin=$!
trap 'kill -INT $twin 2>/dev/null; wait $twin 2>/dev/null || true' EXIT
for _ in $(seq 200); do [ -L "$link" ] && break; sleep 0.05; done
[ -L "$link" ] || { echo "the twin did not start: $(cat "$tmp/steady-demo-twin.log")"; exit 1; }

# --max-failed-ticks 25: ride out the scheduling delays of a busy machine (0.25 s at 100 Hz).
step steady run --robot so101 --port "$link" --policy "$policy" --episodes "$episodes" --seed 12345 --rate 100 --max-failed-ticks 25 --log "$run"
$steady run --robot so101 --port "$link" --policy "$policy" --episodes "$episodes" --seed 12345 --rate 100 \
  --max-failed-ticks 25 --log "$run" --quiet
step steady export-csv "$run"
$steady export-csv "$run"
step steady metrics "$run"
$steady metrics "$run"
echo
