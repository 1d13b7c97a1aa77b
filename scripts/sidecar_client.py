"""A sidecar protocol client from docs/sidecar-protocol.md alone: handshakes with a `steady sidecar`,
sends transitions, receives weights and runs the actor MLP with NumPy (a plain, non-gSDE SAC actor
with ReLU hidden layers, or a TD3/DDPG one without LayerNorm).

usage: sidecar_client.py SOCKET ENV OBS_SIZE ACTION_SIZE ALGO WIDTHS [TRANSITIONS]
"""
import hashlib, os, socket, struct, sys
import numpy as np
from safetensors.numpy import load

HELLO, WELCOME, REJECT, TRANSITIONS, ACK, WEIGHTS, EXPLORATION, HEARTBEAT, EPISODE, ERROR, BYE = range(1, 12)


def s(text):
    data = text.encode()
    return struct.pack("<H", len(data)) + data


def frame(kind, payload):
    return struct.pack("<IBBH", 4 + len(payload), 1, kind, 0) + payload


def read_frame(sock):
    def exact(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise SystemExit("sidecar client: the learner closed the connection")
            data += chunk
        return data
    length, version, kind, reserved = struct.unpack("<IBBH", exact(8))
    assert version == 1 and reserved == 0 and 4 <= length <= 64 << 20, "bad header"
    return kind, exact(length - 4)


def read_str(payload, offset):
    (n,) = struct.unpack_from("<H", payload, offset)
    return payload[offset + 2:offset + 2 + n].decode(), offset + 2 + n


def act(tensors, observation, algo, action_size):
    layers = sorted({int(name.split(".")[1]) for name in tensors if name.endswith(".weight")})
    x = observation.astype(np.float32)
    for i, index in enumerate(layers):
        x = tensors[f"actor.{index}.weight"] @ x + tensors[f"actor.{index}.bias"]
        if i < len(layers) - 1:
            x = np.maximum(x, 0)
    return np.tanh(x[:action_size])   # SAC: tanh(mu) of [mu | log_std]; TD3/DDPG: the tanh'ed output


def main():
    if len(sys.argv) < 7:
        raise SystemExit(__doc__)
    path, env, o, a, algo, widths = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
    total = int(sys.argv[7]) if len(sys.argv) > 7 else 512
    kind = "squashed_gaussian" if algo == "sac" else "deterministic"
    spec = "".join(f"{k}={v}\n" for k, v in sorted({
        "action_size": a, "actor": f"{kind}:{widths}:relu", "algorithm": algo, "environment": env,
        "observation_size": o, "protocol": 1}.items()))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(10)
    sock.connect(path)
    sock.sendall(frame(HELLO, b"STEADYSC" + hashlib.sha256(spec.encode()).digest() + s(spec) + os.urandom(16)
                       + s("python") + struct.pack("<Q", 0)))
    kind_, payload = read_frame(sock)
    if kind_ == REJECT:
        field, off = read_str(payload, 0)
        raise SystemExit(f"sidecar client: rejected on field {field}: {payload}")
    assert kind_ == WELCOME, f"expected WELCOME, got {kind_}"
    durable, applied, version, heartbeat, timeout, max_batch, window = struct.unpack_from("<QQQIIII", payload)
    print(f"welcome: applied {applied} durable {durable} weights v{version} max_batch {max_batch} window {window}")
    rng = np.random.default_rng(1)
    seq, sent, acked, weights = applied, 0, applied, None
    while sent < total or weights is None:
        while seq - acked < window and sent < total:
            n = min(32, max_batch, total - sent)
            obs = rng.uniform(-1, 1, (n, o)).astype("<f4")
            body = (obs.tobytes() + rng.uniform(-1, 1, (n, a)).astype("<f4").tobytes()
                    + (-np.square(obs).sum(1)).astype("<f4").tobytes() + obs[::-1].tobytes() + bytes(n))
            seq += 1
            sock.sendall(frame(TRANSITIONS, struct.pack("<QIIIQ", seq, n, o, a, 0) + body))
            sent += n
        kind_, payload = read_frame(sock)
        if kind_ == ACK:
            acked, durable = struct.unpack("<QQ", payload)
        elif kind_ == WEIGHTS:
            (version,) = struct.unpack_from("<Q", payload)
            (n,) = struct.unpack_from("<I", payload, 8)
            weights = load(bytes(payload[12:12 + n]))
        elif kind_ == HEARTBEAT:
            sock.sendall(frame(HEARTBEAT, struct.pack("<QQ", 0, struct.unpack("<QQ", payload)[0])))
        elif kind_ in (ERROR, BYE):
            raise SystemExit(f"sidecar client: learner said {read_str(payload, 0)[0]}")
    action = act(weights, np.zeros(o, np.float32), algo, a)
    assert action.shape == (a,) and np.all(np.isfinite(action)) and np.all(np.abs(action) <= 1)
    sock.sendall(frame(EPISODE, struct.pack("<QQH", 1, version, 1) + s("return") + struct.pack("<d", -1.0)))
    sock.sendall(frame(BYE, s("done")))
    print(f"sent {sent} transitions in {seq - applied} batches, acknowledged {acked}; weights v{version} "
          f"({len(weights)} tensors); action at 0: {np.round(action, 4).tolist()}")


main()
