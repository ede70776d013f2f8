"""A table as Clerk shows it: what GFM cannot say (a caption, row headers, row groups,
numeric alignment, a totals footer), read from GFM tokens by `rules/tables.py`."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token


@dataclass
class Cell:
    inline: Token
    text: str


@dataclass
class Table:
    caption: Token | None
    head: list[Cell]
    rows: list[list[Cell]]
    numeric: list[bool] = field(default_factory=list)
    line: int = 0

    def inlines(self) -> list[Token]:
        """The caption's and every cell's inline token, for checks that read text."""
        cells = [cell.inline for cell in self.head] + [cell.inline for row in self.rows for cell in row]
        return ([self.caption] if self.caption is not None else []) + cells

    def is_group_row(self, row: list[Cell]) -> bool:
        return len(row) > 1 and bool(row[0].text) and all(not cell.text for cell in row[1:])

    def split_footer(self) -> tuple[list[list[Cell]], list[list[Cell]]]:
        """Trailing rows whose first cell says 'total' are the table's totals."""
        cut = len(self.rows)
        while cut > 0 and "total" in self.rows[cut - 1][0].text.lower() and not self.is_group_row(self.rows[cut - 1]):
            cut -= 1
        if cut == 0:
            return self.rows, []
        return self.rows[:cut], self.rows[cut:]
