"""Tables: each has a caption and a header row with text in it."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report


def check_tables(tokens: list[Token], context: MarkdownContext) -> None:
    for token in tokens:
        if token.type != "clerk_table":
            continue
        table = token.meta["table"]
        if table.caption is None:
            report(context, token, "table-caption", "this table has no caption; a caption tells people what the table is before they read it",
                   "put a line such as 'Table 2: Capital programme 2017-18' (or 'Table: …') just before the table")
        if not any(cell.text for cell in table.head):
            report(context, token, "table-header", "this table's header row is empty, so no cell has a column heading",
                   "write the column headings in the first row of the table")
