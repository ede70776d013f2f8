"""Reading a file only if it is an ordinary one, and naming what else it is.

A leaf module (no imports from Clerk), so that both the loader (through
content/folders.py) and the diagnostics' source excerpts can use it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def read_regular_file(path: Path, limit: int) -> tuple[bytes, int, str]:
    """The bytes of an ordinary file (none past `limit`), its size, and what it is ('file' if ordinary).

    Opened without waiting, so that a named pipe is found out rather than read for ever,
    and checked through the open file, so that it cannot be swapped after the check.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(descriptor)
        kind = kind_of(status.st_mode)
        if kind != "file" or status.st_size > limit:
            return b"", status.st_size, kind
        return file.read(), status.st_size, kind


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words; 'file' for an ordinary file."""
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else _special(mode)
