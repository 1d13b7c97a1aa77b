#!/usr/bin/env bash
# scripts/sidecar_client.py (NumPy + safetensors from PyPI, in a local virtualenv) against a
# `steady sidecar`: handshake, transitions, weights it runs with NumPy.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
venv=.venv-sidecar
source scripts/lib/venv.sh
steady_venv "$venv" "import numpy, safetensors" "numpy<3" "safetensors==0.6.2"
work=$(mktemp -d)
sidecar=""
cleanup() {
  if [ -n "$sidecar" ]; then kill -INT "$sidecar" 2>/dev/null || true; wait "$sidecar" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"$steady" sidecar --env pendulum --algo sac --net 32,32 --learning-starts 64 --run-dir "$work/run" --quiet \
  --no-tensorboard > "$work/sidecar.txt" 2>&1 &
sidecar=$!
for _ in $(seq 200); do [ -S "$work/run/sidecar.sock" ] && break; kill -0 "$sidecar" 2>/dev/null || break; sleep 0.05; done
[ -S "$work/run/sidecar.sock" ] || { cat "$work/sidecar.txt"; echo "sidecar check: the sidecar did not start"; exit 1; }
"$venv/bin/python" scripts/sidecar_client.py "$work/run/sidecar.sock" pendulum 3 1 sac 32,32 512 \
  || { cat "$work/sidecar.txt"; echo "sidecar check: FAILED"; exit 1; }
kill -INT "$sidecar"; wait "$sidecar" || true; sidecar=""
grep -q "actor python: 512 transitions stored" "$work/sidecar.txt" \
  || { cat "$work/sidecar.txt"; echo "sidecar check: the learner did not store the client's 512 transitions"; exit 1; }
echo "sidecar check: passed"
