#!/usr/bin/env bash
# Side-by-side: Stable-Baselines3 2.9.2 (PyTorch, 2 threads) vs `steady train` on
# Pendulum-v1, the issue's settings: 20,000 steps, net [256,256], batch 256,
# lr 1e-3, learning starts 1000. Each (algo, seed) runs SB3 then Steady back to
# back so both see the same machine load. Then SB3's updates/s ([64,64] and
# [256,256]) and single-observation actor latency, and `steady bench learn`.
# Prints one table at the end; everything lands in runs/compare-<time>/.
#
#   scripts/sb3/compare.sh [--seeds "1 2 3"] [--algos "sac ddpg td3"] [--quick]
#                          [--steps N] [--explore gaussian|ou|param|gsde]
#                          [--sb3-only] [--out DIR]
#
#   --quick     one seed (the first of --seeds), 5,000 steps: a smoke run
#   --explore   Steady's exploration for every algo (default: each algo's own, as
#               SB3's: SAC samples its policy, TD3/DDPG add Gaussian noise 0.1)
#   --sb3-only  skip Steady (reference figures only)
#
# Needs .build/release/steady (swift build -c release) with `train` and
# `bench learn`; installs SB3 into .venv-sb3 on first use (scripts/sb3/setup.sh).
# Time: SB3 alone took 237 s (SAC) and 149 s (DDPG) per seed here on 2026-11-21
# (the issue expected ~125 s and ~85 s), so the default run takes 30-40 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

seeds="1 2 3"
algos="sac ddpg td3"
steps=20000
quick=0
explore=""
sb3_only=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds="$2"; shift 2 ;;
    --algos) algos="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --explore) explore="$2"; shift 2 ;;
    --sb3-only) sb3_only=1; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
seeds=${seeds//,/ }
algos=${algos//,/ }
if [ "$quick" = 1 ]; then
  seeds=${seeds%% *}
  steps=5000
fi

say() { echo "[compare $(date +%H:%M:%S)] $*"; }
indent() { sed -u 's/^/    /'; }
die() { echo "compare: $*" >&2; exit 1; }

steady=.build/release/steady
if [ "$sb3_only" = 0 ]; then
  [ -x "$steady" ] || die "$steady not found: build it first with 'swift build -c release' (or pass --sb3-only)"
  "$steady" train --help >/dev/null 2>&1 \
    || die "'$steady train' is missing or broken (--help failed): this build has no 'steady train'"
  "$steady" bench learn --help >/dev/null 2>&1 \
    || die "'$steady bench learn' is missing or broken (--help failed): this build has no 'steady bench learn'"
fi

bash scripts/sb3/setup.sh
py=.venv-sb3/bin/python
sb3="$py scripts/sb3/sb3_pendulum.py"

[ -n "$out" ] || out=runs/compare-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
say "results in $out; algos: $algos; seeds: $seeds; steps: $steps; load: $(cut -d' ' -f1-3 /proc/loadavg)"

load1=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN{exit !($load1 > 2.5)}"; then
  say "WARNING: 1-minute load is $load1 on $(nproc) cores: other work is running, wall times and latencies will be inflated (SB3's 2 torch threads suffer most)"
fi

n_runs=0; for _ in $algos; do for _ in $seeds; do n_runs=$((n_runs + 1)); done; done
i=0
for algo in $algos; do
  for seed in $seeds; do
    i=$((i + 1))
    say "[$i/$n_runs] $algo seed $seed: SB3 training ($steps steps)..."
    $sb3 train --algos "$algo" --seeds "$seed" --steps "$steps" --out "$out/sb3-train.jsonl" 2>&1 >/dev/null | indent
    sb3_line=$(tail -n 1 "$out/sb3-train.jsonl")
    sb3_w=$(sed -n 's/.*"wall_seconds": \([0-9.]*\).*/\1/p' <<<"$sb3_line")
    sb3_r=$(sed -n 's/.*"mean_return": \(-\{0,1\}[0-9.]*\).*/\1/p' <<<"$sb3_line")
    say "[$i/$n_runs] $algo seed $seed: SB3 wall ${sb3_w} s, eval return ${sb3_r}"
    if [ "$sb3_only" = 0 ]; then
      dir="$out/steady-$algo-s$seed"
      rm -rf "$dir"
      say "[$i/$n_runs] $algo seed $seed: Steady training ($steps steps)..."
      t0=$(date +%s.%N)
      if ! "$steady" train --env pendulum --algo "$algo" ${explore:+--explore "$explore"} --steps "$steps" --seed "$seed" \
          --out "$dir" --net 256,256 --batch 256 --lr 1e-3 --learning-starts 1000 > "$dir.log" 2>&1; then
        tail -n 20 "$dir.log" >&2
        die "steady train failed for $algo seed $seed (log: $dir.log)"
      fi
      t1=$(date +%s.%N)
      [ -f "$dir/eval.json" ] || die "steady train wrote no $dir/eval.json (log: $dir.log)"
      ev=$(tr -d '\n' < "$dir/eval.json")
      st_w=$(sed -n 's/.*"wall_seconds" *: *\([0-9.]*\).*/\1/p' <<<"$ev")
      st_r=$(sed -n 's/.*"mean_return" *: *\(-\{0,1\}[0-9.]*\).*/\1/p' <<<"$ev")
      say "[$i/$n_runs] $algo seed $seed: Steady wall ${st_w} s (process $(awk "BEGIN{printf \"%.1f\", $t1-$t0}") s), eval return ${st_r}"
    fi
  done
done

say "SB3 updates/s, batch 256, [64,64] and [256,256] (sac, ddpg)..."
$sb3 updates --algos "sac ddpg" --net 64,64 --updates 2000 --out "$out/sb3-updates.jsonl" 2>&1 >/dev/null | indent
$sb3 updates --algos "sac ddpg" --net 256,256 --updates 1000 --out "$out/sb3-updates.jsonl" 2>&1 >/dev/null | indent
say "SB3 single-observation actor latency, SAC [256,256], 10,000 calls..."
$sb3 infer --calls 10000 --out "$out/sb3-infer.jsonl" 2>&1 >/dev/null | indent

if [ "$sb3_only" = 0 ]; then
  say "steady bench learn..."
  "$steady" bench learn > "$out/steady-bench.txt" 2>&1 || die "steady bench learn failed: $(tail -n 5 "$out/steady-bench.txt")"
fi

say "done; load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" scripts/sb3/table.py "$out" --algos "$algos" --seeds "$seeds" --steps "$steps" | tee "$out/table.txt"
