"""The shape Clerk's on-disk caches share: entries by key, one folder per kind under `.clerk-cache/`.

A key is a hash (`cache_key`) of exactly what the entry is made from,
Clerk's version and settings among it, so an entry found is the entry
wanted and nothing is ever invalidated by hand. Each entry is written
atomically and carries the SHA-256 of its bytes after them: an entry that
is cut short, altered or unreadable is dropped and made again, never
trusted. Nothing withheld is ever put here (see cache_guard.py), so
deleting a folder only costs time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable, TypeVar

from generator.atomic_write import write_atomically

T = TypeVar("T")
_DIGEST = 32


def cache_key(*parts: bytes | str) -> str:
    """A hash of `parts`, each length-prefixed, so that no two lists of parts share a key."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class DiskCache:
    """Entries of one kind: `folder/<key><suffix>`. With no folder, nothing is kept."""

    def __init__(self, folder: Path | None, suffix: str):
        self.folder = folder
        self.suffix = suffix

    def get(self, key: str) -> bytes | None:
        """The entry's bytes; None when there is none, or it is corrupt (and then it is dropped)."""
        if self.folder is None:
            return None
        try:
            stored = self.path(key).read_bytes()
        except OSError:
            return None
        data, digest = stored[:-_DIGEST], stored[-_DIGEST:]
        if len(stored) < _DIGEST or hashlib.sha256(data).digest() != digest:
            self.drop(key)
            return None
        return data

    def read(self, key: str, parse: Callable[[bytes], T]) -> T | None:
        """The entry as `parse` reads it; an entry it cannot read is dropped like a corrupt one."""
        data = self.get(key)
        if data is None:
            return None
        try:
            return parse(data)
        except (ValueError, KeyError, TypeError):
            self.drop(key)
            return None

    def put(self, key: str, data: bytes) -> None:
        if self.folder is not None:
            write_atomically(self.path(key), data + hashlib.sha256(data).digest())

    def drop(self, key: str) -> None:
        if self.folder is not None:
            self.path(key).unlink(missing_ok=True)

    def path(self, key: str) -> Path:
        """Where the entry for `key` is (or would be) kept."""
        assert self.folder is not None
        return self.folder / f"{key}{self.suffix}"


class KeptFiles:
    """Made files (PDFs, braille, audio…) kept with what a page says of them, by one key: two DiskCache
    entries, the file and its facts (JSON). The file is put before its facts, so facts found always have
    their file beside them; either one missing or corrupt means making the file again."""

    def __init__(self, folder: Path | None, suffix: str):
        self.files = DiskCache(folder, suffix)
        self.facts = DiskCache(folder, ".json")

    def reuse(self, key: str, target: Path, read_facts: Callable[[bytes], T]) -> T | None:
        """Put the file kept under `key` at `target` and give its facts as `read_facts` reads them; None when there is none."""
        facts = self.facts.read(key, read_facts)
        data = self.files.get(key) if facts is not None else None
        if facts is None or data is None:
            return None
        write_atomically(target, data)
        return facts

    def remember(self, key: str, target: Path, facts: bytes) -> None:
        self.files.put(key, target.read_bytes())
        self.facts.put(key, facts)
