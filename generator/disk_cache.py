"""The shape Clerk's on-disk caches share: entries by key, one folder per kind under `.clerk-cache/`.

A key is a hash (`cache_key`) of exactly what the entry is made from,
Clerk's version and settings among it, so an entry found is the entry
wanted and nothing is ever invalidated by hand. Each entry is written
atomically and carries the SHA-256 of its bytes after them: an entry that
is cut short, altered or unreadable is dropped and made again, never
trusted. Nothing withheld is ever put here (see cache_guard.py), so
deleting a folder only costs time.

The costly kinds (PDFs, formats, check results) may have a shared store
behind their folder (`SharedPlace`, shared_store.py): an entry missing here is
looked for there and kept here when found; a new one is written to both, the
same bytes with the same trailing hash, so the store's are checked alike.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from generator.atomic_write import write_atomically
from generator.shared_store import SharedStore

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


@dataclass(frozen=True)
class SharedPlace:
    """A folder of `.clerk-cache/` with the same folder of the shared store behind it."""

    local: Path
    store: SharedStore
    under: str
    """The folder's path under the store's URL: "pdf", "checks/vnu"."""

    def __truediv__(self, name: str) -> SharedPlace:
        return SharedPlace(self.local / name, self.store, f"{self.under}/{name}")


#: Where a kind's entries are kept: a local folder, with or without a shared store behind it.
CacheFolder = Path | SharedPlace


class DiskCache:
    """Entries of one kind: `folder/<key><suffix>`. With no folder, nothing is kept."""

    def __init__(self, folder: CacheFolder | None, suffix: str):
        self.shared = folder if isinstance(folder, SharedPlace) else None
        self.folder = folder.local if isinstance(folder, SharedPlace) else folder
        self.suffix = suffix

    def get(self, key: str) -> bytes | None:
        """The entry's bytes; None when there is none, or it is corrupt (and then it is dropped)."""
        if self.folder is None:
            return None
        try:
            data = checked_entry(self.path(key).read_bytes())
        except OSError:
            data = None
        else:
            if data is None:
                self.drop(key)
        if data is None and self.shared is not None:
            return self._get_shared(key)
        return data

    def _get_shared(self, key: str) -> bytes | None:
        """The store's entry, kept here too when whole; one cut short or altered is not used, and this build's
        entry is put over it."""
        assert self.shared is not None
        stored = self.shared.store.get(self._shared_name(key))
        data = checked_entry(stored) if stored is not None else None
        if data is not None and stored is not None:
            write_atomically(self.path(key), stored)
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
        if self.folder is None:
            return
        stored = data + hashlib.sha256(data).digest()
        write_atomically(self.path(key), stored)
        if self.shared is not None:
            self.shared.store.put(self._shared_name(key), stored)

    def drop(self, key: str) -> None:
        if self.folder is not None:
            self.path(key).unlink(missing_ok=True)

    def path(self, key: str) -> Path:
        """Where the entry for `key` is (or would be) kept."""
        assert self.folder is not None
        return self.folder / f"{key}{self.suffix}"

    def _shared_name(self, key: str) -> str:
        assert self.shared is not None
        return f"{self.shared.under}/{key}{self.suffix}"


def checked_entry(stored: bytes) -> bytes | None:
    """An entry's data when its trailing SHA-256 matches it; None when it is cut short or altered."""
    data, digest = stored[:-_DIGEST], stored[-_DIGEST:]
    if len(stored) < _DIGEST or hashlib.sha256(data).digest() != digest:
        return None
    return data


class KeptFiles:
    """Made files (PDFs, braille, audio…) kept with what a page says of them, by one key: two DiskCache
    entries, the file and its facts (JSON). The file is put before its facts, so facts found always have
    their file beside them; either one missing or corrupt means making the file again."""

    def __init__(self, folder: CacheFolder | None, suffix: str):
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
