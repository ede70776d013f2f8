"""A progress bar for long build stages, on a terminal only.

rich draws it on stderr. It stays quiet when stderr is not a terminal
(piped, in tests) and in CI (the CI variable is set), so logs hold only
what the build has to say, and for stages too short to need one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: Below this many steps a stage is over before a bar would help.
SHORT = 20


def wanted(total: int) -> bool:
    return total >= SHORT and sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[..., None]]:
    """Yields `advance(steps=1)`, to be called as steps are done."""
    if not wanted(total):
        yield lambda steps=1: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda steps=1: bar.advance(task, steps)
