"""Ray actors that wrap `steady` processes: the learner (`steady sidecar`) and the simulated
actors (`steady actor`). Ray restarts a wrapper when its process dies (max_restarts); the
wrapper starts the process again.

A wrapper whose `steady` process dies unexpectedly ends its own worker process, so that Ray's
fault tolerance, not a loop of ours, brings it back: Ray counts the restart against
`max_restarts`, runs `__init__` again (on any node the scheduling strategy allows) and retries
pending method calls (`max_task_retries`). The `steady` process is started with
PR_SET_PDEATHSIG, so a worker killed outright takes its process with it.
"""

import ctypes
import os
import signal
import socket
import subprocess
import threading

import ray

PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """Runs in the child before exec: SIGKILL it when the Ray worker that started it dies."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@ray.remote
class Starts:
    """Counts every start of every wrapper by name: a restart is a start after the first."""

    def __init__(self):
        self.starts = {}

    def started(self, name, node):
        """Records a start of `name` on `node`; returns how many starts `name` has had."""
        self.starts.setdefault(name, []).append(node)
        return len(self.starts[name])

    def all(self):
        """Name → the nodes of its starts, in order."""
        return self.starts


@ray.remote
class SteadyProcess:
    """One `steady` subprocess on the node Ray placed this actor on.

    `argv` is the command line; the literal `{incarnation}` in it is replaced by the start
    count (1 for the first start, 2 after one restart, ...), so that a restarted actor joins
    the learner under a new name and seed. Output goes to `log_dir/NAME.N.log` on that node.
    """

    def __init__(self, name, argv, log_dir, cwd, starts):
        self.name = name
        self.node = socket.gethostname() + "/" + ray.util.get_node_ip_address()
        self.incarnation = ray.get(starts.started.remote(name, self.node))
        self.argv = [a.replace("{incarnation}", str(self.incarnation)) for a in argv]
        os.makedirs(log_dir, exist_ok=True)
        self.log_path = os.path.join(log_dir, f"{name}.{self.incarnation}.log")
        self.log = open(self.log_path, "ab", buffering=0)
        self.stopping = False
        self.proc = subprocess.Popen(self.argv, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=cwd, preexec_fn=_die_with_parent)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self):
        code = self.proc.wait()
        if not self.stopping and code != 0:
            # The steady process died: end this worker so that Ray restarts the actor.
            self.log.write(f"[ray] {self.name}: steady exited with {code}; ending the worker for Ray to restart\n".encode())
            os._exit(1)

    def info(self):
        """Where and what runs now: name, node, incarnation, pid, return code (None while running)."""
        return {"name": self.name, "node": self.node, "incarnation": self.incarnation, "pid": self.proc.pid,
                "returncode": self.proc.poll(), "log": self.log_path}

    def kill_process(self):
        """SIGKILLs the steady process (a crash, for the kill test); returns its pid."""
        os.kill(self.proc.pid, signal.SIGKILL)
        return self.proc.pid

    def stop(self, timeout_seconds=30.0, lines=40):
        """SIGINT (steady's clean stop: a summary, a final checkpoint), SIGKILL after the timeout.

        Returns the info and the last `lines` lines of the process's output.
        """
        self.stopping = True
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout_seconds)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return dict(self.info(), tail=self.tail(lines))

    def wait(self, timeout_seconds):
        """Waits up to `timeout_seconds` for the process to end by itself; returns its code or None."""
        try:
            return self.proc.wait(timeout=timeout_seconds)
        except subprocess.TimeoutExpired:
            return None

    def tail(self, lines=40):
        """The last `lines` lines of this incarnation's output."""
        with open(self.log_path, "rb") as f:
            f.seek(max(0, os.path.getsize(self.log_path) - 400 * lines))
            return f.read().decode(errors="replace").splitlines()[-lines:]
