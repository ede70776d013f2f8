"""Check results kept by the hash of everything that decides them, so unchanged pages are not checked again.

One DiskCache per checker, under `.clerk-cache/checks/<checker>/`, of JSON
entries; deleting it only costs time.
"""

from __future__ import annotations

import json
from typing import Any

from generator.disk_cache import CacheFolder, DiskCache, cache_key


class ResultCache:
    key = staticmethod(cache_key)

    def __init__(self, folder: CacheFolder | None):
        self.folder = folder

    def get(self, checker: str, key: str) -> Any | None:
        return self._entries(checker).read(key, json.loads)

    def put(self, checker: str, key: str, value: Any) -> None:
        self._entries(checker).put(key, json.dumps(value, sort_keys=True).encode("utf-8"))

    def _entries(self, checker: str) -> DiskCache:
        return DiskCache(self.folder / checker if self.folder is not None else None, ".json")
