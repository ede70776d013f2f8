"""How Clerk puts a file where someone may be reading it: written beside its place, then renamed into it.

Pages, previews, cache entries, the cache guard's marker, the build record and
the report a failed build keeps all go through here. Files a build adds to its
own staging folder, and checkers' temporary configuration, need not: nobody
reads them until the staging folder is swapped in whole.

A reader (a browser on `clerk serve`'s folder, another build sharing the
cache) sees the old file or the new one, never half of one. The temporary
name holds the process and thread, so two writers of the same file never
write into each other's temporary file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def write_atomically(target: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `target`, making its folder if need be."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
