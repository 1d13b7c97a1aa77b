#!/usr/bin/env bash
# The official Dynamixel and Feetech Python SDKs (from PyPI, in a local virtualenv) talk to Steady twins.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-interop
source scripts/lib/venv.sh
steady_venv "$venv" "import dynamixel_sdk, scservo_sdk" "dynamixel-sdk==4.1.0" "feetech-servo-sdk==1.0.0"
"$venv/bin/python" scripts/interop/sdk_interop.py .build/release/steady
