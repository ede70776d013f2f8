"""The content stages' results kept on disk between processes, in `.clerk-cache/content/`.

Reading a content file (its front matter parsed and validated) and rendering
a piece of Markdown (with its lint) are pure: the result, and the diagnostics
reported while making it, follow from the file's text, its place and Clerk's
code. A fresh `clerk build` after one edit, or a CI job that restored the
cache folder, takes every other file's results from here and reads and
renders only what changed. `memory.py` does the same within one `clerk serve`
process, by file stat and object identity; this is the layer under it, by content.

Entries are pickles of Clerk's own dataclasses, read only by the Clerk whose
code made them: every key holds `code` (build_record.code_fingerprint: Clerk's source and its
libraries' versions), so another version of Clerk never finds them, and each
entry's SHA-256 trailer (disk_cache.py) drops a cut or altered one before it
is unpickled. The cache is written only by Clerk; a CI cache must be restored
only from jobs of the same repository (as GitHub's and GitLab's are).

Nothing withheld is stored (cache_guard.py): results made before the site is
linked (the files read) are held back in memory, as the very objects the build
holds anyway (pickled only when written: linking reads them and changes none);
once it is linked, those made
from a file the site publishes whole are written (`write_whole`), and from then
on each result of such a file is written as it is made (the rendered Markdown,
most of the cache), so that a large build never holds them all. A result of any
other file is never written, nor even pickled.

Entries no build has used for `KEEP_DAYS` are deleted (`prune`): a build
touches what it used, so a file's old versions age out as it is edited.
"""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TypeVar

from generator.cache_pack import Pack, write_pack
from generator.diagnostics import Diagnostic, Diagnostics
from generator.disk_cache import DiskCache, cache_key, checked_entry

T = TypeVar("T")
#: A result with the diagnostics reported while it was made: what an entry holds.
Entry = tuple[object, tuple[Diagnostic, ...]]
#: What a worker process made and used (`ContentCache.export`): entries held back by key with their source,
#: keys used, the keys of the entries it wrote, and of those it took from the pack.
Made = tuple[dict[str, tuple[str, Entry]], set[str], set[str], set[str]]

FOLDER = "content"
SUFFIX = ".pickle"
#: Entries unused for this long are deleted; a build looks for them at most once a day.
KEEP_DAYS = 30
PRUNED_MARKER = ".pruned"
WARM_MARKER = ".code"
#: The entries the last builds used, in one file (cache_pack.py); not an entry's name, so `prune` leaves it alone.
PACK = "entries.pack"
#: The pack is written again when at least this many of the entries a build used were not in it (and at least
#: one in `REPACK_SHARE` of them): an edit or two leave it as it is, a cold build or a checkout of another branch do not.
REPACK_AT_LEAST = 16
REPACK_SHARE = 20


