"""Jinja's compiled templates in a DiskCache, so that a build compiles only the templates whose text changed.

Jinja's own FileSystemBytecodeCache trusts a file that starts right: a file
cut short inside its checksum stops the build, and a damaged one would run.
Here an entry is keyed by the template's name and a hash of its source
(Jinja's bucket key and checksum), and is checked like every DiskCache
entry, so one cut short or damaged is compiled again. The checksum finds
accidents, not tampering: a cache restored from somewhere untrusted is no
safer than its source, as with any cache of compiled code.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from jinja2.bccache import Bucket, BytecodeCache

from generator.disk_cache import DiskCache, cache_key


class CompiledTemplates(BytecodeCache):
    def __init__(self, folder: Path):
        self.entries = DiskCache(folder, ".cache")

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        data = self.entries.get(key)
        if data is None:
            return
        try:
            bucket.bytecode_from_string(data)
        except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()
            self.entries.drop(key)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.entries.put(self._key(bucket), bucket.bytecode_to_string())

    @staticmethod
    def _key(bucket: Bucket) -> str:
        return cache_key(bucket.key, bucket.checksum)
