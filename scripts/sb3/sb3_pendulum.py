#!/usr/bin/env python3
"""Stable-Baselines3 reference measurements on gymnasium Pendulum-v1.

Run with the interpreter of .venv-sb3 (see scripts/sb3/setup.sh).

Modes (each prints one JSON object per line to stdout, and appends it to --out
when given; progress goes to stderr):

  train    SB3 SAC / TD3 / DDPG, the Steady issue's settings: 20,000 steps,
           net_arch [256,256] (actor and critics), batch 256, lr 1e-3,
           learning_starts 1000, train_freq 1, gradient_steps 1, buffer 1e6,
           other hyper-parameters SB3 defaults (gamma 0.99, tau 0.005; SAC
           ent_coef auto; TD3 policy_delay 2, target noise 0.2/0.5);
           TD3/DDPG explore with NormalActionNoise sigma 0.1.
           Times model.learn, then evaluate_policy(deterministic=True) over
           10 episodes on a separate Pendulum-v1 seeded seed+10000.
           -> {"mode":"train","algo","seed","steps","wall_seconds",
               "mean_return","std_return","episodes",...}

  updates  Gradient updates per second: fill the buffer with learning_starts
           (1000) environment steps (no training), then time
           model.train(gradient_steps=N, batch_size=256) in one call
           ("batched": SB3's per-call overhead amortised) and N calls of
           model.train(gradient_steps=1) ("per_call": what learn() does with
           train_freq 1). Default net [64,64].
           -> {"mode":"updates","algo","net","updates_per_second",
               "updates_per_second_per_call",...}

  infer    Single-observation actor latency of a SAC [256,256] policy:
           (a) raw actor module call model.actor(obs_tensor, deterministic=True)
               under torch.no_grad() with a ready (1,3) float32 tensor;
           (b) model.predict(obs_numpy, deterministic=True).
           --calls timed calls (default 10,000) after 1,000 warm-up calls.
           -> {"mode":"infer","what","p50_us","p99_us","mean_us",...}

torch.set_num_threads(--threads, default 2) everywhere; device cpu.
"""
import argparse
import json
import os
import platform
import sys
import time

import numpy as np