@dataclass
class ContentCache:
    """Results by content key, read from `folder` and written back by `keep`."""

    folder: Path | None
    code: str
    """Clerk's code and its libraries' versions (build_record.code_fingerprint), in every key."""
    pending: dict[str, tuple[str, Entry]] = field(default_factory=dict)
    """Results made by this build and held back, by key: (the content file they were made from, the entry)."""
    used: set[str] = field(default_factory=set)
    whole: set[str] | None = None
    """The content files the linked site publishes whole (cache_guard.published_whole), once `write_whole` has
    been told them: their results are written as they are made. None until then: every result is held back."""
    written: set[str] = field(default_factory=set)
    """The keys of the entries written by this build (by this process, in a worker)."""
    packed: set[str] = field(default_factory=set)
    """The keys of the entries this build took from the pack."""
    hits: int = 0
    misses: int = 0

    def __post_init__(self) -> None:
        self.store = DiskCache(self.folder, SUFFIX)
        self.pack = Pack(self.folder / PACK) if self.folder is not None else None

    @property
    def warm(self) -> bool:
        """The last build that kept results here ran this very Clerk: most results are likely here."""
        if self.folder is None:
            return False
        try:
            return (self.folder / WARM_MARKER).read_text(encoding="utf-8") == self.code
        except OSError:
            return False

    def recall(self, parts: tuple[str | bytes, ...], source: str, diagnostics: Diagnostics, compute: Callable[[Diagnostics], T]) -> T:
        """The result kept for `parts`, its diagnostics reported again; else `compute`'s, to be kept for `source`."""
        key = cache_key(self.code, *parts)
        found = self._found(key, diagnostics)
        if found is not None:
            return found[0]
        return self._made(key, source, diagnostics, compute)

    def lookup(self, parts: tuple[str | bytes, ...], diagnostics: Diagnostics) -> tuple[object] | None:
        """The result kept for `parts` (in a 1-tuple: a result may be None), its diagnostics reported again;
        None when there is none. For a caller that can make the key without what the result is made from
        (the loader, from a file's hash by its stat) and makes it otherwise only when it must."""
        return self._found(cache_key(self.code, *parts), diagnostics)

    def _found(self, key: str, diagnostics: Diagnostics) -> tuple[object] | None:
        found = self._from_pack(key)
        if found is None:
            found = self.store.read(key, _unpickle)
        if found is None:
            return None
        value, reported = found
        self.hits += 1
        self.used.add(key)
        for diagnostic in reported:
            diagnostics.add(diagnostic)
        return (value,)

    def _from_pack(self, key: str) -> Entry | None:
        data = self.pack.get(key) if self.pack is not None else None
        if data is None:
            return None
        try:
            found = _unpickle(data)
        except ValueError:
            return None
        self.packed.add(key)
        return found

    def _made(self, key: str, source: str, diagnostics: Diagnostics, compute: Callable[[Diagnostics], T]) -> T:
        self.misses += 1
        captured = Diagnostics()
        value = compute(captured)
        diagnostics.extend(captured)
        if self.whole is None:
            self.pending[key] = (source, (value, tuple(captured.items)))
        elif source in self.whole:
            self._put(key, (value, tuple(captured.items)))
        return value

    def write_whole(self, whole: set[str]) -> None:
        """The site is linked and the cache cleared of anything withdrawn (cache_guard.forget_withdrawn):
        write the results held back that were made from the files in `whole` (those published whole),
        drop the others, and write each result of those files made from now on as it is made."""
        self.whole = whole
        for key, (source, entry) in self.pending.items():
            if source in whole:
                self._put(key, entry)
        self.pending = {}

    def _put(self, key: str, entry: Entry) -> None:
        if self.folder is not None:
            self.store.put(key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
            self.written.add(key)

    def export(self) -> Made:
        """What a worker process made and used, to send back to the build (see prerender.py)."""
        return self.pending, self.used, self.written, self.packed

    def adopt(self, made: Made) -> None:
        pending, used, written, packed = made
        self.pending.update(pending)
        self.used |= used
        self.written |= written
        self.packed |= packed

    def start_worker(self) -> None:
        """In a forked worker: forget the build's own results, so that `export` sends back only the worker's."""
        self.pending, self.used, self.written, self.packed = {}, set(), set(), set()

    def keep(self, whole: set[str] | None = None, now: float | None = None) -> int:
        """Write the results held back that were made from the files in `whole` (`write_whole`, unless it was
        told already), note what was used, so that `prune` keeps it, and prune at most once a day.
        The number of entries this build wrote."""
        if whole is not None:
            self.write_whole(whole)
        if self.folder is None:
            return 0
        if self.pack is not None:
            self.pack.close()
        written, used, packed = self.written, self.used, self.packed
        self.pending, self.used, self.written, self.packed = {}, set(), set(), set()
        now = time.time() if now is None else now
        outside = (used - packed) | written
        for key in used - packed:  # the pack's entries are kept by the pack
            try:
                os.utime(self.store.path(key), (now, now))
            except OSError:
                pass
        if len(outside) >= max(REPACK_AT_LEAST, len(used | written) // REPACK_SHARE):
            self._repack(used | written)
        if written:
            (self.folder / WARM_MARKER).write_text(self.code, encoding="utf-8")
        marker = self.folder / PRUNED_MARKER
        try:
            due = now - marker.stat().st_mtime > 24 * 3600
        except OSError:
            due = True
        if due and self.folder.is_dir():
            prune(self.folder, now - KEEP_DAYS * 24 * 3600)
            marker.touch()
            os.utime(marker, (now, now))
        return len(written)

    def _repack(self, keys: set[str]) -> None:
        """Write the pack of the entries `keys` names, from the pack and the entries' files as they are on disk now
        (never from what this build read earlier: the cache guard may have emptied the folder since), and delete
        the files it holds."""
        assert self.folder is not None
        on_disk = Pack(self.folder / PACK)
        packed: list[str] = []

        def entries():
            for key in sorted(keys):
                stored = on_disk.stored(key)
                if stored is None:
                    try:
                        stored = self.store.path(key).read_bytes()
                    except OSError:
                        continue
                    if checked_entry(stored) is None:
                        continue
                packed.append(key)
                yield key, stored

        write_pack(self.folder / PACK, entries())
        for key in packed:
            self.store.drop(key)


def prune(folder: Path, unused_since: float) -> int:
    """Delete the entries of `folder` last used (written or touched) before `unused_since`; how many."""
    deleted = 0
    for entry in os.scandir(folder):
        if entry.name.endswith(SUFFIX) and entry.stat().st_mtime < unused_since:
            Path(entry.path).unlink(missing_ok=True)
            deleted += 1
    return deleted


def _unpickle(data: bytes) -> tuple[object, tuple[Diagnostic, ...]]:
    try:
        value, reported = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError) as error:
        raise ValueError("unreadable entry") from error
    return value, tuple(reported)
