"""HTML for a `Table`: caption, column and row headers, row groups, totals."""

from __future__ import annotations

from typing import Callable

from markdown_it.token import Token

from generator.markdown.ids import IdRegistry, slugify
from generator.markdown.tables import Cell, Table

RenderInline = Callable[[Token], str]


def render_table(table: Table, inline: RenderInline, ids: IdRegistry) -> str:
    caption_html = inline(table.caption) if table.caption is not None else ""
    caption_id = ids.claim(_caption_id(table))
    width = len(table.head)
    parts = [
        f'<div class="table-scroll" role="region" aria-labelledby="{caption_id}" tabindex="0">\n',
        "<table>\n",
        f'<caption id="{caption_id}">{caption_html}</caption>\n',
        "<thead>\n<tr>",
    ]
    for column, cell in enumerate(table.head):
        parts.append(_header_cell(cell, column, table, inline))
    parts.append("</tr>\n</thead>\n")
    body, footer = table.split_footer()
    parts.append("<tbody>\n")
    for position, row in enumerate(body):
        if table.is_group_row(row):
            if position:
                parts.append("</tbody>\n<tbody>\n")
            parts.append(f'<tr><th scope="rowgroup" colspan="{width}">{inline(row[0].inline)}</th></tr>\n')
            continue
        parts.append(_row(row, table, inline))
    parts.append("</tbody>\n")
    if footer:
        parts.append("<tfoot>\n")
        parts.extend(_row(row, table, inline) for row in footer)
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


def _header_cell(cell: Cell, column: int, table: Table, inline: RenderInline) -> str:
    if not cell.text:
        return "<td></td>"
    return f'<th scope="col"{_class(table, column)}>{inline(cell.inline)}</th>'


def _row(row: list[Cell], table: Table, inline: RenderInline) -> str:
    cells = []
    for column, cell in enumerate(row):
        content = inline(cell.inline)
        if column == 0 and cell.text:
            cells.append(f'<th scope="row">{content}</th>')
        else:
            cells.append(f"<td{_class(table, column)}>{content}</td>")
    return "<tr>" + "".join(cells) + "</tr>\n"

