#!/usr/bin/env python3
"""Prints the SB3-vs-Steady table from the files compare.sh collected.

  table.py DIR --algos "sac ddpg td3" --seeds "1 2 3"

DIR holds sb3-train.jsonl, sb3-updates.jsonl, sb3-infer.jsonl (from
sb3_pendulum.py), steady-ALGO-sSEED/eval.json (from `steady train`) and
steady-bench.txt (the output of `steady bench learn`, parsed loosely).
Standard library only. Missing pieces show as "-".
"""
import argparse
import json
import os
import re
import statistics


def read_jsonl(path):
    out = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass
    return out


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def fmt(x, spec="{:.1f}"):
    return "-" if x is None else spec.format(x)


def ratio(a, b, spec="{:.2f}"):
    return "-" if a is None or b is None or b == 0 else spec.format(a / b)


def parse_bench(text):
    """The figures of `steady bench learn`'s two tables.

    Update rows: `ALGO [W,W] THREADS UPDATES/S ...`; inference rows:
    `ALGO [W,W] P50 P99 MAX`. Returns {("sac","64,64"): updates/s, ...} and, from
    SAC [256,256] inference (the actor SB3's latency is measured on),
    "p50_us" and "p99_us".
    """
    found = {}
    inference = False
    for raw in text.splitlines():
        if raw.startswith("inference"):
            inference = True
            continue
        m = re.match(r"^(sac|ddpg|td3)\s+\[(\d+),(\d+)\]\s+([0-9.\s]+)$", raw.strip())
        if not m:
            continue
        algo, net = m.group(1), f"{m.group(2)},{m.group(3)}"
        values = [float(v) for v in m.group(4).split()]
        if inference:
            if (algo, net) == ("sac", "256,256"):
                found["p50_us"], found["p99_us"] = values[0], values[1]
        elif (algo, net) not in found:
            found[(algo, net)] = values[1]          # the first thread count's updates/s
    return found


def main():
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--algos", default="sac ddpg td3")
    p.add_argument("--seeds", default="1 2 3")
    p.add_argument("--steps", type=int, default=20000)
    a = p.parse_args()
    algos = a.algos.replace(",", " ").split()
    seeds = [int(s) for s in a.seeds.replace(",", " ").split()]

    sb3_train = read_jsonl(os.path.join(a.dir, "sb3-train.jsonl"))
    sb3_upd = read_jsonl(os.path.join(a.dir, "sb3-updates.jsonl"))
    sb3_inf = read_jsonl(os.path.join(a.dir, "sb3-infer.jsonl"))
    bench_path = os.path.join(a.dir, "steady-bench.txt")
    bench_text = open(bench_path).read() if os.path.exists(bench_path) else ""
    bench = parse_bench(bench_text)

    def steady_eval(algo, seed):
        path = os.path.join(a.dir, f"steady-{algo}-s{seed}", "eval.json")
        try:
            with open(path) as f:
                return json.load(f)
        except (OSError, json.JSONDecodeError):
            return None

    rows = []
    print()
    print(f"Pendulum-v1, {a.steps} steps, net [256,256], batch 256, lr 1e-3, learning starts 1000, seeds {' '.join(map(str, seeds))}")
    print()
    hdr = f"{'algo':<6} {'seed':>4}  {'SB3 wall s':>10} {'Steady wall s':>13} {'Steady/SB3':>10}  {'SB3 return':>10} {'Steady return':>13}"
    print(hdr)
    print("-" * len(hdr))
    for algo in algos:
        sw, tw, sr, tr = [], [], [], []
        for seed in seeds:
            s = next((r for r in sb3_train if r["algo"] == algo and r["seed"] == seed and r["steps"] == a.steps), None)
            t = steady_eval(algo, seed)
            s_w = s["wall_seconds"] if s else None
            t_w = float(t["wall_seconds"]) if t and "wall_seconds" in t else None
            s_r = s["mean_return"] if s else None
            t_r = float(t["mean_return"]) if t and "mean_return" in t else None
            sw.append(s_w), tw.append(t_w), sr.append(s_r), tr.append(t_r)
            print(f"{algo:<6} {seed:>4}  {fmt(s_w):>10} {fmt(t_w):>13} {ratio(t_w, s_w):>10}  {fmt(s_r):>10} {fmt(t_r):>13}")
        rows.append((algo, med(sw), med(tw), med(sr), med(tr)))
    print("-" * len(hdr))
    for algo, s_w, t_w, s_r, t_r in rows:
        print(f"{algo:<6} {'med':>4}  {fmt(s_w):>10} {fmt(t_w):>13} {ratio(t_w, s_w):>10}  {fmt(s_r):>10} {fmt(t_r):>13}")
    print("targets: Steady/SB3 wall <= 0.50 for sac and ddpg; Steady median return >= -170 for sac, ddpg, td3")

    print()
    hdr2 = f"{'updates/s, batch 256':<24} {'SB3':>9} {'Steady':>9} {'Steady/SB3':>10}"
    print(hdr2)
    print("-" * len(hdr2))
    for net in ("64,64", "256,256"):
        for algo in ("sac", "ddpg"):
            s = next((r for r in sb3_upd if r["algo"] == algo and ",".join(map(str, r["net"])) == net), None)
            s_u = s["updates_per_second"] if s else None
            t_u = bench.get((algo, net))
            print(f"{algo + ' [' + net + ']':<24} {fmt(s_u, '{:.0f}'):>9} {fmt(t_u, '{:.0f}'):>9} {ratio(t_u, s_u, '{:.1f}x'):>10}")
    print("target: Steady >= 4x SB3 at [64,64]")
    print("(SB3: one model.train(gradient_steps=N) call; per-call figures, as learn() runs them, are in sb3-updates.jsonl)")

    print()
    hdr3 = f"{'actor inference, 1 obs':<30} {'p50 µs':>8} {'p99 µs':>8}"
    print(hdr3)
    print("-" * len(hdr3))
    for what, label in (("raw_actor", "SB3 raw actor (no_grad)"), ("predict", "SB3 model.predict")):
        s = next((r for r in sb3_inf if r["what"] == what), None)
        print(f"{label:<30} {fmt(s and s['p50_us']):>8} {fmt(s and s['p99_us']):>8}")
    print(f"{'Steady (bench learn)':<30} {fmt(bench.get('p50_us')):>8} {fmt(bench.get('p99_us')):>8}")
    print("target: Steady p99 <= 15 µs")
    print()
    print("Steady figures in the last two tables are from `steady bench learn` (inference: SAC [256,256]); its output verbatim:")
    print(bench_text.rstrip() if bench_text.strip() else "  (none)")


if __name__ == "__main__":
    main()