def log(msg):
    print(f"[sb3 {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def emit(record, out):
    line = json.dumps(record, sort_keys=False)
    print(line, flush=True)
    if out:
        with open(out, "a") as f:
            f.write(line + "\n")


def versions():
    import gymnasium
    import stable_baselines3
    import torch

    return {
        "sb3": stable_baselines3.__version__,
        "gymnasium": gymnasium.__version__,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "torch_threads": torch.get_num_threads(),
    }


def make_model(algo, env, seed, net, batch, lr, learning_starts, sigma):
    from stable_baselines3 import DDPG, SAC, TD3
    from stable_baselines3.common.noise import NormalActionNoise

    common = dict(
        learning_rate=lr,
        buffer_size=1_000_000,
        learning_starts=learning_starts,
        batch_size=batch,
        train_freq=1,
        gradient_steps=1,
        policy_kwargs=dict(net_arch=list(net)),
        seed=seed,
        device="cpu",
        verbose=0,
    )
    if algo == "sac":
        return SAC("MlpPolicy", env, **common)
    n = env.action_space.shape[-1]
    noise = NormalActionNoise(mean=np.zeros(n), sigma=sigma * np.ones(n))
    cls = {"td3": TD3, "ddpg": DDPG}[algo]
    return cls("MlpPolicy", env, action_noise=noise, **common)


def progress_callback(every, total, label):
    from stable_baselines3.common.callbacks import BaseCallback

    class Progress(BaseCallback):
        def _on_training_start(self):
            self.t0 = time.perf_counter()

        def _on_step(self):
            n = self.num_timesteps
            if every and n % every == 0 and n < total:
                el = time.perf_counter() - self.t0
                log(f"{label}: {n}/{total} steps, {el:.0f} s")
            return True

    return Progress()


def mode_train(a):
    import gymnasium as gym
    from stable_baselines3.common.evaluation import evaluate_policy
    from stable_baselines3.common.monitor import Monitor

    for algo in a.algos:
        for seed in a.seeds:
            label = f"{algo} seed {seed}"
            env = gym.make("Pendulum-v1")
            model = make_model(algo, env, seed, a.net, a.batch, a.lr, a.learning_starts, a.sigma)
            load0 = os.getloadavg()
            log(f"{label}: training {a.steps} steps (net {a.net}, batch {a.batch}, lr {a.lr}, load {load0[0]:.2f})")
            t0 = time.perf_counter()
            cpu0 = time.process_time()
            model.learn(total_timesteps=a.steps, callback=progress_callback(a.progress_every, a.steps, label))
            wall = time.perf_counter() - t0
            cpu = time.process_time() - cpu0
            load1 = os.getloadavg()
            eval_env = Monitor(gym.make("Pendulum-v1"))
            eval_env.reset(seed=seed + 10_000)
            returns, _ = evaluate_policy(
                model, eval_env, n_eval_episodes=a.eval_episodes, deterministic=True, return_episode_rewards=True
            )
            rec = dict(
                mode="train",
                algo=algo,
                seed=seed,
                steps=a.steps,
                net=list(a.net),
                batch=a.batch,
                lr=a.lr,
                learning_starts=a.learning_starts,
                wall_seconds=round(wall, 3),
                cpu_seconds=round(cpu, 3),
                mean_return=float(np.mean(returns)),
                std_return=float(np.std(returns)),
                episodes=len(returns),
                loadavg_start=round(load0[0], 2),
                loadavg_end=round(load1[0], 2),
                **versions(),
            )
            log(f"{label}: wall {wall:.1f} s, eval mean {rec['mean_return']:.1f} ± {rec['std_return']:.1f}")
            emit(rec, a.out)
            env.close()
            eval_env.close()


def mode_updates(a):
    import gymnasium as gym

    for algo in a.algos:
        env = gym.make("Pendulum-v1")
        model = make_model(algo, env, a.seeds[0], a.net, a.batch, a.lr, a.learning_starts, a.sigma)
        # learn() exactly learning_starts steps: the buffer fills, no gradient step is taken
        model.learn(total_timesteps=a.learning_starts)
        assert model.replay_buffer.size() >= a.learning_starts
        log(f"{algo} updates: buffer {model.replay_buffer.size()}, net {a.net}, batch {a.batch}; warm-up")
        model.train(gradient_steps=50, batch_size=a.batch)
        n = a.updates
        load0 = os.getloadavg()
        t0 = time.perf_counter()
        model.train(gradient_steps=n, batch_size=a.batch)
        batched = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _ in range(n):
            model.train(gradient_steps=1, batch_size=a.batch)
        per_call = time.perf_counter() - t0
        rec = dict(
            mode="updates",
            algo=algo,
            net=list(a.net),
            batch=a.batch,
            updates=n,
            updates_per_second=round(n / batched, 1),
            updates_per_second_per_call=round(n / per_call, 1),
            loadavg_start=round(load0[0], 2),
            loadavg_end=round(os.getloadavg()[0], 2),
            **versions(),
        )
        log(f"{algo} updates: {rec['updates_per_second']}/s batched, {rec['updates_per_second_per_call']}/s per call")
        emit(rec, a.out)
        env.close()


def pct(samples_ns):
    us = np.asarray(samples_ns, dtype=np.float64) / 1000.0
    return dict(
        p50_us=round(float(np.percentile(us, 50)), 2),
        p99_us=round(float(np.percentile(us, 99)), 2),
        mean_us=round(float(us.mean()), 2),
        min_us=round(float(us.min()), 2),
    )


def mode_infer(a):
    import gymnasium as gym
    import torch

    env = gym.make("Pendulum-v1")
    model = make_model("sac", env, a.seeds[0], a.net, a.batch, a.lr, a.learning_starts, a.sigma)
    model.policy.set_training_mode(False)
    obs, _ = env.reset(seed=a.seeds[0])
    obs = obs.astype(np.float32)
    obs_t = torch.as_tensor(obs).unsqueeze(0)
    actor = model.actor
    clock = time.perf_counter_ns
    warm, calls = 1000, a.calls
    load0 = os.getloadavg()

    samples = []
    with torch.no_grad():
        for i in range(warm + calls):
            t0 = clock()
            actor(obs_t, deterministic=True)
            t1 = clock()
            if i >= warm:
                samples.append(t1 - t0)
    raw = pct(samples)

    samples = []
    for i in range(warm + calls):
        t0 = clock()
        model.predict(obs, deterministic=True)
        t1 = clock()
        if i >= warm:
            samples.append(t1 - t0)
    pred = pct(samples)

    for what, stats in (("raw_actor", raw), ("predict", pred)):
        rec = dict(
            mode="infer",
            what=what,
            algo="sac",
            net=list(a.net),
            calls=calls,
            **stats,
            loadavg_start=round(load0[0], 2),
            **versions(),
        )
        log(f"infer {what}: p50 {stats['p50_us']} µs, p99 {stats['p99_us']} µs")
        emit(rec, a.out)
    env.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["train", "updates", "infer"])
    p.add_argument("--algos", default="sac ddpg td3", help='space/comma separated, e.g. "sac ddpg td3"')
    p.add_argument("--seeds", default="1 2 3", help='space/comma separated, e.g. "1 2 3"')
    p.add_argument("--steps", type=int, default=20_000)
    p.add_argument("--net", default=None, help="hidden sizes, e.g. 256,256 (train/infer default), 64,64 (updates default)")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--learning-starts", type=int, default=1000)
    p.add_argument("--sigma", type=float, default=0.1, help="NormalActionNoise sigma for TD3/DDPG")
    p.add_argument("--eval-episodes", type=int, default=10)
    p.add_argument("--updates", type=int, default=2000, help="gradient steps timed in updates mode")
    p.add_argument("--calls", type=int, default=10_000, help="timed calls in infer mode")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--progress-every", type=int, default=5000)
    p.add_argument("--out", default=None, help="append JSON lines here too")
    a = p.parse_args()

    split = lambda s: [x for x in s.replace(",", " ").split() if x]
    a.algos = [x.lower() for x in split(a.algos)]
    for x in a.algos:
        if x not in ("sac", "td3", "ddpg"):
            p.error(f"unknown algo {x}")
    a.seeds = [int(x) for x in split(a.seeds)]
    if a.net is None:
        a.net = "64,64" if a.mode == "updates" else "256,256"
    a.net = [int(x) for x in split(a.net)]

    import torch

    torch.set_num_threads(a.threads)
    {"train": mode_train, "updates": mode_updates, "infer": mode_infer}[a.mode](a)


if __name__ == "__main__":
    main()
