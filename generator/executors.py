"""Where a build's costly units (PDFs, the other formats) run: in the build's own process, in a pool of
local processes (the default), or on a Dask cluster; chosen in site.yaml (`build: executor:`) or with
`clerk build --executor`.

A unit carries everything it is made from and gives back bytes and facts, so the
result is the same, and cached the same, wherever it was made; a worker reads
none of the site's files. Whatever a unit raises comes back as a `UnitFailed`
the writer reports at the document's source, as a located error, the same on
every executor. A worker lost mid-unit (killed, out of memory) is not the
unit's fault the first time: the local pool tries the units it lost again in a
fresh pool, then each one still lost alone in a process of its own, so that
only the unit that kills its worker is blamed; Dask's scheduler retries a lost
unit on another worker by itself (`distributed.scheduler.allowed-failures`) and
then gives up with KilledWorker. Either way the build fails with a Diagnostic
naming the document, never a traceback, and publishes nothing.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import BrokenExecutor, CancelledError, Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from generator.parallel import die_with_parent

T = TypeVar("T")
R = TypeVar("R")

ExecutorKind = Literal["local", "in-process", "dask"]
EXECUTOR_KINDS: tuple[ExecutorKind, ...] = ("local", "in-process", "dask")
LOCAL_LOST = "the worker process making it was lost (killed, or out of memory) {attempts} times"
DASK_LOST = "the Dask workers making it were lost (killed, or out of memory) each time the scheduler tried it"
DASK_HINT = "install Clerk with its Dask extra (`pip install 'clerk[dask]'`), or build with `--executor local`"


@dataclass(frozen=True)
class ExecutorChoice:
    kind: ExecutorKind = "local"
    dask_address: str | None = None
    """A running Dask scheduler (tcp://host:8786); None starts a LocalCluster on this machine."""


@dataclass(frozen=True)
class UnitFailed:
    """A unit that gave no result: what it raised, or that the worker running it was lost every time it was tried."""

    reason: str
    lost: bool = False


class ExecutorUnavailable(Exception):
    """The executor asked for cannot be had (Dask not installed, its scheduler not reachable); the message says why."""


@dataclass
class _Tried(Generic[R]):
    result: R | UnitFailed | None = None
    attempts: int = 0


def attempt(function: Callable[[T], R], item: T) -> R | UnitFailed:
    """Run in the worker: whatever the unit raises comes back as a value, the same from every executor
    (an exception of a library need not even be picklable)."""
    try:
        return function(item)
    except Exception as error:  # noqa: BLE001 - reported at the document by the writer
        return UnitFailed(f"{type(error).__name__}: {error}")


class Units:
    """A build's executor: opened once (a Dask client is not started twice), closed at the build's end."""

    def __init__(self, choice: ExecutorChoice = ExecutorChoice(), processes: int = 1):
        self.choice = choice
        self.processes = processes
        self._stack = ExitStack()
        self._dask: Any = None
        """The Dask client, once started."""

    def __enter__(self) -> Units:
        if self.choice.kind == "dask" and importlib.util.find_spec("distributed") is None:
            raise ExecutorUnavailable("the build was asked to run on Dask, which is not installed")
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def run(self, function: Callable[[T], R], items: list[T], what: str) -> list[R | UnitFailed]:
        """`function` of each item, in order, with a progress bar saying `what`; a failed item gives a UnitFailed."""
        from generator.progress import progress

        with progress(what, len(items)) as advance:
            if not items:
                return []
            if self.choice.kind == "dask":
                return self._retried(function, items, advance, shared_rounds=1, alone=None, lost=DASK_LOST)
            if self.choice.kind == "in-process" or self.processes <= 1 or len(items) <= 1:
                results = []
                for item in items:
                    results.append(attempt(function, item))
                    advance()
                return results
            return self._retried(function, items, advance, shared_rounds=2, alone=_alone_in_a_process, lost=LOCAL_LOST)

    def _on_dask(self) -> AbstractContextManager[Executor]:
        # Started at the first unit: a build whose PDFs all come from the cache starts no cluster.
        if self._dask is None:
            self._dask = self._stack.enter_context(dask_client(self.choice.dask_address, self.processes))
        return _dask_round(self._dask)

    def _shared(self, waiting: int) -> AbstractContextManager[Executor]:
        return self._on_dask() if self.choice.kind == "dask" else local_pool(min(self.processes, waiting))

    def _retried(
        self,
        function: Callable[[T], R],
        items: list[T],
        advance: Callable[[], None],
        shared_rounds: int,
        alone: Callable[[], AbstractContextManager[Executor]] | None,
        lost: str,
    ) -> list[R | UnitFailed]:
        """Every unit tried on the shared executor; the units a lost worker took down tried again, the
        last time each one `alone`, so that a unit that kills its worker takes no other with it (a broken
        local pool loses all of its units). Dask retries on its own, so it has one round and none alone."""
        tried: list[_Tried[R]] = [_Tried() for _ in items]
        waiting = list(range(len(items)))
        for round_number in range(shared_rounds + (alone is not None)):
            if not waiting:
                break
            if round_number < shared_rounds:
                with self._shared(len(waiting)) as executor:
                    outcome = _run_once(executor, function, items, waiting, advance)
            else:
                assert alone is not None
                outcome = []
                for index in waiting:
                    with alone() as executor:
                        outcome += _run_once(executor, function, items, [index], advance)
            for index, entry in zip(waiting, outcome):
                tried[index].attempts += 1
                tried[index].result = entry.result
            waiting = [index for index in waiting if tried[index].result is None]
        return [UnitFailed(lost.format(attempts=entry.attempts), lost=True) if entry.result is None else entry.result for entry in tried]


def _alone_in_a_process() -> AbstractContextManager[Executor]:
    return local_pool(1)


def _run_once(
    executor: Executor, function: Callable[[T], R], items: list[T], indices: list[int] | range, advance: Callable[[], None]
) -> list[_Tried[R]]:
    """One try of each unit of `indices`: a result, or None when its worker was lost."""
    futures: dict[Future, int] = {executor.submit(attempt, function, items[index]): position for position, index in enumerate(indices)}
    tried: list[_Tried[R]] = [_Tried() for _ in indices]
    for future in as_completed(futures):
        try:
            tried[futures[future]].result = future.result()
        except (BrokenExecutor, CancelledError):
            continue
        except Exception as error:
            if not _is_lost_worker(error):
                raise
            continue
        advance()
    return tried


def _is_lost_worker(error: BaseException) -> bool:
    """Dask's word for a unit whose workers all died running it (its scheduler has retried it already)."""
    return type(error).__name__ == "KilledWorker"


@contextmanager
def local_pool(processes: int) -> Iterator[Executor]:
    """Spawned processes that die with the build: WeasyPrint's native libraries are not to be shared across a
    fork, and a forked worker would hold the build's lock."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),))
    try:
        yield pool
    finally:
        # A broken pool's processes are already gone; a working one has finished its units.
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def dask_client(address: str | None, processes: int) -> Iterator[Any]:
    """A Dask client: of the scheduler at `address`, or on a LocalCluster of
    `processes` single-threaded worker processes on this machine (WeasyPrint is not to be run in threads)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ExecutorUnavailable(f"Dask is not installed ({error.name} is missing)") from error
    with ExitStack() as stack:
        stack.callback(_end_dask_threads)  # first in, so last out: after the client and the cluster have closed
        try:
            if address is None:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=max(1, processes), threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
                    )
                )
                client = stack.enter_context(Client(cluster))
            else:
                client = stack.enter_context(Client(address, timeout="20s"))
        except OSError as error:
            raise ExecutorUnavailable(f"the Dask scheduler at {address} could not be reached: {error}") from error
        yield client


