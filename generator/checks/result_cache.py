"""Check results kept by the hash of everything that decides them, so unchanged pages are not checked again.

The cache is a plain folder of JSON files; deleting it only costs time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


class ResultCache:
    def __init__(self, folder: Path | None):
        self.folder = folder

    @staticmethod
    def key(*parts: bytes | str) -> str:
        digest = hashlib.sha256()
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def get(self, checker: str, key: str) -> Any | None:
        if self.folder is None:
            return None
        path = self.folder / checker / f"{key}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, checker: str, key: str, value: Any) -> None:
        if self.folder is None:
            return
        path = self.folder / checker / f"{key}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
