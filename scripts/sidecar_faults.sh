#!/usr/bin/env bash
# Faults of the learner process, seen by a `steady actor`:
#  1. kill -9 of the sidecar mid-run, restarted on the same run directory: the actor reconnects,
#     resends what was not saved, and every transition is stored exactly once.
#  2. SIGSTOP of the sidecar for 3 s: the actor notices within 1 s, keeps stepping (drop mode),
#     counts its drops, and produced = durable + pending + dropped.
#  3. `steady run --learn` on a physics twin, fed to a running sidecar: kill -9 and a restart
#     (it reconnects to the resumed learner), then SIGSTOP for 10 s (a small store: drops are
#     counted). The loop keeps its rate: no missed ticks beyond a busy machine's few, memory
#     flat, and produced = acknowledged + pending + dropped with no duplicate at the learner.
#  4. The sidecar stopped on purpose (SIGINT: it says BYE): an actor without --steps stops too,
#     with exit status 0 and its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
steady=.build/release/steady
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { for f in "$work"/*.txt; do echo "== $f"; tail -n 25 "$f"; done; echo "sidecar faults: FAILED: $*"; exit 1; }
wait_socket() { for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done; fail "no socket $1"; }
steps_stored() { tail -n 1 "$1/progress.csv" 2>/dev/null | cut -d, -f1; }
learner=(sidecar --env pendulum --algo sac --net 32,32 --learning-starts 200 --checkpoint-every 1 --no-tensorboard)

# 1. kill -9 and restart
"$steady" "${learner[@]}" --run-dir "$work/a" > "$work/sidecar1.txt" 2>&1 & first=$!; pids+=($first)
wait_socket "$work/a/sidecar.sock"
"$steady" actor --env pendulum --net 32,32 --sidecar "$work/a/sidecar.sock" --steps 8000 --quiet > "$work/actor1.txt" 2>&1 &
actor=$!; pids+=($actor)
for _ in $(seq 600); do [ "$(steps_stored "$work/a")" -ge 1500 ] 2>/dev/null && break; sleep 0.05; done
[ -e "$work/a/checkpoints/latest" ] || sleep 1.2
kill -9 "$first"; wait "$first" 2>/dev/null || true
"$steady" "${learner[@]}" --run-dir "$work/a" > "$work/sidecar2.txt" 2>&1 & second=$!; pids+=($second)
for _ in $(seq 200); do grep -q "listening" "$work/sidecar2.txt" 2>/dev/null && break; sleep 0.05; done
wait "$actor" || fail "the actor failed"
kill -INT "$second"; wait "$second" || true
grep -q "resumed from" "$work/sidecar2.txt" || fail "the restarted sidecar did not resume"
grep -q "produced 8000 (8000 stepped), durable 8000, pending 0, dropped 0" "$work/actor1.txt" || fail "actor counters"
grep -Eq "connections 2," "$work/actor1.txt" || fail "the actor did not reconnect once"
grep -Eq "actor actor-[0-9]+: 8000 transitions stored, .* duplicates 0" "$work/sidecar2.txt" || fail "learner counters"
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
# 3. steady run --learn against a twin
reach=(sidecar --env so101:reach --algo td3 --explore ou --net 16,16 --learning-starts 100 --publish-every 10 \
  --checkpoint-every 1 --no-tensorboard)
"$steady" twin --robot so101 --link "$work/so101" > "$work/twin.txt" 2>&1 & twin=$!; pids+=($twin)
"$steady" "${reach[@]}" --run-dir "$work/c" > "$work/sidecar4.txt" 2>&1 & fourth=$!; pids+=($fourth)
wait_socket "$work/c/sidecar.sock"
for _ in $(seq 400); do grep -q "Ctrl-C to stop" "$work/twin.txt" && break; sleep 0.05; done
"$steady" run --robot so101 --port "$work/so101" --learn td3 --explore ou --net 16,16 --sidecar "$work/c/sidecar.sock" \
  --store 150 --rate 100 --duration 32 --soft-start 0.3 --max-failed-ticks 25 --max-failed-share 0.5 --no-realtime --quiet --no-log > "$work/run.txt" 2>&1 & run=$!; pids+=($run)
for _ in $(seq 600); do [ "$(steps_stored "$work/c")" -ge 150 ] 2>/dev/null && break; sleep 0.05; done
[ "$(steps_stored "$work/c")" -ge 150 ] 2>/dev/null || fail "the learner got no transitions from steady run --learn"
sleep 1.2   # a checkpoint to resume from
kill -9 "$fourth"; wait "$fourth" 2>/dev/null || true
"$steady" "${reach[@]}" --run-dir "$work/c" > "$work/sidecar5.txt" 2>&1 & fifth=$!; pids+=($fifth)
for _ in $(seq 100); do [ "$(grep -c "connected to" "$work/run.txt")" -ge 2 ] && break; sleep 0.05; done
[ "$(grep -c "connected to" "$work/run.txt")" -ge 2 ] || fail "steady run did not reconnect within 5 s of the restart"
rss() { awk '/VmRSS/ {print $2}' "/proc/$run/status"; }
before=$(rss)
kill -STOP "$fifth"; sleep 10; after=$(rss); kill -CONT "$fifth"
wait "$run" || fail "steady run --learn failed"
kill -INT "$fifth"; wait "$fifth" || true
grep -q "resumed from" "$work/sidecar5.txt" || fail "the restarted sidecar did not resume"
grep -q "no frame from the learner for 1000 ms" "$work/run.txt" || fail "steady run did not notice the stopped learner"
grep -q "they add up" "$work/run.txt" || fail "the run's counters do not add up"
line=$(grep -o "transitions produced.*duplicated [0-9?]*" "$work/run.txt")
dropped=$(echo "$line" | sed -E 's/.*dropped ([0-9]+).*/\1/')
[ "$dropped" -gt 0 ] || fail "no drops counted while the learner was stopped (store 150)"
# Exactly once: the learner stored each acknowledged transition once (resent batches it had
# already applied are discarded, and counted as duplicates there).
acknowledged=$(echo "$line" | sed -E 's/.*acknowledged ([0-9]+).*/\1/')
grep -Eq "actor run-so101-[0-9]+: $acknowledged transitions stored" "$work/sidecar5.txt" || fail "the learner did not store the $acknowledged acknowledged transitions exactly once"
missed=$(grep -o "missed [0-9]*" "$work/run.txt" | head -1 | cut -d' ' -f2)
ticks=$(grep -o "^loop: [0-9]*" "$work/run.txt" | cut -d' ' -f2)
# Without real-time scheduling, beside a learner training on the same 2 cores, a few ticks slip:
# the bound is 5 %; the 1 kHz figures come from `steady bench learn-loop` on a quiet machine.
[ "$missed" -le $((ticks / 20)) ] || fail "the loop missed $missed of $ticks ticks"
[ $((after - before)) -lt 20000 ] || fail "memory grew by $((after - before)) kB while the learner was stopped"
echo "sidecar faults: steady run --learn: $line; missed ticks $missed; RSS ${before} → ${after} kB over the 10 s stop"

# 4. the learner stops on purpose: an actor without --steps stops with it
"$steady" "${learner[@]}" --run-dir "$work/d" > "$work/sidecar6.txt" 2>&1 & sixth=$!; pids+=($sixth)
wait_socket "$work/d/sidecar.sock"
"$steady" actor --env pendulum --net 32,32 --sidecar "$work/d/sidecar.sock" --quiet > "$work/actor3.txt" 2>&1 & actor=$!; pids+=($actor)
for _ in $(seq 200); do grep -q "connected to" "$work/actor3.txt" && break; sleep 0.05; done
kill -INT "$sixth"; wait "$sixth" || true
for _ in $(seq 200); do kill -0 "$actor" 2>/dev/null || break; sleep 0.05; done
kill -0 "$actor" 2>/dev/null && fail "the actor kept running 10 s after the learner said BYE"
wait "$actor" || fail "the actor ended with a non-zero status after the learner's BYE"
grep -q "stopping, the learner stopped" "$work/actor3.txt" || fail "the actor did not say why it stopped"
echo "sidecar faults: learner BYE: $(grep -o 'stopping, the learner stopped.*' "$work/actor3.txt")"
echo "sidecar faults: passed"
