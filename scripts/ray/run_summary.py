"""The end of a Ray pretraining run: what the learner and the actors printed, read back, and
the short summary `pretrain.py` prints. Pure functions of text, so they can be checked alone."""

import os
import re
import tempfile

LEARNER_TOTALS = re.compile(r"^sidecar: (\d+) transitions, (\d+) updates, (\d+) episodes, weights v(\d+)")
LEARNER_ACTOR = re.compile(r"^  actor (\S+): (\d+) transitions stored, .*duplicates (\d+), episodes (\d+)")
ACTOR_SUMMARY = re.compile(r"^actor (\S+): produced (\d+) .*durable (\d+), pending (\d+), dropped (\d+);.*connections (\d+)")


def learner_totals(lines):
    """{transitions, updates, episodes, weights_version} from the learner's final line ({} if none)."""
    for line in reversed(lines):
        m = LEARNER_TOTALS.match(line)
        if m:
            return dict(zip(("transitions", "updates", "episodes", "weights_version"), map(int, m.groups())))
    return {}


def actor_lines(lines):
    """[(name, transitions stored, duplicates, episodes)] from the learner's per-actor lines."""
    found = [LEARNER_ACTOR.match(line) for line in lines]
    return [(m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))) for m in found if m]


def atomic_write_text(path, text):
    """Writes `text` to `path` through a temporary file in the same directory and a rename."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def summary_text(a, wall, code, totals, per_actor, actor_infos, restarts, killed, evaluation, nodes):
    """The summary: totals, restarts, per-actor counts, the evaluation, the run directory."""
    stored = totals.get("transitions", 0)
    out = [f"ray pretrain: learner {'finished' if code == 0 else f'FAILED (exit {code})'} in {wall:.1f} s: "
           f"{stored} transitions stored ({stored / wall:.0f}/s), {totals.get('updates', 0)} updates, "
           f"{totals.get('episodes', 0)} episodes, weights v{totals.get('weights_version', 0)}"]
    total_restarts = sum(restarts.values())
    detail = ", ".join(f"{name} {count}" for name, count in sorted(restarts.items()) if count)
    out.append(f"  restarts: {total_restarts}" + (f" ({detail})" if detail else ""))
    if killed:
        out.append(f"  kill test: ray-0's steady process (pid {killed[0]}) SIGKILLed at {killed[1]:.1f} s")
    out.append(f"  nodes: {', '.join(nodes)}")
    out.append("  learner's count per actor process: " + ", ".join(
        f"{name} {n}" + (f" ({dup} dup)" if dup else "") for name, n, dup, _ in per_actor))
    for info in sorted(actor_infos, key=lambda i: i["name"]):
        summaries = [ACTOR_SUMMARY.match(line) for line in info.get("tail", [])]
        m = next((s for s in reversed(summaries) if s), None)
        said = (f"produced {m.group(2)}, durable {m.group(3)}, dropped {m.group(5)}, connections {m.group(6)}"
                if m else "no summary line")
        out.append(f"  {info['name']} (start {info['incarnation']}, {info['node']}): {said}")
    if evaluation:
        shown = [k for k in ("episodes", "success_rate", "mean_return", "final_error", "continuity_cost") if k in evaluation]
        out.append("  steady eval (eval.json): " + ", ".join(
            f"{k} {evaluation[k]:.3g}" if isinstance(evaluation[k], float) else f"{k} {evaluation[k]}" for k in shown))
    listing = sorted(name + ("/" if os.path.isdir(os.path.join(a.out, name)) else "") for name in os.listdir(a.out)
                     if not name.startswith(".") and not name.endswith(".sock"))
    out.append(f"  run directory {a.out}: {' '.join(listing)}")
    return "\n".join(out)
