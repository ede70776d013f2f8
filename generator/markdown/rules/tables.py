"""Accessible tables from GFM tables.

The GFM token run (table_open … table_close) is replaced by one `clerk_table`
token carrying a `Table` model (markdown/tables.py), so the HTML can have what
GFM cannot say: a caption, row headers, row groups, numeric alignment and a
totals footer.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.tables import Cell, Table

#: A paragraph that captions the table after it: "Table 3: …", "Table 3 …" or "Table: …".
CAPTION = re.compile(r"^Table(?:\s+(?P<number>\d+[A-Za-z]?))?\s*(?P<colon>[:.])?\s+(?P<rest>\S.*)$", re.S)
NUMBER = re.compile(r"^[-−–]?\(?[-−–]?£?\d[\d,]*(?:\.\d+)?\s*(?:%|k|m|bn)?\)?%?$")
NEUTRAL = {"", "-", "–", "n/a", "N/A", "nil"}


def caption_text(inline: Token) -> tuple[str, bool] | None:
    """The caption a paragraph gives and whether its 'Table:' lead-in is dropped; None if no caption."""
    match = CAPTION.match(inline.content.strip())
    if not match or (match.group("number") is None and match.group("colon") is None):
        return None
    if match.group("number") is None:
        return match.group("rest"), True
    return inline.content.strip(), False


def collect_tables(tokens: list[Token], context: MarkdownContext) -> None:
    """Replace each GFM table's tokens with one `clerk_table` token."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != "table_open":
            result.append(token)
            index += 1
            continue
        end = index
        while tokens[end].type != "table_close":
            end += 1
        caption = _take_caption(result, token.level)
        table = _read_table(tokens[index : end + 1], caption)
        table.line = token.map[0] if token.map else 0
        wrapper = Token("clerk_table", "table", 0, level=token.level, map=token.map, block=True)
        wrapper.meta = {"table": table}
        result.append(wrapper)
        index = end + 1
    tokens[:] = result


def _take_caption(previous: list[Token], level: int) -> Token | None:
    """Take the caption paragraph just before a table out of the token stream."""
    if len(previous) < 3:
        return None
    opening, inline, closing = previous[-3:]
    if opening.type != "paragraph_open" or closing.type != "paragraph_close" or opening.level != level:
        return None
    found = caption_text(inline)
    if found is None:
        return None
    del previous[-3:]
    text, drop_lead_in = found
    inline.content = text
    children = inline.children or []
    if drop_lead_in and children and children[0].type == "text":
        first = children[0]
        first.content = re.sub(r"^Table\s*[:.]\s*", "", first.content)
    return inline


def _read_table(tokens: list[Token], caption: Token | None) -> Table:
    head: list[Cell] = []
    rows: list[list[Cell]] = []
    current: list[Cell] | None = None
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            current = []
            rows.append(current)
        elif token.type == "inline":
            cell = Cell(inline=token, text=token.content.strip())
            (head if in_head else current if current is not None else head).append(cell)
    table = Table(caption=caption, head=head, rows=rows)
    table.numeric = [_is_numeric_column(table, column) for column in range(len(head))]
    return table


def _is_numeric_column(table: Table, column: int) -> bool:
    if column == 0:
        return False
    seen_number = False
    for row in table.rows:
        if column >= len(row) or table.is_group_row(row):
            continue
        text = row[column].text.replace(" ", "")
        if text in NEUTRAL:
            continue
        if not NUMBER.match(text):
            return False
        seen_number = True
    return seen_number
