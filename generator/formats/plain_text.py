"""A document as plain UTF-8 text, for screen-reader users, translation tools and anyone without a PDF reader.

Lines are wrapped at 72 characters (a word longer than a line, such as a web
address, is kept whole rather than broken). Headings are underlined (=== for
level 1, --- for level 2) with their numbers kept; paragraph numbers hang
before their paragraph ("2.3  The 2017-18 net revenue budget…"); list
markers are those printed, nested lists indented under their item. A table
is laid out as aligned columns, its cells wrapped within them, when that
fits in 72 characters, and otherwise row by row, each cell labelled with the
headers that label it (document.py `Cell.labels`), so that no figure is
ever read without knowing what it is.
"""

from __future__ import annotations

import textwrap

from generator.formats.document import (
    Block,
    Cell,
    DefinitionList,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Table,
)
from generator.formats.output import FormatOutput, FormatSettings, FormatSource

WIDTH = 72
#: Narrowest text a deeply nested block is given, so that nesting never squeezes words out of a line.
NARROWEST = 24
UNDERLINES = {1: "=", 2: "-"}
COLUMN_GAP = "  "
QUOTE_INDENT = "    "


def render(source: FormatSource, settings: FormatSettings) -> FormatOutput:
    return FormatOutput(plain_text(source.document.blocks).encode("utf-8"))


def plain_text(blocks: tuple[Block, ...], width: int = WIDTH) -> str:
    lines = _blocks(blocks, width)
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def _blocks(blocks: tuple[Block, ...], width: int) -> list[str]:
    """Each block's lines, a blank line between blocks."""
    lines: list[str] = []
    for block in blocks:
        laid_out = _block(block, width)
        if not laid_out:
            continue
        if lines:
            lines.append("")
        lines.extend(laid_out)
    return lines


def _block(block: Block, width: int) -> list[str]:
    if isinstance(block, Heading):
        return _heading(block, width)
    if isinstance(block, Paragraph):
        prefix = f"{block.number}  " if block.number else ""
        return _wrap(block.text, width, prefix, " " * len(prefix))
    if isinstance(block, ListBlock):
        return _list(block, width)
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, DefinitionList):
        return _definitions(block, width)
    if isinstance(block, Quote):
        return _indented(_blocks(block.blocks, _narrower(width, len(QUOTE_INDENT))), QUOTE_INDENT)
    return []


def _heading(heading: Heading, width: int) -> list[str]:
    lines = _wrap(heading.text, width)
    underline = UNDERLINES.get(heading.level)
    if underline is None or not lines:
        return lines
    return [*lines, underline * max(len(line) for line in lines)]


def _list(block: ListBlock, width: int) -> list[str]:
    lines: list[str] = []
    for item in block.items:
        indent = " " * (len(item.marker) + 1)
        inner = _blocks(item.blocks, _narrower(width, len(indent))) or [""]
        if lines and any(len(other.blocks) > 1 for other in block.items):
            lines.append("")  # items of several blocks are told apart by a blank line
        lines.append(f"{item.marker} {inner[0]}".rstrip())
        lines.extend(_indented(inner[1:], indent))
    return lines


def _definitions(block: DefinitionList, width: int) -> list[str]:
    lines: list[str] = []
    for item in block.items:
        details = item.details.split("\n")
        if len(details) == 1:
            lines.extend(_wrap(f"{item.term}: {item.details}" if item.term else item.details, width, "", "  "))
        else:
            lines.append(f"{item.term}:")
            for line in details:
                lines.extend(_wrap(line, width, "  ", "    "))
    return lines


def _table(table: Table, width: int) -> list[str]:
    caption = _wrap(table.caption, width) if table.caption else []
    body = _columns(table, width)
    if body is None:
        body = _row_by_row(table, width)
    return [*caption, *([""] if caption and body else []), *body]


