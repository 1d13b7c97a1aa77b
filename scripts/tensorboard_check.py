"""TensorBoard itself reads Steady's event files: loads a training run's and a deployment run's
tb/ directories with tensorboard's EventAccumulator and checks that every expected scalar is there,
finite, at increasing steps.

usage: tensorboard_check.py TRAIN_TB_DIR RUN_TB_DIR [SIDECAR_TB_DIR]
"""
import math
import sys

from tensorboard.backend.event_processing import event_accumulator

TRAIN_TAGS = ["rollout/ep_rew_mean", "rollout/ep_len_mean", "train/actor_loss", "train/critic_loss",
              "train/ent_coef", "train/ent_coef_loss", "time/fps", "eval/mean_reward", "eval/mean_ep_length",
              "wear/continuity_cost", "explore/sigma"]
RUN_TAGS = ["loop/rate_hz", "loop/lateness_p99_us", "loop/missed_ticks", "loop/failed_ticks", "thermal/peak_celsius",
            "safety/limiter_activity", "wear/continuity_cost", "wear/reversals_per_second", "run/continuity_cost"]

SIDECAR_TAGS = ["rollout/ep_rew_mean", "rollout/ep_len_mean", "train/actor_loss", "train/critic_loss", "train/ent_coef",
                "time/fps", "time/updates_per_second", "sidecar/weights_version", "sidecar/actors_connected"]

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    passed, failed = passed + ok, failed + (not ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)


def inspect(kind, directory, tags):
    accumulator = event_accumulator.EventAccumulator(directory, size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    found = accumulator.Tags()["scalars"]
    print(f"{kind}: {directory}")
    print(f"  {'tag':28} {'points':>6} {'first step':>10} {'last step':>10} {'last value':>12}")
    for tag in sorted(found):
        events = accumulator.Scalars(tag)
        print(f"  {tag:28} {len(events):6d} {events[0].step:10d} {events[-1].step:10d} {events[-1].value:12.5g}")
    for tag in tags:
        events = accumulator.Scalars(tag) if tag in found else []
        steps = [e.step for e in events]
        check(f"{kind} {tag}", bool(events) and all(math.isfinite(e.value) for e in events)
              and steps == sorted(steps), f"{len(events)} points" if events else "missing")


if len(sys.argv) not in (3, 4):
    raise SystemExit(__doc__)
inspect("train", sys.argv[1], TRAIN_TAGS)
inspect("run", sys.argv[2], RUN_TAGS)
if len(sys.argv) == 4:
    inspect("sidecar", sys.argv[3], SIDECAR_TAGS)
print(f"tensorboard check: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
