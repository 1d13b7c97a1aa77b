#!/usr/bin/env bash
# Creates .venv-sb3 at the repo root with the pinned reference stack:
#   stable-baselines3 2.9.2, gymnasium 1.4.0, torch 2.13.0 (CPU), numpy.
# Idempotent: does nothing when the venv already has the pinned versions.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.venv-sb3
SB3_VERSION=2.9.2
GYM_VERSION=1.4.0
TORCH_VERSION=2.13.0

check() {
  "$venv/bin/python" - "$SB3_VERSION" "$GYM_VERSION" "$TORCH_VERSION" <<'PY' 2>/dev/null
import sys, stable_baselines3, gymnasium, torch, numpy
want_sb3, want_gym, want_torch = sys.argv[1:4]
ok = (stable_baselines3.__version__ == want_sb3 and gymnasium.__version__ == want_gym
      and torch.__version__.split("+")[0] == want_torch)
sys.exit(0 if ok else 1)
PY
}

if [ -x "$venv/bin/python" ] && check; then
  echo "sb3 setup: $venv already has stable-baselines3==$SB3_VERSION gymnasium==$GYM_VERSION torch==$TORCH_VERSION"
  exit 0
fi

start=$(date +%s)
echo "sb3 setup: creating $venv"
python3 -m venv "$venv"
pip=("$venv/bin/pip" install --disable-pip-version-check --progress-bar off)

# torch: the CPU-only wheel (~190 MB) when pip can see one (this machine's pip
# config has find-links=/opt/wheels with torch-2.13.0+cpu). PyPI itself only
# serves the CUDA build for Linux x86_64 (torch + ~20 nvidia-* / triton wheels,
# several GB); it still runs on CPU, it is just a much bigger download.
if "${pip[@]}" --quiet "torch==${TORCH_VERSION}+cpu"; then
  echo "sb3 setup: installed torch ${TORCH_VERSION}+cpu"
else
  echo "sb3 setup: no torch ${TORCH_VERSION}+cpu wheel visible to pip; installing torch==${TORCH_VERSION} from PyPI (CUDA build, several GB)"
  "${pip[@]}" --quiet "torch==${TORCH_VERSION}"
fi
"${pip[@]}" --quiet "stable-baselines3==${SB3_VERSION}" "gymnasium==${GYM_VERSION}" numpy
check || { echo "sb3 setup: version check failed in $venv" >&2; exit 1; }
"$venv/bin/python" -c "import stable_baselines3 as s, gymnasium as g, torch as t, numpy as n; print(f'sb3 setup: stable-baselines3 {s.__version__}, gymnasium {g.__version__}, torch {t.__version__}, numpy {n.__version__}')"
echo "sb3 setup: done in $(( $(date +%s) - start )) s; venv size $(du -sh "$venv" | cut -f1)"
