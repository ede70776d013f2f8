"""Keeping Python's cyclic garbage collector off what a build holds until it ends.

A build reads and links the whole site, renders its Markdown and plans its
pages, then holds all of it until the end: millions of objects, none of them
garbage. Each full collection walks every one of them, and one runs every
time enough new objects have outlived two younger ones, which the Markdown
parser's tokens and Jinja's contexts do by the thousand: at 4,000 papers the
collector took about 2.6 processor seconds of 30 (the build's and its workers'),
about 2 s after this (bench/README.md). Worse, a
forked worker (parallel.py) that walks the objects it shares with the build
writes to each one's header, so the kernel copies every page of them.

While the content stages make the site's objects (read, unpickled from the
content cache, linked, rendered) the collector is not run at all
(`made_to_last`): they hold few cycles, and unpickling 5,000 loaded files took
1.0 s with it walking them again and again, 0.25 s without.

`gc.freeze` moves every object tracked so far into a generation the collector
never walks; `settled()` is called where the build has just made something it
keeps. `held_for_the_build()` unfreezes them when the build ends, so that
under `clerk serve`, whose builds follow one another in one process, what a
build dropped is collected as before.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def held_for_the_build() -> Iterator[None]:
    """While the build runs, `settled()` sets what it has made aside from the collector; afterwards none is."""
    try:
        yield
    finally:
        gc.unfreeze()


def settled() -> None:
    """What the build holds so far is kept to its end: the collector need not walk it again."""
    gc.freeze()


@contextmanager
def made_to_last() -> Iterator[None]:
    """No collection while the body makes what the build keeps; then it is `settled()`."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settled()
        if enabled:
            gc.enable()