def _columns(table: Table, width: int) -> list[str] | None:
    """The table as aligned columns, each cell wrapped within its column; None when it cannot fit in `width`
    (or its rows are not all as wide as its header: cells spanning columns are only read row by row)."""
    rows = [*table.head, *table.rows]
    count = max((len(row) for row in rows), default=0)
    if count == 0 or any(len(row) not in (count, 1) for row in rows) or any(len(row) != count for row in table.head):
        return None
    full = [row for row in rows if len(row) == count]
    shortest = [max((_longest_word(row[column].text) for row in full), default=0) for column in range(count)]
    natural = [max((len(_one_line(row[column].text)) for row in full), default=0) for column in range(count)]
    body = [row for row in table.rows if len(row) == count]
    natural_body = [max((len(_one_line(row[column].text)) for row in body), default=0) for column in range(count)]
    gaps = len(COLUMN_GAP) * (count - 1)
    if sum(shortest) + gaps > width:
        return None
    # The figures and names of the body first, kept on one line where they can be; headings wrap.
    widths = _share_out(shortest, natural_body, width - gaps)
    widths = _share_out(widths, natural, width - gaps)
    numeric = [all(row[column].numeric or not row[column].text for row in table.rows if len(row) == count) for column in range(count)]
    lines: list[str] = []
    for index, row in enumerate(rows):
        if len(row) == 1 and count > 1:
            lines.extend(_wrap(row[0].text, width))  # a row-group heading, across the table
        else:
            lines.extend(_row_lines(row, widths, numeric))
        if index == len(table.head) - 1:
            lines.append(COLUMN_GAP.join("-" * column_width for column_width in widths))
    return lines


def _share_out(shortest: list[int], natural: list[int], room: int) -> list[int]:
    """Column widths: each at least as in `shortest`, the room left given to those that want more, in proportion."""
    widths = list(shortest)
    wanted = [max(want - least, 0) for want, least in zip(natural, shortest)]
    spare = room - sum(shortest)
    total = sum(wanted)
    if total <= spare:
        return [max(want, least) for want, least in zip(natural, shortest)]
    for column, want in enumerate(wanted):
        widths[column] += spare * want // total
    return widths


def _row_lines(row: tuple[Cell, ...], widths: list[int], numeric: list[bool]) -> list[str]:
    wrapped = [_wrap(_one_line(cell.text), column_width) or [""] for cell, column_width in zip(row, widths)]
    height = max(len(cell_lines) for cell_lines in wrapped)
    lines = []
    for line in range(height):
        parts = []
        for column, cell_lines in enumerate(wrapped):
            text = cell_lines[line] if line < len(cell_lines) else ""
            parts.append(text.rjust(widths[column]) if numeric[column] and not row[column].header else text.ljust(widths[column]))
        lines.append(COLUMN_GAP.join(parts).rstrip())
    return lines


def _row_by_row(table: Table, width: int) -> list[str]:
    """Each row on lines of its own: its heading, then each cell after the headers that label it."""
    lines: list[str] = []
    group = ""
    for row in table.rows:
        headings = [cell.text for cell in row if cell.header and cell.text]
        if len(row) == 1 and row[0].header:
            group = row[0].text
            lines.extend(["", *_wrap(group, width)] if lines else _wrap(group, width))
            continue
        said = {group, *headings}
        row_lines = [line for heading in headings for line in _wrap(_one_line(heading), width)]
        for cell in row:
            if cell.header or not cell.text:
                continue
            labels = [label for label in cell.labels if label not in said]
            text = f"{'; '.join(labels)}: {_one_line(cell.text)}" if labels else _one_line(cell.text)
            row_lines.extend(_indented(_wrap(text, _narrower(width, 2), "", "  "), "  " if headings else ""))
        if row_lines:
            if lines:
                lines.append("")
            lines.extend(row_lines)
    return lines


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """`text` wrapped at `width`, line breaks it holds kept; `first` before its first line, `rest` before the others."""
    lines: list[str] = []
    for number, line in enumerate(text.split("\n")):
        indent = first if number == 0 else rest
        lines.extend(
            textwrap.wrap(
                line, max(width, 1), initial_indent=indent, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
            )
            or ([indent.rstrip()] if number == 0 and first.strip() else [])
        )
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split("\n"))


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def _narrower(width: int, indent: int) -> int:
    return max(width - indent, NARROWEST)


def _indented(lines: list[str], indent: str) -> list[str]:
    return [f"{indent}{line}" if line else line for line in lines]
