#!/usr/bin/env bash
# The official Dynamixel and Feetech Python SDKs (from PyPI, in a local virtualenv) talk to Steady twins.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-interop
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import dynamixel_sdk, scservo_sdk" 2>/dev/null; then
  echo "interop: installing dynamixel-sdk and feetech-servo-sdk into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "dynamixel-sdk==4.1.0" "feetech-servo-sdk==1.0.0"
fi
"$venv/bin/python" scripts/interop/sdk_interop.py .build/release/steady
