"""What a long-running `clerk serve` remembers between builds: results of the pure, costly steps.

Reading and validating a file and rendering a piece of Markdown depend only
on their inputs, which make the key, so a remembered result is the result.
The diagnostics a step reported are kept with it and reported again by every
build that uses it: a build with a remembered result says exactly what a
clean build says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Hashable, Protocol, TypeVar

from generator.diagnostics import Diagnostic, Diagnostics

if TYPE_CHECKING:
    from generator.build_record import BuildRecord

T = TypeVar("T")


@dataclass(frozen=True)
class Remembered:
    value: Any
    diagnostics: tuple[Diagnostic, ...]


class Memory:
    """Results by key. Entries a build did not use are forgotten after it (`sweep`),
    so what is held follows the site as files are edited, renamed and deleted."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, Remembered] = {}
        self._used: dict[Hashable, Remembered] = {}
        self.hits = 0
        self.file_hashes: dict[tuple, str] = {}
        """Content files' hashes by path and stat (see build_record.content_hashes)."""
        self.ids_before_body: dict[str, frozenset[str]] = {}
        """By source file: the ids a page's other fields took before its body (see preview.py)."""
        self.record: BuildRecord | None = None
        """The record of the build this process last published: build/ as this process left it."""
        self.output_identity: tuple[int, int] | None = None
        """The output folder (device, inode) that record describes."""

    def recall(self, key: Hashable, diagnostics: Diagnostics, compute: Callable[[Diagnostics], T]) -> T:
        """The remembered result for `key`, its diagnostics reported again; else `compute`'s, remembered."""
        entry = self._entries.get(key)
        if entry is None:
            captured = Diagnostics()
            value = compute(captured)
            diagnostics.extend(captured)
            entry = Remembered(value, tuple(captured.items))
            self._entries[key] = entry
        else:
            self.hits += 1
            for diagnostic in entry.diagnostics:
                diagnostics.add(diagnostic)
        self._used[key] = entry
        return entry.value

    def export(self, kind: str) -> list[tuple[Hashable, Remembered]]:
        """The entries whose key starts with `kind`, to send from a worker process (see prerender.py)."""
        return [(key, entry) for key, entry in self._entries.items() if isinstance(key, tuple) and key[0] == kind]

    def adopt(self, entries: list[tuple[Hashable, Remembered]]) -> None:
        self._entries.update(entries)

    def sweep(self) -> None:
        """Forget what the last build did not use."""
        self._entries, self._used = self._used, {}


class Reporting(Protocol):
    """A stage that reports to its own `diagnostics` (the loader, the linker)."""

    diagnostics: Diagnostics


def remembered(memory: Memory | None, stage: Reporting, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave an earlier build for `key` (see `Memory.recall`); without a memory, just `compute()`.

    `compute` reports to `stage.diagnostics`, which points at a fresh collection while it runs,
    so that what it reported is remembered with its result and reported again on reuse."""
    if memory is None:
        return compute()
    return memory.recall(key, stage.diagnostics, reporting_to(stage, compute))


def reporting_to(stage: Reporting, compute: Callable[[], T]) -> Callable[[Diagnostics], T]:
    """`compute` as a step that reports to the collection it is given: `stage.diagnostics` points at it
    while `compute` runs, so that what it reported can be kept with its result (here, or content_cache.py)."""

    def run(captured: Diagnostics) -> T:
        reported_to, stage.diagnostics = stage.diagnostics, captured
        try:
            return compute()
        finally:
            stage.diagnostics = reported_to

    return run
