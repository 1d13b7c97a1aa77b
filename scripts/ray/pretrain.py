#!/usr/bin/env python3
"""Pretrain on Ray: one learner (`steady sidecar` on TCP) and N simulated actors (`steady actor`)
as Ray actors that Ray restarts when they die, spread across the cluster's nodes.

    scripts/ray/setup.sh          # .venv-ray with Ray from PyPI (pinned)
    .venv-ray/bin/python scripts/ray/pretrain.py --actors 4 --env so101:reach --randomize default

Without --address it starts a local Ray instance (ray.init()); with --address HOST:PORT it
joins a running cluster (`ray start --head --port PORT` on 127.0.0.1 or a real one). The
learner runs on the driver's node (its run directory is the result, --out); the actors go
anywhere (SPREAD). Every node must run the same `steady` binary at --steady (see README,
"Many actors, one learner (Ray)"). When the learner has stored --steps transitions it stops;
the actors are stopped, `steady eval` writes OUT/eval.json, and a summary is printed.
"""

import argparse
import json
import os
import shlex
import socket
import subprocess
import sys
import time

import ray
from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import steady_process  # noqa: E402
from run_summary import actor_lines, atomic_write_text, learner_totals, summary_text  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def parse_arguments(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--actors", type=int, required=True, help="simulated actors (1-1024)")
    p.add_argument("--env", required=True, help="environment, e.g. so101:reach")
    p.add_argument("--randomize", default="none", help="actors' domain randomization: none, default or a YAML file")
    p.add_argument("--steps", type=int, default=100_000, help="transitions the learner stores before it stops")
    p.add_argument("--address", help="a running cluster's HOST:PORT (default: start a local Ray instance)")
    p.add_argument("--out", help="the learner's run directory (default runs/ray-ENV-TIME); must not hold a run")
    p.add_argument("--steady", default=os.path.join(REPO, ".build", "release", "steady"),
                   help="the steady binary, at this path on every node")
    p.add_argument("--algo", default="sac", help="sac, td3 or ddpg (learner and actors)")
    p.add_argument("--net", default="256,256", help="hidden widths (learner and actors)")
    p.add_argument("--explore", help="exploration kind (learner and actors; default: the algorithm's)")
    p.add_argument("--envs", type=int, default=1, help="environments per actor (steady actor --envs)")
    p.add_argument("--seed", type=int, default=1, help="seed of the learner; actor i seeds with the digits of SEED + 1000 (i + 1) followed by its start count")
    p.add_argument("--learner-args", default="", help="more `steady sidecar` options, one shell-quoted string")
    p.add_argument("--actor-args", default="", help="more `steady actor` options, one shell-quoted string")
    p.add_argument("--actor-logs", help="directory of the actors' output on each node (default /tmp/steady-ray-logs/JOB_ID)")
    p.add_argument("--max-restarts", type=int, default=10, help="Ray restarts per actor (max_restarts)")
    p.add_argument("--cpus-per-actor", type=float, default=1.0, help="Ray CPUs reserved per simulated actor")
    p.add_argument("--kill-one-after", type=float, metavar="SECONDS",
                   help="SIGKILL one actor's steady process this long after the start (the kill test)")
    p.add_argument("--eval-episodes", type=int, default=20, help="episodes of the final `steady eval` (0: none)")
    p.add_argument("--timeout", type=float, default=3600, help="seconds before the run is abandoned")
    a = p.parse_args(argv)
    if not 1 <= a.actors <= 1024:
        p.error(f"--actors must be 1-1024, not {a.actors}")
    if a.steps < 1:
        p.error(f"--steps must be positive, not {a.steps}")
    if not 1 <= a.envs <= 1024:
        p.error(f"--envs must be 1-1024, not {a.envs}")
    if a.max_restarts < 0 or a.eval_episodes < 0 or a.cpus_per_actor < 0 or a.timeout <= 0:
        p.error("--max-restarts, --eval-episodes and --cpus-per-actor must be at least 0, --timeout positive")
    if a.kill_one_after is not None and a.kill_one_after < 0:
        p.error(f"--kill-one-after must be at least 0 seconds, not {a.kill_one_after}")
    if not os.access(a.steady, os.X_OK):
        p.error(f"--steady: no executable at {a.steady} (build with `swift build -c release`)")
    a.out = os.path.abspath(a.out or os.path.join(REPO, "runs", f"ray-{a.env.replace(':', '-')}-{time.strftime('%Y%m%d-%H%M%S')}"))
    if os.path.exists(os.path.join(a.out, "checkpoints")):
        p.error(f"--out: {a.out} already holds a run (checkpoints/); choose a new directory")
    return a


def free_port(host):
    """A TCP port free on `host` now (the learner's node is the driver's)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def spec_options(a):
    return ["--algo", a.algo, "--net", a.net] + (["--explore", a.explore] if a.explore else [])


def start(a, starts):
    """Starts the learner on this node and the actors anywhere; returns (learner, actors, address)."""
    host = ray.util.get_node_ip_address()
    address = f"{host}:{free_port(host)}"
    here = ray.get_runtime_context().get_node_id()
    learner_argv = [a.steady, "sidecar", "--env", a.env, "--run-dir", a.out, "--listen", address,
                    "--steps", str(a.steps), "--seed", str(a.seed)] + spec_options(a) + shlex.split(a.learner_args)
    learner = steady_process.SteadyProcess.options(
        name=None, max_restarts=a.max_restarts, max_task_retries=-1, num_cpus=1,
        scheduling_strategy=NodeAffinitySchedulingStrategy(node_id=here, soft=False),
    ).remote("learner", learner_argv, a.out, REPO, starts)
    ray.get(learner.info.remote())
    wait_for_listen(a.out, learner)
    actors = []
    for i in range(a.actors):
        seed = f"{a.seed + 1000 * (i + 1)}{{incarnation}}"
        argv = [a.steady, "actor", "--env", a.env, "--randomize", a.randomize, "--sidecar", address,
                "--envs", str(a.envs), "--name", f"ray-{i}.{{incarnation}}", "--seed", seed, "--quiet"] \
            + spec_options(a) + shlex.split(a.actor_args)
        actors.append(steady_process.SteadyProcess.options(
            max_restarts=a.max_restarts, max_task_retries=-1, num_cpus=a.cpus_per_actor, scheduling_strategy="SPREAD",
        ).remote(f"ray-{i}", argv, a.actor_logs, REPO, starts))
    return learner, actors, address


def wait_for_listen(out, learner, seconds=60):
    """Waits for the learner's 'listening on' line (it has bound its TCP port)."""
    deadline = time.time() + seconds
    log = None
    while time.time() < deadline:
        info = ray.get(learner.info.remote())
        log = info["log"]
        if info["returncode"] is not None:
            break
        if os.path.exists(log) and "listening on" in open(log, errors="replace").read():
            return
        time.sleep(0.1)
    tail = open(log, errors="replace").read()[-3000:] if log and os.path.exists(log) else ""
    sys.exit(f"ray pretrain: the learner did not start listening:\n{tail}")


def progress(out):
    """The learner's newest progress.csv row as a dict, or None."""
    try:
        lines = open(os.path.join(out, "progress.csv")).read().splitlines()
    except OSError:
        return None
    if len(lines) < 2:
        return None
    return dict(zip(lines[0].split(","), lines[-1].split(",")))


def run(a):
    starts = steady_process.Starts.remote()
    began = time.time()
    learner, actors, address = start(a, starts)
    nodes = sorted({n["NodeManagerAddress"] for n in ray.nodes() if n["Alive"]})
    print(f"ray pretrain: learner on {address}, {a.actors} actors × {a.envs} × {a.env} (randomize {a.randomize}), "
          f"{a.steps} transitions; cluster of {len(nodes)} node(s); run directory {a.out}; actor output in {a.actor_logs} "
          f"on each node", flush=True)
    killed = None
    last_print = 0.0
    while True:
        try:
            code = ray.get(learner.wait.remote(1.0))
        except ray.exceptions.RayActorError as error:
            sys.exit(f"ray pretrain: the learner died and was not restarted (max_restarts {a.max_restarts}): {error}")
        now = time.time() - began
        if code is not None:
            break
        if now > a.timeout:
            sys.exit(f"ray pretrain: the learner did not reach {a.steps} transitions in {a.timeout:.0f} s")
        if a.kill_one_after is not None and killed is None and now >= a.kill_one_after:
            pid = ray.get(actors[0].kill_process.remote())
            killed = (pid, now)
            print(f"ray pretrain: killed ray-0's steady process (pid {pid}) at {now:.1f} s", flush=True)
        if now - last_print >= 10:
            last_print = now
            row = progress(a.out)
            if row:
                print(f"  {now:6.0f} s  learner steps {row['steps']}  updates {row['updates']}  "
                      f"steps/s {row['steps_per_second']}  actors connected {row['actors_connected']}", flush=True)
    wall = time.time() - began
    learner_info = ray.get(learner.stop.remote(lines=40 + 2 * a.actors * (a.max_restarts + 1)))
    actor_infos = ray.get([actor.stop.remote() for actor in actors])
    restarts = {name: len(nodes_) - 1 for name, nodes_ in ray.get(starts.all.remote()).items()}
    evaluation = evaluate(a) if code == 0 else None
    totals = learner_totals(learner_info["tail"])
    print(summary_text(a, wall, code, totals, actor_lines(learner_info["tail"]), actor_infos, restarts, killed,
                       evaluation, nodes), flush=True)
    for actor in actors + [learner]:
        ray.kill(actor, no_restart=True)
    ray.kill(starts)
    ok = code == 0 and totals.get("transitions", 0) >= a.steps
    return 0 if ok else 1


def evaluate(a):
    """`steady eval` on the learner's policy, written to OUT/eval.json as `steady train` does."""
    if a.eval_episodes == 0:
        return None
    result = subprocess.run([a.steady, "eval", "--policy", a.out, "--episodes", str(a.eval_episodes), "--json"],
                            cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        print(f"ray pretrain: steady eval failed: {result.stderr.strip()[-500:]}", flush=True)
        return None
    evaluation = json.loads(result.stdout)
    atomic_write_text(os.path.join(a.out, "eval.json"), json.dumps(evaluation, indent=2) + "\n")
    return evaluation


def main():
    a = parse_arguments()
    os.makedirs(a.out, exist_ok=True)
    if a.address:
        ray.init(address=a.address, log_to_driver=False)
    else:
        # Logical CPUs: enough for the learner and every actor on one machine, even a small one.
        ray.init(num_cpus=max(os.cpu_count() or 1, int(a.actors * a.cpus_per_actor) + 1), log_to_driver=False,
                 include_dashboard=False)
    ray.cloudpickle.register_pickle_by_value(steady_process)
    a.actor_logs = a.actor_logs or os.path.join("/tmp", "steady-ray-logs", ray.get_runtime_context().get_job_id())
    try:
        sys.exit(run(a))
    finally:
        ray.shutdown()


if __name__ == "__main__":
    main()
