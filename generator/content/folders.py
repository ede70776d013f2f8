"""What a content folder holds, by kind, so that the loader reads only ordinary files.

Opening a named pipe waits for a writer that never comes, and following a
link that leads round in a loop never ends (or ends in a traceback): both
are reported at their names and left out instead.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.diagnostics import Diagnostics, Position
from generator.regular_files import kind_of


@dataclass(frozen=True)
class Entry:
    path: Path
    is_folder: bool


def list_folder(directory: Path, name_of: Callable[[Path], str], diagnostics: Diagnostics) -> list[Entry]:
    """The files and folders in `directory`, by name, hidden ones left out; anything else is an error.

    A link is followed to see what it leads to; a link to nothing is listed as a file,
    so that reading it reports that it cannot be read.
    """
    try:
        scanned = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        diagnostics.error(
            Position(name_of(directory)), "unreadable", f"the folder cannot be read: {error.strerror}",
            "check that it exists and that it can be read",
        )
        return []
    entries = []
    for entry in scanned:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        kind = _kind(entry, directory)
        if kind in ("file", "folder"):
            entries.append(Entry(path, kind == "folder"))
        elif kind == "loop":
            report_loop(name_of(path), diagnostics)
        else:
            report_not_a_file(name_of(path), kind, diagnostics)
    return entries


def report_loop(shown: str, diagnostics: Diagnostics) -> None:
    diagnostics.error(
        Position(shown),
        "symlink-loop",
        f"'{Path(shown).name}' is a link that leads round in a loop (to itself, or to a folder that holds it)",
        "remove the link, or point it at the file or folder meant",
    )


def report_not_a_file(shown: str, kind: str, diagnostics: Diagnostics) -> None:
    diagnostics.error(
        Position(shown),
        "not-a-file",
        f"'{Path(shown).name}' is a {kind}, not a file: Clerk reads only ordinary files and folders",
        "remove it, or put the file meant in its place",
    )


def _kind(entry: os.DirEntry, directory: Path) -> str:
    """'file', 'folder', 'loop', or what else the entry is, in words."""
    if not entry.is_symlink():
        # From the folder listing itself: no system call for the usual case.
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        if entry.is_file(follow_symlinks=False):
            return "file"
        return kind_of(entry.stat(follow_symlinks=False).st_mode)
    try:
        mode = os.stat(entry.path).st_mode
        if stat.S_ISDIR(mode) and directory.resolve().is_relative_to(Path(entry.path).resolve()):
            return "loop"
    except OSError as error:
        return "loop" if error.errno == errno.ELOOP else "file"
    except RuntimeError:  # pathlib's word for a loop before Python 3.13
        return "loop"
    return kind_of(mode)
