"""What stands for a content file's bytes: their hash, or, while it is unchanged, its stat.

A leaf module (no imports from Clerk), shared by the build record (build_record.py), which keeps each
content file's hash by its stat, and the loader, which takes a file whose stat is the one recorded
from the content cache by that hash instead of reading it.
"""

from __future__ import annotations

import hashlib
import os

#: A content file's stat, as it stands for the file's bytes: path (from the project folder), inode, size,
#: mtime and ctime in ns (as git's index).
StatKey = tuple[str, int, int, int, int]


def stat_key(relative: str, stat: os.stat_result) -> StatKey:
    """What stands for a content file's bytes while it is unchanged: path, inode, size, mtime, ctime (as git's index)."""
    return relative, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def file_digest(path: str, data: bytes) -> str:
    """A hash of a file; of a Markdown file with front matter, one of the front matter and one of the rest."""
    length = front_matter_length(data) if path.endswith(".md") else None
    if length is not None:
        return hashlib.sha256(data[:length]).hexdigest() + ":" + hashlib.sha256(data[length:]).hexdigest()
    return hashlib.sha256(data).hexdigest()


def front_matter_length(data: bytes) -> int | None:
    """Bytes up to and including the line that closes the front matter, found as the loader finds
    it (frontmatter.split_front_matter: the first line that is '---' or '...' after a first '---').

    Never shorter than the loader's front matter: a line that is a fence here, with ASCII white
    space stripped, is one there too, so nothing of the front matter is counted as body."""
    lines = data.split(b"\n")
    if lines[0].rstrip() != b"---":
        return None
    length = len(lines[0]) + 1
    for line in lines[1:]:
        length += len(line) + 1
        if line.rstrip() in (b"---", b"..."):
            return min(length, len(data))
    return None
