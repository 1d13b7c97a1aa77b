"""What every interop check script shares: the PASS/FAIL tally, a `steady twin` process, the
SDK retry rule and a sampled six-motor arm."""
import contextlib
import os
import subprocess
import tempfile
import time

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"  {'PASS' if ok else 'FAIL'}  {name}" + (f"  ({detail})" if detail else ""), flush=True)


class Twin:
    """A `steady twin` process with its link, stopped with SIGINT on exit.

    `physics` is passed as `--physics` when given; without it the twin runs its default
    (MuJoCo physics for every robot here)."""

    def __init__(self, steady, robot, physics=None):
        self.link = os.path.join(tempfile.gettempdir(), f"steady-interop-{robot}-{os.getpid()}")
        arguments = [steady, "twin", "--robot", robot, "--link", self.link]
        if physics is not None:
            arguments += ["--physics", physics]
        self.process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 10
        while not os.path.islink(self.link):
            if self.process.poll() is not None or time.time() > deadline:
                raise SystemExit(f"twin for {robot} did not start: {self.process.stdout.read()}")
            time.sleep(0.02)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.send_signal(2)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        check("twin stops cleanly on SIGINT and removes its link",
              self.process.returncode == 0 and not os.path.lexists(self.link), f"exit {self.process.returncode}")


def transact(call, *args, tries=3):
    """One SDK transaction. A request that got no answer at all (a busy machine can delay a
    twin's bytes past the SDK's timeout) is sent again, as an SDK user would; an answer that
    arrived is never retried, so a wrong answer still fails its check."""
    for _ in range(tries):
        out = call(*args)
        result = out if isinstance(out, int) else (out[1] if len(out) == 3 else out[0])
        if result == 0:  # COMM_SUCCESS in both SDKs
            return out
    return out


TICKS_PER_DEGREE = 4096 / 360   # STS3215 and X-series Dynamixels alike; raw 2047 is 0 rad


def ticks(degrees_):
    return 2047 + round(degrees_ * TICKS_PER_DEGREE)


def degrees(ticks_):
    return (ticks_ - 2047) / TICKS_PER_DEGREE


class SampledArm:
    """A twin's six motors through a vendor SDK. A subclass sets TORQUE_ENABLE and GOAL_POSITION
    (register addresses), GOAL_SIZE (bytes) and IDS, and gives `write_all(address, size, values)`
    (one sync write, True when sent) and `read()` ([(position ticks, speed, load or current)] per
    motor from one sync read, None when it failed)."""

    def record(self, seconds, start, period=0.002, until=None):
        """[(seconds since start, states)] sampled every `period` until `seconds` after `start`,
        or sooner once `until(sample)` is true. A sample's time is taken when its reply is in,
        so a busy machine makes it late, never early."""
        samples = []
        while time.monotonic() < start + seconds:
            states = self.read()
            if states is not None:
                samples.append((time.monotonic() - start, states))
                if until is not None and until(samples[-1]):
                    break
            time.sleep(period)
        return samples

    def hold(self, pose_degrees, seconds):
        """Sends every joint to `pose_degrees` with torque on; samples while it gets there."""
        self.write_all(self.GOAL_POSITION, self.GOAL_SIZE, [ticks(d) for d in pose_degrees])
        start = time.monotonic()
        self.write_all(self.TORQUE_ENABLE, 1, [1] * len(self.IDS))
        return self.record(seconds, start)

    def release(self, seconds):
        """Torque off on every motor; samples for `seconds`."""
        start = time.monotonic()
        self.write_all(self.TORQUE_ENABLE, 1, [0] * len(self.IDS))
        return self.record(seconds, start)


class SettleWatch:
    """An `until` for `record`: true once motor `index` has stayed within `tolerance_degrees` of
    `goal_degrees` for `hold_seconds` (by the samples' times); `settled_at` is when it got there.

    The twins step their physics on the wall clock, which a loaded machine slows: a check waits
    for this condition before a generous deadline, and the settle time itself is asserted in
    simulated time by the Swift tests (MuJoCoPlantTests, ModelTwinTests)."""

    def __init__(self, index, goal_degrees, tolerance_degrees, hold_seconds=0.5):
        self.index, self.goal, self.tolerance, self.hold = index, goal_degrees, tolerance_degrees, hold_seconds
        self.since = None
        self.settled_at = None

    def __call__(self, sample):
        t, states = sample
        if abs(degrees(states[self.index][0]) - self.goal) > self.tolerance:
            self.since = None
        elif self.since is None:
            self.since = t
        if self.since is not None and t - self.since >= self.hold:
            self.settled_at = self.since
        return self.settled_at is not None


@contextlib.contextmanager
def physics_arm(steady, robot, port_handler, arm_class, gains, home_tolerance_degrees):
    """A default-physics twin's arm through an SDK at 1 Mbaud: robot.yaml's gains written (the
    arm's `configure()`, described by `gains`), then the homing pose held for 1.5 s and checked."""
    with Twin(steady, robot) as twin:
        port = port_handler(twin.link)
        opened = port.openPort() and port.setBaudRate(1_000_000)
        arm = arm_class(port)
        check(f"write robot.yaml's gains ({gains}) with sync writes", opened and arm.configure())
        held = arm.hold([0] * len(arm.IDS), 1.5)[-1][1]
        check(f"torque on: the arm holds the homing pose within {home_tolerance_degrees}°",
              all(abs(degrees(position)) < home_tolerance_degrees for position, _, _ in held),
              str([p for p, _, _ in held]))
        yield arm
        port.closePort()
