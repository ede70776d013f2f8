"""The shared cache: the costly entries that any machine can reuse, on an object store or any fsspec URL.

PDFs, the other formats and the gate's results are slow to make (seconds a
PDF, a second or so a page to check) and the same wherever they are made: their
keys are hashes of everything they are made from (disk_cache.py). Two builds on
two machines pointed at one store (`build: shared_cache: s3://bucket/clerk` or
`clerk build --shared-cache URL`) reuse each other's. It sits behind the local
`.clerk-cache/` (disk_cache.SharedPlace): a local miss is looked for here, and a
new entry is written to both. The content cache and compiled templates stay
local: they are cheap to make again, read by the thousand in a build (a round
trip each to a store would cost more than making them), and are pickles and
bytecode, which a build must not load from a place other machines can write.

Many builds may write at once, with no lock across machines: an entry is
written whole in one request (`pipe_file`, a single PUT on an object store,
which a reader sees whole or not at all; on a local path write-then-rename),
two writers of one key write the same bytes, and every entry carries the
SHA-256 of its bytes, so one cut short or altered is never used but made again
and put over it. The store is a cache, never a source of truth: an error
reading it is a miss, and an error writing it is a warning; after the first,
the build stops using the store (one warning a build, naming the URL), so an
unreachable store costs a build one time-out, not one per entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.atomic_write import write_atomically
from generator.diagnostics import Diagnostics, Position

#: What to install for a store whose fsspec backend is missing.
STORE_HINT = "check the URL and the credentials (for S3: AWS_* environment variables; `pip install 'clerk[s3]'`)"


@dataclass
class SharedStore:
    """One build's use of the store at `url`: entries by their path under it ("pdf/<key>.pdf")."""

    url: str
    down: str | None = None
    """Why the store is no longer used by this build (the first error); None while it is."""
    failed_writing: bool = False
    put_names: list[str] = field(default_factory=list)
    """The entries this build put, for the cache guard to take back (cache_guard.py)."""
    _filesystem: Any = None
    _root: str = ""

    @property
    def usable(self) -> bool:
        return self.down is None and self._connected()

    def get(self, name: str) -> bytes | None:
        """The stored bytes; None when there are none, or the store cannot be read."""
        if not self.usable:
            return None
        try:
            return self._filesystem.cat_file(self._path(name))
        except FileNotFoundError:
            return None
        except Exception as error:  # any backend's error (botocore's are not OSErrors): a miss
            self._fail(error)
            return None

    def put(self, name: str, data: bytes) -> None:
        """Store `data` whole under `name`, in one request; an error is a warning, not a failed build."""
        if not self.usable:
            return
        try:
            if self._local:
                write_atomically(self._local_path(name), data)
            else:
                self._filesystem.pipe_file(self._path(name), data)
        except Exception as error:
            self.failed_writing = True
            self._fail(error)
            return
        self.put_names.append(name)

    def drop(self, name: str) -> bool:
        """Delete one entry; False when the store could not be asked."""
        if not self.usable:
            return False
        try:
            self._filesystem.rm_file(self._path(name))
        except FileNotFoundError:
            pass
        except Exception as error:
            self._fail(error)
            return False
        return True

    def holds_anything(self) -> bool | None:
        """Whether anything is stored under the URL; None when the store cannot be asked."""
        if not self.usable:
            return None
        try:
            return bool(self._filesystem.ls(self._root, detail=False))
        except FileNotFoundError:
            return False
        except Exception as error:
            self._fail(error)
            return None

    def empty(self) -> None:
        """Delete everything under the URL (cache_guard.py, when something once published is withheld)."""
        if not self.usable:
            return
        try:
            self._filesystem.rm(self._root, recursive=True)
        except FileNotFoundError:
            pass
        except Exception as error:
            self._fail(error)

    def report(self, diagnostics: Diagnostics, site_yaml: str) -> None:
        """The one warning of a build that could not use the store, naming it."""
        if self.down is None:
            return
        if self.failed_writing:
            diagnostics.warning(
                Position(site_yaml), "shared-cache-unwritable",
                f"the shared cache {self.url} could not be written ({self.down}): this build's new PDFs, formats and check results"
                " are kept in .clerk-cache/ only", STORE_HINT,
            )  # fmt: skip
            return
        diagnostics.warning(
            Position(site_yaml), "shared-cache-unreachable",
            f"the shared cache {self.url} could not be read ({self.down}): this build made what it needed itself", STORE_HINT,
        )  # fmt: skip

    def _connected(self) -> bool:
        if self._filesystem is None:
            import fsspec

            try:
                # A filesystem of its own per build: fsspec's shared instances keep listings that other builds change.
                self._filesystem, self._root = fsspec.core.url_to_fs(self.url, skip_instance_cache=True)
            except Exception as error:  # an unknown protocol, its package not installed, bad options
                self._fail(error)
                return False
            self._root = self._root.rstrip("/")
        return True

    @property
    def _local(self) -> bool:
        from fsspec.implementations.local import LocalFileSystem

        return isinstance(self._filesystem, LocalFileSystem)

    def _path(self, name: str) -> str:
        return f"{self._root}/{name}"

    def _local_path(self, name: str) -> Path:
        return Path(self._path(name))

    def _fail(self, error: BaseException) -> None:
        if self.down is None:
            self.down = f"{type(error).__name__}: {error}".strip().rstrip(":")
