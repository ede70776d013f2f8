"""Diagnostics: every problem Clerk finds, with its place, collected rather than raised.

A build reports all of its mistakes together, so stages append to a
`Diagnostics` list instead of raising on the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from generator.source_excerpt import SourceLines


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    rule: str
    message: str
    hint: str = ""

    def format(self, sources: SourceLines | None = None) -> str:
        """`path:line:col: severity[rule]: message` (tools read this first line), then, given the
        project's `sources`, the line it points at with a caret under the column, then the hint."""
        text = f"{self.position}: {self.severity.value}[{self.rule}]: {self.message}"
        excerpt = sources.excerpt(self.position) if sources is not None else ""
        if excerpt:
            text += "\n" + excerpt
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects every diagnostic of one build; `report()` shows the first `limit` of them and counts the rest."""

    limit: int = 50
    items: list[Diagnostic] = field(default_factory=list)
    # A set beside the list: a page that fails everywhere gives thousands of
    # findings, and a membership test on the list made collecting them quadratic.
    _seen: set[Diagnostic] = field(default_factory=set, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.items)

    def error(self, position: Position, rule: str, message: str, hint: str = "") -> None:
        self.add(Diagnostic(position, Severity.ERROR, rule, message, hint))

    def warning(self, position: Position, rule: str, message: str, hint: str = "") -> None:
        self.add(Diagnostic(position, Severity.WARNING, rule, message, hint))

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic in self._seen:
            return
        self._seen.add(diagnostic)
        self.items.append(diagnostic)

    def extend(self, others: "Diagnostics") -> None:
        for item in others.items:
            self.add(item)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.position, d.rule, d.message))

    def report(self, root: Path | None = None) -> str:
        """The diagnostics sorted by place, at most `limit` of them, then a count of all.

        Given the project's `root`, each shows the line of the file it points at, caret under the column."""
        sources = SourceLines(root) if root is not None else None
        shown = self.sorted()[: self.limit]
        lines = [d.format(sources) for d in shown]
        hidden = len(self.items) - len(shown)
        if hidden > 0:
            lines.append(f"… and {hidden} more")
        if self.items:
            lines.append(f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")
        return "\n".join(lines)


def relative(path: Path, root: Path) -> str:
    """The path as users see it in messages: relative to the project when possible."""
    try:
        # absolute(), not resolve(): a symlink is named where it is, not where it points.
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()
