#!/usr/bin/env bash
# Faults of the learner process, seen by a `steady actor`:
#  1. kill -9 of the sidecar mid-run, restarted on the same run directory: the actor reconnects,
#     resends what was not saved, and every transition is stored exactly once.
#  2. SIGSTOP of the sidecar for 3 s: the actor notices within 1 s, keeps stepping (drop mode),
#     counts its drops, and produced = durable + pending + dropped.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { for f in "$work"/*.txt; do echo "== $f"; cat "$f"; done; echo "sidecar faults: FAILED: $*"; exit 1; }
wait_socket() { for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done; fail "no socket $1"; }
steps_stored() { tail -n 1 "$1/progress.csv" 2>/dev/null | cut -d, -f1; }
learner=(sidecar --env pendulum --algo sac --net 32,32 --learning-starts 200 --checkpoint-every 1 --no-tensorboard)

# 1. kill -9 and restart
"$steady" "${learner[@]}" --run-dir "$work/a" > "$work/sidecar1.txt" 2>&1 & first=$!; pids+=($first)
wait_socket "$work/a/sidecar.sock"
"$steady" actor --env pendulum --net 32,32 --sidecar "$work/a/sidecar.sock" --steps 4000 --quiet > "$work/actor1.txt" 2>&1 &
actor=$!; pids+=($actor)
for _ in $(seq 600); do [ "$(steps_stored "$work/a")" -ge 1500 ] 2>/dev/null && break; sleep 0.05; done
[ -e "$work/a/checkpoints/latest" ] || sleep 1.2
kill -9 "$first"; wait "$first" 2>/dev/null || true
"$steady" "${learner[@]}" --run-dir "$work/a" > "$work/sidecar2.txt" 2>&1 & second=$!; pids+=($second)
wait "$actor" || fail "the actor failed"
kill -INT "$second"; wait "$second" || true
grep -q "resumed from" "$work/sidecar2.txt" || fail "the restarted sidecar did not resume"
grep -q "produced 4000 (4000 stepped), durable 4000, pending 0, dropped 0" "$work/actor1.txt" || fail "actor counters"
grep -Eq "connections 2," "$work/actor1.txt" || fail "the actor did not reconnect once"
grep -Eq "actor actor-[0-9]+: 4000 transitions stored, .* duplicates 0" "$work/sidecar2.txt" || fail "learner counters"
echo "sidecar faults: kill -9: $(grep -o 'produced.*' "$work/actor1.txt")"

# 2. SIGSTOP for 3 s, the actor in drop mode with a small store
"$steady" "${learner[@]}" --run-dir "$work/b" > "$work/sidecar3.txt" 2>&1 & third=$!; pids+=($third)
wait_socket "$work/b/sidecar.sock"
"$steady" actor --env pendulum --net 32,32 --sidecar "$work/b/sidecar.sock" --on-full drop --store 2000 --steps 1500000 \
  --quiet > "$work/actor2.txt" 2>&1 & actor=$!; pids+=($actor)
for _ in $(seq 200); do grep -q "connected to" "$work/actor2.txt" && break; sleep 0.05; done
kill -STOP "$third"; sleep 3; kill -CONT "$third"
wait "$actor" || fail "the actor failed"
kill -INT "$third"; wait "$third" || true
grep -q "no frame from the learner for 1000 ms" "$work/actor2.txt" || fail "the actor did not notice the stopped learner"
line=$(grep -o "produced [0-9]* .*dropped [0-9]*" "$work/actor2.txt")
read -r produced durable pending dropped <<< "$(echo "$line" | sed -E 's/produced ([0-9]+) .*durable ([0-9]+), pending ([0-9]+), dropped ([0-9]+)/\1 \2 \3 \4/')"
[ "$produced" -eq $((durable + pending + dropped)) ] || fail "produced $produced != durable + pending + dropped"
[ "$dropped" -gt 0 ] || fail "no drops counted while the learner was stopped"
echo "sidecar faults: SIGSTOP 3 s: $line"
echo "sidecar faults: passed"
