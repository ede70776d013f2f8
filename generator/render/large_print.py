"""Tables reflowed for the large-print edition.

At 18pt only a few columns fit across an A4 page, and shrinking the type
would defeat the edition. UKAAF's clear-print guidance is to keep a table
readable rather than complete on one line, so a table wider than
`LARGE_PRINT_COLUMNS` is split into parts, each a real table with the row
headers repeated, its own caption ("part 1 of 3: …") and the column headers
it covers. Screen readers still get header cells; print readers get rows
they can follow.

This reads the table markup Clerk itself writes (`markdown/table_html.py`
and the templates), so it does not need to handle arbitrary HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

#: A row-header column and three data columns: what fits across A4 portrait at 18pt.
LARGE_PRINT_COLUMNS = 4
#: A table, up to its first end tag. Written out (no lazy `.*?`, which tests for the end tag at every
#: character) so that a register's table of thousands of rows is found in a tenth of the time.
TABLE_BLOCK = re.compile(r"<table\b[^<]*+(?:<(?!/table>)[^<]*+)*+</table>")
VOID = {"br", "img", "wbr", "hr", "col"}


@dataclass
class Node:
    tag: str
    attrs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Node | str] = field(default_factory=list)

    def attribute(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def elements(self, tag: str) -> list[Node]:
        return [child for child in self.children if isinstance(child, Node) and child.tag == tag]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, attrs)
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.stack[-1].children.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.stack[-1].children.append(f"&#{name};")


def _parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def _html(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    inner = "".join(_html(child) for child in node.children)
    if node.tag == "#root":
        return inner
    attrs = "".join(f" {key}" if value is None else f' {key}="{escape(value)}"' for key, value in node.attrs)
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def split_wide_tables(html: str, columns: int = LARGE_PRINT_COLUMNS) -> str:
    """`html` with every table wider than `columns` split into parts of at most that many."""
    return TABLE_BLOCK.sub(lambda match: _split(match.group(0), columns), html)


ROW = re.compile(r"<tr\b[^<]*+(?:<(?!/tr>)[^<]*+)*+</tr>")  # as TABLE_BLOCK
CELL = re.compile(r"<t[hd]\b([^>]*)>")
COLSPAN = re.compile(r'colspan="(\d+)"')


def _fits(table_html: str, columns: int) -> bool:
    """No row is wider than `columns`, seen without parsing: most tables fit, and parsing each
    one took a tenth of a large council's build."""
    for row in ROW.findall(table_html):
        if "colspan" in row:
            width = sum(int(span.group(1)) if (span := COLSPAN.search(attributes)) else 1 for attributes in CELL.findall(row))
        else:
            width = len(CELL.findall(row))
        if width > columns:
            return False
    return True


def _split(table_html: str, columns: int) -> str:
    if _fits(table_html, columns):
        return table_html
    table = _parse(table_html).elements("table")[0]
    rows = [row for section in table.children if isinstance(section, Node) for row in section.elements("tr")]
    width = max((_width(row) for row in rows), default=0)
    if width <= columns or any(_spans_columns(row, width) for row in rows):
        return table_html
    data_columns = list(range(1, width))
    step = columns - 1
    chunks = [data_columns[start : start + step] for start in range(0, len(data_columns), step)]
    return "\n".join(_part(table, chunk, number, len(chunks), width) for number, chunk in enumerate(chunks, start=1))


def _width(row: Node) -> int:
    return sum(int(cell.attribute("colspan") or 1) for cell in row.children if isinstance(cell, Node))


def _spans_columns(row: Node, width: int) -> bool:
    """A cell spanning some but not all columns cannot be split cleanly, so such a table is left whole."""
    return any(1 < int(cell.attribute("colspan") or 1) < width for cell in row.children if isinstance(cell, Node))


def _part(table: Node, chunk: list[int], number: int, parts: int, width: int) -> str:
    """One part: the row headers, group rows and caption again, with the columns in `chunk`.

    What repeats in every part gets a fresh id after the first, and cells'
    `headers` follow it, so each part is a valid table on its own.
    """
    renamed: dict[str, str] = {}

    def fresh(cell: Node) -> Node:
        if number == 1:
            return cell
        attrs = []
        for key, value in cell.attrs:
            if key == "id" and value:
                renamed[value] = value = f"{value}-part{number}"
            elif key == "headers" and value:
                value = " ".join(renamed.get(token, token) for token in value.split())
            attrs.append((key, value))
        return Node(cell.tag, attrs, cell.children)

    out = Node("table", table.attrs)
    for section in table.children:
        if not isinstance(section, Node):
            continue
        if section.tag == "caption":
            note = Node("span", [("class", "table-part")], [f" (part {number} of {parts})"])
            caption = fresh(section)
            out.children.append(Node("caption", caption.attrs, [*caption.children, note]))
            continue
        kept = Node(section.tag, section.attrs)
        for row in section.elements("tr"):
            cells = [cell for cell in row.children if isinstance(cell, Node)]
            if len(cells) == 1 and int(cells[0].attribute("colspan") or 1) == width:
                group = fresh(cells[0])
                spanned = [(k, v) for k, v in group.attrs if k != "colspan"] + [("colspan", str(len(chunk) + 1))]
                kept.children.append(Node("tr", row.attrs, [Node(group.tag, spanned, group.children)]))
                continue
            first = fresh(cells[0])
            kept.children.append(Node("tr", row.attrs, [first, *(fresh(cells[column]) for column in chunk if column < len(cells))]))
        out.children.append(kept)
    return _html(out)
