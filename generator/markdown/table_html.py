"""HTML for a `Table`: caption, column and row headers, row groups, totals.

Tables with row groups have two levels of row headers, which screen readers
can only pair with data cells through `headers` attributes (WCAG technique
H43); every table gets them, so the markup is the same whatever its shape.
"""

from __future__ import annotations

from typing import Callable

from markdown_it.token import Token

from generator.markdown.ids import IdRegistry, slugify
from generator.markdown.tables import Cell, Table

RenderInline = Callable[[Token], str]
#: From this many columns a table does not fit across a portrait A4 page.
WIDE_COLUMNS = 8


def render_table(table: Table, inline: RenderInline, ids: IdRegistry) -> str:
    caption_html = inline(table.caption) if table.caption is not None else ""
    table_id = ids.claim(_caption_id(table))
    column_ids = [ids.claim(f"{table_id}-c{column + 1}") if cell.text else None for column, cell in enumerate(table.head)]
    width = len(table.head)
    # Wide tables get a landscape page in print (see templates/pdf/print.css).
    wide = " wide" if width >= WIDE_COLUMNS else ""
    parts = [
        f'<div class="table-scroll{wide}" role="region" aria-labelledby="{table_id}" tabindex="0">\n',
        "<table>\n",
        f'<caption id="{table_id}">{caption_html}</caption>\n',
        "<thead>\n<tr>",
    ]
    for column, cell in enumerate(table.head):
        if column_ids[column] is None:
            parts.append("<td></td>")
        else:
            parts.append(f'<th scope="col" id="{column_ids[column]}"{_class(table, column)}>{inline(cell.inline)}</th>')
    parts.append("</tr>\n</thead>\n")
    body, footer = table.split_footer()
    row_number = 0
    group_id: str | None = None
    parts.append("<tbody>\n")
    for position, row in enumerate(body):
        if table.is_group_row(row):
            if position:
                parts.append("</tbody>\n<tbody>\n")
            group_id = ids.claim(f"{table_id}-g{position + 1}")
            parts.append(
                f'<tr><th scope="rowgroup" colspan="{width}" id="{group_id}">{inline(row[0].inline)}</th></tr>\n'
            )
            continue
        row_number += 1
        parts.append(_row(row, table, inline, ids, f"{table_id}-r{row_number}", column_ids, group_id))
    parts.append("</tbody>\n")
    if footer:
        parts.append("<tfoot>\n")
        for row in footer:
            row_number += 1
            parts.append(_row(row, table, inline, ids, f"{table_id}-r{row_number}", column_ids, None))
        parts.append("</tfoot>\n")
    parts.append("</table>\n</div>\n")
    return "".join(parts)


def _caption_id(table: Table) -> str:
    """'Table 3: …' becomes table-3, so people can cite it; other captions use their words."""
    slug = slugify(table.caption.content if table.caption is not None else "untitled")
    words = slug.split("-")
    if len(words) > 1 and words[0] == "table" and words[1].isdigit():
        return f"table-{words[1]}"
    return "table-" + "-".join(words[:8])


def _class(table: Table, column: int) -> str:
    return ' class="num"' if column < len(table.numeric) and table.numeric[column] else ""


def _headers(*ids: str | None) -> str:
    present = [i for i in ids if i]
    return f' headers="{" ".join(present)}"' if present else ""


def _row(
    row: list[Cell],
    table: Table,
    inline: RenderInline,
    ids: IdRegistry,
    wanted_row_id: str,
    column_ids: list[str | None],
    group_id: str | None,
) -> str:
    row_id = ids.claim(wanted_row_id) if row and row[0].text else None
    cells = []
    for column, cell in enumerate(row):
        content = inline(cell.inline)
        column_id = column_ids[column] if column < len(column_ids) else None
        if column == 0 and row_id:
            cells.append(f'<th scope="row" id="{row_id}"{_headers(group_id)}>{content}</th>')
        else:
            cells.append(f"<td{_class(table, column)}{_headers(column_id, group_id, row_id)}>{content}</td>")
    return "<tr>" + "".join(cells) + "</tr>\n"
