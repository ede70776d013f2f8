"""Braille already translated (Braille ASCII, one cell a character) laid out on pages: braille.py says how.

Kept apart from the translation so that the page rules (widths, page numbers,
headings kept with what follows, words never divided) can be read and tested
on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

#: Blank cells between text and the braille page number on a page's first line.
PAGE_NUMBER_GAP = 3
#: Cells left blank at either side of a centred heading (BANA Braille Formats 4.3).
CENTRED_MARGIN = 3
#: UEB digits 1–9 and 0 are the letters a–j after the numeric indicator (#).
DIGITS = "JABCDEFGHI"
FORM_FEED = "\f"
LINE_END = "\r\n"


@dataclass(frozen=True)
class Style:
    """How one piece of braille is set: its first line and runover lines start at these cells (0 is cell 1)."""

    first: int = 0
    runover: int = 0
    centred: bool = False
    blank_before: bool = False
    blank_after: bool = False
    keep_with_next: bool = False
    """Never the last thing on a page: it moves to the next page with the line after it."""
    new_page: bool = False
    blank: bool = False
    """Only a blank line (none at the top of a page, never two)."""

    @classmethod
    def centred_heading(cls, new_page: bool = False) -> Style:
        return cls(centred=True, blank_before=True, blank_after=True, keep_with_next=True, new_page=new_page)

    @classmethod
    def heading(cls, level: int, indent: int = 0) -> Style:
        """A level 1 heading centred; level 2 at cell 5 after a blank line; deeper at cell 7."""
        if level <= 1:
            return cls.centred_heading()
        if level == 2:
            return cls(indent + 4, indent + 4, blank_before=True, keep_with_next=True)
        return cls(indent + 6, indent + 6, keep_with_next=True)

    @classmethod
    def blank_line(cls) -> Style:
        return cls(blank=True)

    def with_blank_before(self) -> Style:
        return replace(self, blank_before=True)

    def with_blank_after(self) -> Style:
        return replace(self, blank_after=True)

    def kept_with_next(self) -> Style:
        return replace(self, keep_with_next=True)


def page_number(page: int) -> str:
    """A braille page number in Braille ASCII: the numeric indicator and a letter a digit ("#AJ" is 10)."""
    return "#" + "".join(DIGITS[int(digit)] for digit in str(page))


def page_count(brf: bytes) -> int:
    """How many braille pages a BRF file has."""
    return brf.count(FORM_FEED.encode()) + 1


class Layout:
    def __init__(self, cells: int, lines: int):
        self.cells = cells
        self.lines = lines
        self.pages: list[list[str]] = [[]]
        self.blank_pending = False

    def add(self, braille: str, style: Style) -> None:
        """Set `braille` (one piece, words separated by spaces) in `style`."""
        if style.blank:
            self.blank_pending = True
            return
        words = [word for word in braille.split(" ") if word]
        if not words:
            return
        if style.new_page and self._page:
            self._new_page()
        if style.blank_before:
            self.blank_pending = True
        if style.keep_with_next:
            needed = len(self._wrap(list(words), style, self.cells)) + 1 + int(style.blank_after)
            if self._page and self._room(blank=self.blank_pending) < needed:
                self._new_page()
        first = True
        while words:
            self._settle_blank()
            if len(self._page) >= self.lines:
                self._new_page()
            width = self._width()
            (indent, text), = self._wrap(words, style, width, first=first, one=True)
            self._page.append(" " * indent + text)
            first = False
        if style.blank_after:
            self.blank_pending = True

    def brf(self) -> bytes:
        """The pages as a BRF file: page number at the right of each first line, CR LF line ends, a form feed between pages."""
        pages: list[str] = []
        for index, page in enumerate(self.pages, start=1):
            lines = list(page) or [""]
            while len(lines) > 1 and not lines[-1]:
                lines.pop()
            number = page_number(index)
            lines[0] = lines[0].ljust(self.cells - len(number)) + number
            pages.append("".join(line + LINE_END for line in lines))
        return FORM_FEED.join(pages).encode("ascii", "replace")

    @property
    def _page(self) -> list[str]:
        return self.pages[-1]

    def _new_page(self) -> None:
        self.pages.append([])
        self.blank_pending = False

    def _room(self, blank: bool) -> int:
        return self.lines - len(self._page) - int(blank)

    def _settle_blank(self) -> None:
        """Write the blank line asked for, unless at the top of a page; on the last line, turn the page instead."""
        if not self.blank_pending:
            return
        self.blank_pending = False
        if not self._page:
            return
        if len(self._page) >= self.lines - 1:
            self._new_page()
        else:
            self._page.append("")

    def _width(self) -> int:
        """Cells for the next line: the first line of a page shares its width with the page number."""
        if self._page:
            return self.cells
        return self.cells - len(page_number(len(self.pages))) - PAGE_NUMBER_GAP

    def _wrap(
        self, words: list[str], style: Style, width: int, first: bool = True, one: bool = False
    ) -> list[tuple[int, str]]:
        """Lines of `words` (taken from the list) at `width`: whole words only, unless one is longer than a line."""
        lines: list[tuple[int, str]] = []
        while words:
            if style.centred:
                room = min(width, self.cells - 2 * CENTRED_MARGIN)
                indent = 0
            else:
                indent = min(style.first if first else style.runover, width // 2)
                room = width - indent
            line = words.pop(0)
            if len(line) > room:
                line, rest = _divide(line, room)
                words.insert(0, rest)
            while words and len(line) + 1 + len(words[0]) <= room:
                line += " " + words.pop(0)
            if style.centred:
                indent = min(max(0, (self.cells - len(line)) // 2), width - len(line))
            lines.append((indent, line))
            first = False
            if one:
                break
        return lines


def _divide(word: str, room: int) -> tuple[str, str]:
    """A word too long for a line, divided after a hyphen it has, or else with a hyphen added (UEB 10.13)."""
    hyphen = word.rfind("-", 0, room)
    if hyphen > 0:
        return word[: hyphen + 1], word[hyphen + 1 :]
    cut = max(1, room - 1)
    return word[:cut] + "-", word[cut:]
