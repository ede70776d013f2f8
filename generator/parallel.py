"""Work shared out across the machine's cores by forking, for the HTML stages of a large build.

A forked worker starts with everything the build holds (the linked site,
compiled templates), so only the numbers of the items to do go to it and
only small results come back. Forking is used only where it is safe: a
POSIX system, and a process with no other thread (a thread holding a lock
at the fork would leave it held for ever in the child), which is why a
progress bar is started only after the workers are.

PDFs and the other formats run on the build's executor instead
(executors.py: by default spawned processes): WeasyPrint loads native
libraries that are not to be shared across a fork.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

R = TypeVar("R")
T = TypeVar("T")

#: Below this many items, starting workers costs more than it saves.
MINIMUM_ITEMS = 400
#: Items a worker takes at a time: small enough to keep both cores busy to the end.
CHUNK = 100

#: prctl's option to be sent a signal when the parent process ends (linux/prctl.h).
PR_SET_PDEATHSIG = 1

_job: Callable[[range], Any] | None = None


def can_fork(items: int, processes: int, minimum: int | None = None) -> bool:
    return (
        processes > 1
        and items >= (MINIMUM_ITEMS if minimum is None else minimum)
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


@contextmanager
def forked(job: Callable[[range], R], items: int, processes: int, chunk: int | None = None) -> Iterator[Iterator[R]]:
    """Workers that run `job` over ranges of item numbers; yields their results, in order."""
    global _job
    _job = job
    chunk = chunk or CHUNK
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            parts = [range(start, min(start + chunk, items)) for start in range(0, items, chunk)]
            yield pool.imap(_run, parts)
    finally:
        _job = None


def die_with_parent(parent: int) -> None:
    """Run in each worker as it starts, given the build's pid: when the build is killed, Linux
    kills its workers too.

    A worker waits on a pipe whose other end it holds itself, so without this a
    killed build leaves its workers waiting for ever.

    SIGTERM is given back its default, ending the worker: the pool stops its workers with it when the
    build is done, and a worker that had kept the CLI's handler (which raises KeyboardInterrupt, so
    that the build's own clean-up runs) could be stopped holding the pool's queue lock, leaving the
    other workers, and the build waiting for them, blocked for ever (seen once at 4,000 papers)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    libc_name = ctypes.util.find_library("c")
    if libc_name is not None:
        ctypes.CDLL(libc_name, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # The build was gone before the request was made. (Compared with its pid, not with 1:
    # in a container the build may itself be process 1.)
    if os.getppid() != parent:
        os._exit(1)


def _run(part: range) -> Any:
    assert _job is not None, "set before the workers were forked"
    return _job(part)
