#!/usr/bin/env python3
"""Checks a Steady checkpoint against an independent NumPy forward pass.

Loads model.safetensors with Python's `safetensors` package, rebuilds the actor from the
metadata Steady stores in the file's header, runs `steady eval --record` to get Steady's own
observations and actions, recomputes every action with NumPy in float32, and fails unless the
largest difference is at most 1e-5.

Usage: check_checkpoint_numpy.py STEADY_BINARY POLICY_DIR [POLICY_DIR ...]
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

TOLERANCE = 1e-5


def checkpoint_dir(path):
    nested = os.path.join(path, "policy")
    return nested if os.path.exists(os.path.join(nested, "model.safetensors")) else path


def actor_forward(tensors, meta, observations):
    """The deterministic action of the stored actor, as numpy float32."""
    actor = meta["actor"]
    prefix = actor["tensor_prefix"]
    activation = {"relu": lambda x: np.maximum(x, np.float32(0)), "tanh": np.tanh}[actor["activation"]]
    x = observations.astype(np.float32)
    index = 0

    def linear(x, i):
        return x @ tensors[f"{prefix}{i}.weight"].T + tensors[f"{prefix}{i}.bias"]

    for _ in actor["hidden_sizes"]:
        x = linear(x, index)
        index += 1
        if actor["layer_norm"]:
            mean = x.mean(axis=1, keepdims=True)
            var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
            x = (x - mean) / np.sqrt(var + np.float32(1e-5)) * tensors[f"{prefix}{index}.weight"] + tensors[f"{prefix}{index}.bias"]
            index += 1
        x = activation(x)
        index += 1
    out = linear(x, index)
    action_size = meta["action_size"]
    mu = out[:, :action_size]
    if actor["kind"] == "squashed_gaussian" and actor["state_dependent_noise"]:
        mu = np.clip(mu, -2, 2)
    return np.tanh(mu)


def check(steady, path):
    directory = checkpoint_dir(path)
    model = os.path.join(directory, "model.safetensors")
    tensors = load_file(model)
    with safe_open(model, framework="numpy") as handle:
        meta = json.loads(handle.metadata()["steady"])
    with tempfile.TemporaryDirectory() as scratch:
        record = os.path.join(scratch, "actions.csv")
        subprocess.run([steady, "eval", "--policy", directory, "--episodes", "2", "--record", record],
                       check=True, stdout=subprocess.DEVNULL)
        with open(record) as handle:
            rows = list(csv.reader(handle))
    header, values = rows[0], np.array(rows[1:], dtype=np.float64)
    n_obs = sum(1 for name in header if name.startswith("obs"))
    observations = values[:, :n_obs].astype(np.float32)
    steady_actions = values[:, n_obs:]
    numpy_actions = actor_forward(tensors, meta, observations).astype(np.float64)
    difference = float(np.max(np.abs(numpy_actions - steady_actions)))
    ok = difference <= TOLERANCE
    print(f"{'ok  ' if ok else 'FAIL'} {meta['algorithm']:4s} {meta['exploration']['kind']:8s} "
          f"hidden {actor_hidden(meta)} layer_norm {meta['actor']['layer_norm']!s:5s} "
          f"{len(observations)} actions, max |numpy - steady| = {difference:.3g}  ({directory})")
    return ok


def actor_hidden(meta):
    return ",".join(str(h) for h in meta["actor"]["hidden_sizes"])


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    steady = sys.argv[1]
    results = [check(steady, path) for path in sys.argv[2:]]
    print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
