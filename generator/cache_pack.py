"""Many entries of a content-addressed cache in one file, so that a build that uses most of them reads one file.

A fresh `clerk build` after one edit takes some 18,000 results from `.clerk-cache/content/` at 4,000
papers; opened and read one file each, that was about a second. A pack holds the entries the last builds
used, each exactly as its own file would (its data and the SHA-256 of it, disk_cache.py), after them an
index (each key, where its entry starts and how long it is) and then the index's place, its length and
its SHA-256. The file is opened once and each entry read from it where the index says (`os.pread`), not all
at once nor mapped (a mapped pack's pages counted in the build's memory, 145 MiB at 4,000 papers). An index that is
cut short or altered means no pack (every entry a miss); an entry whose hash does not match is a miss,
never trusted, as a single entry's file is. A pack is written whole beside its place and renamed into it.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path

from generator.disk_cache import checked_entry

MAGIC = b"clerk-cache-pack 1\n"
#: A key (the 32 bytes of its hexadecimal SHA-256), where its entry starts, and its length.
_RECORD = struct.Struct(">32sQQ")
#: Where the index starts, how many records it holds, and its SHA-256.
_FOOTER = struct.Struct(">QQ32s")


class Pack:
    """The pack at `path`, opened when first asked."""

    def __init__(self, path: Path):
        self.path = path
        self._index: dict[str, tuple[int, int]] | None = None
        self._descriptor: int | None = None
        self._closing: weakref.finalize | None = None

    @property
    def keys(self) -> set[str]:
        return set(self._opened())

    def get(self, key: str) -> bytes | None:
        """The entry's data; None when the pack has none, or it is corrupt."""
        stored = self._stored(key)
        return None if stored is None else checked_entry(stored)

    def stored(self, key: str) -> bytes | None:
        """The entry as stored (its data and their hash) when it is whole: what a new pack copies."""
        stored = self._stored(key)
        return None if stored is None or checked_entry(stored) is None else stored

    def _stored(self, key: str) -> bytes | None:
        place = self._opened().get(key)
        if place is None or self._descriptor is None:
            return None
        start, length = place
        try:
            return os.pread(self._descriptor, length, start)
        except OSError:
            return None

    def close(self) -> None:
        """Let the file go: the pack is asked nothing more (a closed pack is empty)."""
        if self._closing is not None:
            self._closing()  # closes the file once, whether here or when the pack is collected
        self._descriptor, self._index = None, {}

    def _opened(self) -> dict[str, tuple[int, int]]:
        if self._index is None:
            self._index = {}
            try:
                self._descriptor = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return self._index
            self._closing = weakref.finalize(self, os.close, self._descriptor)
            try:
                self._index = _index(self._descriptor)
            except OSError:
                self._index = {}
        return self._index


def _index(descriptor: int) -> dict[str, tuple[int, int]]:
    """The pack's index; empty when it is not a pack, or its index is cut short or altered."""
    size = os.fstat(descriptor).st_size
    if size < len(MAGIC) + _FOOTER.size or os.pread(descriptor, len(MAGIC), 0) != MAGIC:
        return {}
    start, count, digest = _FOOTER.unpack(os.pread(descriptor, _FOOTER.size, size - _FOOTER.size))
    end = start + count * _RECORD.size
    if start < len(MAGIC) or end != size - _FOOTER.size:
        return {}
    records = os.pread(descriptor, end - start, start)
    if hashlib.sha256(records).digest() != digest:
        return {}
    index = {}
    for key, offset, length in _RECORD.iter_unpack(records):
        if len(MAGIC) <= offset and offset + length <= start:
            index[key.hex()] = (offset, length)
    return index


def write_pack(path: Path, entries: Iterable[tuple[str, bytes]]) -> int:
    """Write the pack of `entries` (key, the entry as stored) at `path`, replacing any; how many it holds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    records = bytearray()
    count = 0
    try:
        with open(temporary, "wb") as file:
            file.write(MAGIC)
            offset = len(MAGIC)
            for key, stored in entries:
                file.write(stored)
                records += _RECORD.pack(bytes.fromhex(key), offset, len(stored))
                offset += len(stored)
                count += 1
            file.write(records)
            file.write(_FOOTER.pack(offset, count, hashlib.sha256(records).digest()))
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count
