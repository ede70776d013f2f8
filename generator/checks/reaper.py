"""No checker outlives the build that started it: its processes are killed, its temporary folders removed.

The browser checks are a Node process that starts Chromium (and the Nu checker a JVM), and
puppeteer starts Chromium in a session of its own, out of reach of any
process group the build could kill. So each checker is started with a token
in its environment, which every process below it inherits, and names its
temporary folders with the token: `sweep` kills whatever carries the token
and removes those folders.

The build sweeps when its checks end, however they end (done, an exception,
SIGTERM or Ctrl+C, which cli.py turns into exceptions). A build killed
outright (SIGKILL) runs no code, so a watcher started beside the checkers,
this file run as a script with only the standard library, sweeps as soon as
the build's end of its stdin closes, which the kernel does when the build dies.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

#: The environment variable that marks a checker process, and everything it starts, as the build's.
MARKER = "CLERK_CHECKERS"
#: How long a sweep keeps killing: processes a dying checker was still starting.
SWEEP_SECONDS = 5.0


def marked(token: str) -> list[int]:
    """The processes carrying `token` (Linux's /proc; elsewhere none are found, and only process groups are killed)."""
    needle = f"{MARKER}={token}".encode()
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for name in entries:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/environ", "rb") as environ:
                if needle in environ.read().split(b"\0"):
                    found.append(int(name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def temporary_prefix(kind: str, token: str) -> str:
    """The name a checker's temporary folder starts with, e.g. clerk-pa11y-<token>-."""
    return f"clerk-{kind}-{token}-"


def sweep(token: str) -> None:
    """Kill every process carrying `token`, then remove the temporary folders named with it."""
    deadline = time.monotonic() + SWEEP_SECONDS
    while pids := marked(token):
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    for folder in Path(tempfile.gettempdir()).glob(temporary_prefix("*", token) + "*"):
        shutil.rmtree(folder, ignore_errors=True)


class CheckerProcesses:
    """The checkers of one gate run: started marked, in sessions of their own, and swept when the block ends."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(8)
        self.started: list[subprocess.Popen] = []
        self.watcher: subprocess.Popen | None = None
        self.closed = False
        self.lock = threading.Lock()
        """Held while starting anything, so that nothing is started after the sweep (the checkers run in threads)."""

    def __enter__(self) -> CheckerProcesses:
        return self

    def __exit__(self, *exception: object) -> None:
        with self.lock:
            self.closed = True
        if self.watcher is None:
            return  # nothing was started
        for process in self.started:
            if process.poll() is None:  # not yet waited for, so its pid is still its own
                try:
                    os.killpg(process.pid, signal.SIGKILL)  # where /proc is not to be had, the group at least
                except OSError:
                    pass
        sweep(self.token)
        assert self.watcher.stdin is not None
        self.watcher.stdin.close()
        self.watcher.wait()

    def temporary_folder(self, kind: str) -> tempfile.TemporaryDirectory:
        with self.lock:
            self._watch()
            # A sweep may remove it first, when the build is stopped.
            return tempfile.TemporaryDirectory(prefix=temporary_prefix(kind, self.token), ignore_cleanup_errors=True)

    def popen(self, command: list[str], env: dict[str, str] | None = None, **options) -> subprocess.Popen:
        """Start a checker: marked, and in a session of its own, so that Ctrl+C reaches the build, which ends it."""
        environment = dict(os.environ if env is None else env, **{MARKER: self.token})
        with self.lock:
            self._watch()
            process = subprocess.Popen(command, env=environment, start_new_session=True, **options)
            self.started.append(process)
        return process

    def _watch(self) -> None:
        """Start the watcher before the first folder or process it would sweep (none when every result is cached)."""
        if self.closed:
            raise RuntimeError("the checks were stopped")
        if self.watcher is None:
            # -I: the watcher reads nothing of the project or the environment's Python settings.
            self.watcher = subprocess.Popen(
                [sys.executable, "-I", __file__, self.token], stdin=subprocess.PIPE, start_new_session=True
            )

if __name__ == "__main__":
    sys.stdin.buffer.read()  # until the build closes its end, or dies
    sweep(sys.argv[1])
