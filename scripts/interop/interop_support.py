"""What every interop check script shares: the PASS/FAIL tally, a `steady twin` process and
the SDK retry rule."""
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
