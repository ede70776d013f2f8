"""The line a diagnostic points at, with a caret under its column, as rustc and Hugo show it.

    5 | title: "Budget
      |        ^

Showing the line is a help, never a requirement: a file that is gone, is not
an ordinary file, is binary, lies outside the project or does not have the
line gives no excerpt, and the diagnostic is printed without one.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from generator.regular_files import read_regular_file

if TYPE_CHECKING:
    from generator.diagnostics import Position  # diagnostics imports this module to print excerpts

#: Files larger than this are not read for an excerpt (the loader refuses content this large anyway).
READ_LIMIT = 2 * 1024 * 1024
#: Lines longer than this are shown as this many characters around the column.
WIDTH = 100
GUTTER = 5


class SourceLines:
    """The lines of the files that diagnostics point at, relative to `root`; each file is read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, list[str] | None] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line `number` (from 1) of the file at `path`, without its line ending; None if it cannot be shown."""
        if path not in self._files:
            self._files[path] = self._read(path)
        lines = self._files[path]
        if lines is None or not 1 <= number <= len(lines):
            return None
        return lines[number - 1]

    def excerpt(self, position: Position) -> str:
        """The line at `position` and a caret under its column, each line indented; '' if it cannot be shown."""
        text = self.line(position.path, position.line)
        if text is None:
            return ""
        # A column past the end (a quote never closed, a missing value) points just after the last character.
        column = min(max(position.column, 1), len(text) + 1)
        start = max(0, min(column - 1 - WIDTH // 2, len(text) - WIDTH))
        shown = text[start : start + WIDTH]
        before = "…" if start > 0 else ""
        after = "…" if start + WIDTH < len(text) else ""
        caret = _blank(before + shown[: column - 1 - start]) + "^"
        number = str(position.line).rjust(GUTTER)
        return f"{number} | {before}{_printable(shown)}{after}\n{' ' * GUTTER} | {caret}"

    def _read(self, path: str) -> list[str] | None:
        try:
            file = (self.root / path).resolve()
            # Only the project's own files: a link out of it (refused as path-escape) is not shown.
            if not file.is_relative_to(self.root.resolve()):
                return None
            data, size, kind = read_regular_file(file, READ_LIMIT)
        except (OSError, RuntimeError, ValueError):
            return None
        if kind != "file" or size > READ_LIMIT or b"\0" in data:
            return None
        return [line.removesuffix("\r") for line in data.decode("utf-8", errors="replace").split("\n")]


def _blank(text: str) -> str:
    """`text` turned into blank space of the same width on a terminal: tabs are kept, so that the
    caret moves as far as the line above it does; wide characters take two places, combining marks none."""
    spaces = []
    for character in text:
        if character == "\t":
            spaces.append("\t")
        elif unicodedata.combining(character):
            continue
        elif unicodedata.east_asian_width(character) in ("W", "F"):
            spaces.append("  ")
        else:
            spaces.append(" ")
    return "".join(spaces)


def _printable(text: str) -> str:
    """Control characters (other than tab) shown as U+FFFD, so a file cannot drive the terminal."""
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" and c != "\t" else c for c in text)
