"""Put a staged site in place of build/ so that build/ is always one whole site.

On Linux the two folders are exchanged in one step (renameat2 with
RENAME_EXCHANGE), so a build killed at any moment leaves either the old site
or the new one, never neither. Elsewhere two renames are used, which leaves
a moment without build/ but never a mixed one.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Iterator

AT_FDCWD = -100
RENAME_EXCHANGE = 2


class BuildLocked(Exception):
    """Another build of the same output folder is running."""


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """The C library, found once: find_library runs `ldconfig -p` in a process of its own each time it is asked."""
    libc_name = ctypes.util.find_library("c")
    return None if libc_name is None else ctypes.CDLL(libc_name, use_errno=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False where the system cannot."""
    libc = _libc()
    renameat2 = getattr(libc, "renameat2", None) if libc is not None else None
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    if ctypes.get_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(second))


#: An old site of more files than this is deleted by a process of its own once the new one is in place:
#: at 4,000 papers (20,000 files in 10,000 folders) deleting it took 2 s of the officer's wait for a one-paper edit.
#: Smaller ones, as the example site's, are deleted before `publish` returns.
DELETED_INLINE_UP_TO = 2000


def publish(staging: Path, output: Path, old_files: int = 0) -> None:
    """Replace `output` with `staging`; the old site is deleted only after the swap. `old_files`: how many files
    the old site has, as the last build's record says (0: not known, deleted before returning)."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{_hidden(output)}-old-", dir=output.parent))
        if _exchange(staging, output):
            os.replace(staging, old / "site")  # staging now holds the old site
        else:
            os.replace(output, old / "site")
            os.replace(staging, output)
    else:
        os.replace(staging, output)
    if old is not None:
        discard(old, old_files)


def discard(folder: Path, files: int) -> None:
    """Delete `folder` (an old site, under a `-old-` name that the next build's lock clears if this is cut short):
    a large one by `rm -r` in a session of its own, which outlives this process and is not waited for."""
    if files <= DELETED_INLINE_UP_TO or shutil.which("rm") is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        ["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True, close_fds=True,
    )


def publish_changes(staging: Path, output: Path) -> tuple[list[str], list[str]]:
    """Move each file of a sparse staging folder (see SiteWriter.sparse) over its old version in `output`.

    Each file is replaced in one step, so a reader never sees half a page; `clerk serve`
    uses it, where rebuilding every folder of a large site for one edited paper would cost
    seconds. A file the same as the one published is left alone, so that serve can tell
    browsers to reload only when something they show changed. Returns the files moved and
    all the files staged, relative to `output`.
    """
    moved, staged_files = [], []
    for folder, _, files in os.walk(staging):
        relative_folder = Path(folder).relative_to(staging)
        if files:
            (output / relative_folder).mkdir(parents=True, exist_ok=True)
        for name in files:
            relative = (relative_folder / name).as_posix()
            staged = os.path.join(folder, name)
            staged_files.append(relative)
            if not _same_bytes(staged, output / relative):
                os.replace(staged, output / relative)
                moved.append(relative)
    shutil.rmtree(staging, ignore_errors=True)
    return sorted(moved), sorted(staged_files)


def _same_bytes(first: str | Path, second: str | Path) -> bool:
    try:
        if os.path.getsize(first) != os.path.getsize(second):
            return False
        with open(first, "rb") as one, open(second, "rb") as other:
            return one.read() == other.read()
    except OSError:
        return False


def _hidden(folder: Path) -> str:
    """The stem of the hidden files kept beside `folder`: `.build` for build/, and `.clerk-cache`
    (not `..clerk-cache`) for a folder already hidden, so that .gitignore's names match them."""
    return folder.name if folder.name.startswith(".") else f".{folder.name}"


def staging_folder(output: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"{_hidden(output)}-staging-", dir=output.parent))


@contextlib.contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """Hold the output folder's lock; while it is held, leftovers of killed builds are safe to delete."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.parent / f"{_hidden(output)}.lock"
    with open(lock_path, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise BuildLocked(f"another build of {output} is running") from error
        for leftover in output.parent.glob(f"{_hidden(output)}-staging-*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
        for leftover in output.parent.glob(f"{_hidden(output)}-old-*"):
            # Most often the last build's old site, still being deleted by the process `publish` left to it:
            # a rebuild seconds later (one edit after another) is not held up deleting it again.
            if leftover.is_dir():
                discard(leftover, DELETED_INLINE_UP_TO + 1)
        yield


@contextlib.contextmanager
def cache_lock(cache: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the cache's lock for a whole build: builds of different output folders (`clerk build`
    and `clerk serve --pdfs`) share one cache, and the cache guard's emptying it for a withdrawn
    paper must not be undone by a build that started before and stores that paper's PDF after.
    Waits for the other build, calling `waiting` first. The lock file is beside the cache, not in
    it, so that emptying the cache cannot delete a lock that is held."""
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.parent / f"{_hidden(cache)}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
