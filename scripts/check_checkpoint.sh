#!/usr/bin/env bash
# Python's safetensors loads Steady checkpoints and a NumPy forward pass of the actor reproduces
# Steady's actions to 1e-5. With no arguments, trains four small Pendulum policies (SAC, SAC+gSDE,
# TD3, DDPG+param noise) into a temporary directory and checks each; otherwise checks the given
# run or checkpoint directories.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-checkpoint
source scripts/lib/venv.sh
steady_venv "$venv" "import numpy, safetensors" numpy safetensors
steady=.build/release/steady
[ -x "$steady" ] || swift build -c release
if [ "$#" -gt 0 ]; then
  exec "$venv/bin/python" scripts/check_checkpoint_numpy.py "$steady" "$@"
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
common=(--env pendulum --steps 1500 --learning-starts 500 --net 64,64 --eval-every 0 --final-episodes 1 --quiet)
"$steady" train --algo sac --seed 1 --out "$scratch/sac" "${common[@]}" > /dev/null
"$steady" train --algo sac --explore gsde --seed 2 --out "$scratch/sac-gsde" "${common[@]}" > /dev/null
"$steady" train --algo td3 --seed 3 --out "$scratch/td3" "${common[@]}" > /dev/null
"$steady" train --algo ddpg --explore param --seed 4 --out "$scratch/ddpg-param" "${common[@]}" > /dev/null
"$venv/bin/python" scripts/check_checkpoint_numpy.py "$steady" "$scratch/sac" "$scratch/sac-gsde" "$scratch/td3" "$scratch/ddpg-param"
