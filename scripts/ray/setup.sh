#!/usr/bin/env bash
# Creates .venv-ray at the repository root with Ray from PyPI (pinned), for scripts/ray/pretrain.py
# and scripts/ray_check.sh. Idempotent: reuses the venv while it holds the pinned version.
# Prints the venv's python on its last line.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/venv.sh
RAY_VERSION=2.60.0
venv=.venv-ray
steady_venv "$venv" "import ray, sys; sys.exit(ray.__version__ != '$RAY_VERSION')" "ray==$RAY_VERSION" >&2
echo "$PWD/$venv/bin/python"