def _end_dask_threads() -> None:
    """distributed keeps one thread for its lifetime (its offload pool). The build's later stages fork workers,
    which is done only while the build has no other thread (parallel.can_fork): end it, and put in its place a
    pool that starts a thread again only if Dask is used again in this process."""
    from concurrent.futures import ThreadPoolExecutor

    import distributed.utils

    pool = getattr(distributed.utils, "_offload_executor", None)
    if isinstance(pool, ThreadPoolExecutor):
        pool.shutdown(wait=True)
        distributed.utils._offload_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="Dask-Offload")


@contextmanager
def _dask_round(client: Any) -> Iterator[Executor]:
    """The client's concurrent.futures executor for one round of units. pure=False: a unit is sent once,
    its result cached by Clerk's keys, not Dask's. Shut without waiting, it lets go of the results its
    workers hold, so that a worker lost later does not make the scheduler compute them again."""
    executor = client.get_executor(pure=False)
    try:
        yield executor
    finally:
        executor.shutdown(wait=False)



def choose_executor(asked: ExecutorChoice | None, kind: ExecutorKind, address: str | None) -> ExecutorChoice:
    """The command line's choice (`asked`) over site.yaml's (`kind`, `address`); an address alone asks for Dask."""
    if asked is None:
        return ExecutorChoice(kind, address)
    return ExecutorChoice(asked.kind, asked.dask_address or (address if asked.kind == "dask" else None))
