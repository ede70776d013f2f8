"""Python's cyclic garbage collector, held off while a build makes the site's objects.

The content stages make hundreds of thousands of objects that live until the build ends (at 4,000 papers,
18,000 results unpickled from the content cache): each time their count passes the collector's threshold
it walks them all, and unpickling 5,000 loaded files took 1.0 s with it on and 0.25 s with it off. They
hold few cycles, so nothing is lost by not looking for any until they are made; after that a one-shot build
freezes them (`gc.freeze`: left out of every later collection), so the pages' stage is not slowed by
walking them either. `clerk serve`'s builds do not freeze: it lives on, and each build's site must go.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_held_off(freeze_after: bool) -> Iterator[None]:
    """No collection while the body runs; then, with `freeze_after`, what it made is never walked again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze_after:
            gc.freeze()
        if enabled:
            gc.enable()
