#!/usr/bin/env bash
# A small Ray job on a local cluster this script starts on 127.0.0.1: scripts/ray/pretrain.py
# with 2 actors and a learner, one actor's steady process SIGKILLed mid-run. Passes when the
# summary counts the restart, the learner stored every transition it was asked for, and the
# run directory holds what `steady train` writes. Skipped, saying why, only when Ray cannot be
# installed from PyPI (no network, no wheel for this Python). About 25 s with the venv cached,
# about a minute more the first time (Ray's wheel, ~70 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
[ -x "$steady" ] || { echo "ray check: build first (swift build -c release)"; exit 1; }
if ! setup_output=$(bash scripts/ray/setup.sh 2>&1); then
  echo "$setup_output" | tail -5
  echo "ray check: SKIPPED: Ray could not be installed from PyPI into .venv-ray (see above)"
  exit 0
fi
python=$(echo "$setup_output" | tail -1)
ray_bin=$(dirname "$python")/ray
# Ray's session files (sockets with short path limits) in a directory of our own.
work=$(mktemp -d /tmp/steady-ray-check.XXXXXX)
head_pid=""
cleanup() {
  # `ray start --block` stops the processes it started when it gets SIGTERM; only ours.
  if [ -n "$head_pid" ]; then kill -TERM "$head_pid" 2>/dev/null || true; wait "$head_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# Ray 2.60 may turn token authentication on (a local ray.init() writes ~/.ray/auth_token):
# give this cluster and its driver their own token, so the check never depends on ~/.ray.
export RAY_AUTH_MODE=token RAY_AUTH_TOKEN_PATH="$work/auth_token" RAY_USAGE_STATS_ENABLED=0
"$python" -c "import secrets; print(secrets.token_hex(32))" > "$RAY_AUTH_TOKEN_PATH"
chmod 600 "$RAY_AUTH_TOKEN_PATH"
port=$("$python" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$ray_bin" start --head --block --node-ip-address 127.0.0.1 --port "$port" --num-cpus 4 \
  --include-dashboard false --disable-usage-stats --temp-dir "$work/ray" > "$work/head.txt" 2>&1 &
head_pid=$!
for _ in $(seq 300); do
  grep -q "Ray runtime started" "$work/head.txt" 2>/dev/null && break
  kill -0 "$head_pid" 2>/dev/null || break
  sleep 0.1
done
grep -q "Ray runtime started" "$work/head.txt" || { cat "$work/head.txt"; echo "ray check: the local Ray head did not start"; exit 1; }
out="$work/run"
# Actors paced at 250 steps/s each: at most 500 transitions/s whatever the machine, so the
# 3000 take at least 6 s and the kill at 2.5 s always lands mid-run.
if ! "$python" scripts/ray/pretrain.py --address "127.0.0.1:$port" --actors 2 --env so101:reach --randomize default \
    --steps 3000 --net 32,32 --learner-args "--learning-starts 200 --checkpoint-every 2" --actor-args "--pace 250" \
    --kill-one-after 2.5 --eval-episodes 3 --out "$out" --actor-logs "$work/actors" > "$work/summary.txt" 2>&1; then
  cat "$work/summary.txt"; echo "ray check: FAILED: pretrain.py exited non-zero"; exit 1
fi
cat "$work/summary.txt"
fail() { echo "ray check: FAILED: $1"; exit 1; }
grep -q "learner finished" "$work/summary.txt" || fail "the learner did not finish"
stored=$(sed -n 's/.*finished in [0-9.]* s: \([0-9]*\) transitions stored.*/\1/p' "$work/summary.txt")
[ "${stored:-0}" -ge 3000 ] || fail "the learner stored ${stored:-no} transitions, wanted 3000"
grep -q "restarts: 1 (ray-0 1)" "$work/summary.txt" || fail "the summary does not count ray-0's one restart"
grep -Eq "ray-0\.2 [0-9]+" "$work/summary.txt" || fail "the restarted actor (ray-0.2) did not deliver to the learner"
for f in progress.csv actors.csv eval.json policy checkpoints/latest tb; do
  [ -e "$out/$f" ] || fail "the run directory lacks $f"
done
echo "ray check: passed"
