#!/usr/bin/env bash
# The issue's Pendulum acceptance runs: 20,000 steps, seeds 1-3, [256,256], batch 256, lr 1e-3,
# learning starts 1000, for SAC, DDPG, TD3, SAC+gSDE (noise interval -1 and 8) and DDPG+param
# noise; then a table of final evaluation returns (10 deterministic episodes each), the median,
# the worst seed and wall times. Long: run it with nohup. Runs go to ${OUT:-runs/pendulum}.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=${STEADY:-.build/release/steady}
[ -x "$steady" ] || swift build -c release
out=${OUT:-runs/pendulum}
seeds=${SEEDS:-"1 2 3"}
mkdir -p "$out"
configs=(
  "sac|--algo sac"
  "ddpg|--algo ddpg"
  "td3|--algo td3"
  "sac-gsde-1|--algo sac --explore gsde --noise-interval -1"
  "sac-gsde-8|--algo sac --explore gsde --noise-interval 8"
  "ddpg-param|--algo ddpg --explore param"
)
for config in "${configs[@]}"; do
  name=${config%%|*}; args=${config#*|}
  for seed in $seeds; do
    run="$out/$name-s$seed"
    if [ -f "$run/eval.json" ] && [ -z "${RERUN:-}" ]; then continue; fi
    echo "== $name seed $seed"
    # shellcheck disable=SC2086
    "$steady" train --env pendulum $args --steps 20000 --seed "$seed" --net 256,256 --batch 256 --lr 1e-3 \
      --learning-starts 1000 --out "$run" --quiet ${EXTRA:-}
  done
done
python3 - "$out" "$seeds" <<'PY'
import json, statistics, sys
out, seeds = sys.argv[1], sys.argv[2].split()
names = ["sac", "ddpg", "td3", "sac-gsde-1", "sac-gsde-8", "ddpg-param"]
print(f"{'config':12s} " + " ".join(f"{'seed ' + s:>9s}" for s in seeds) + f" {'median':>9s} {'worst':>9s} {'wall s (mean)':>14s}  verdict")
for name in names:
    runs = [json.load(open(f"{out}/{name}-s{s}/eval.json")) for s in seeds]
    returns = [r["mean_return"] for r in runs]
    walls = [r["wall_seconds"] for r in runs]
    median, worst = statistics.median(returns), min(returns)
    verdict = "ok" if median >= -170 and worst >= -250 else "FAIL"
    print(f"{name:12s} " + " ".join(f"{x:9.1f}" for x in returns) + f" {median:9.1f} {worst:9.1f} {statistics.mean(walls):14.1f}  {verdict}")
PY
