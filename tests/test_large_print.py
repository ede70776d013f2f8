"""Wide tables split into parts for large print: every cell kept once, row headers in every part."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.render.large_print import split_wide_tables


def _table(columns: int, rows: int, group: bool = False) -> str:
    head = "".join(f'<th scope="col" id="t-c{c}">Col &amp; {c}</th>' for c in range(1, columns))
    body = []
    if group:
        body.append(f'<tr><th scope="rowgroup" colspan="{columns}" id="t-g1">Group</th></tr>')
    for r in range(rows):
        cells = "".join(f'<td class="num" headers="t-c{c} t-r{r}">r{r}c{c}</td>' for c in range(1, columns))
        body.append(f'<tr><th scope="row" id="t-r{r}">Row {r}</th>{cells}</tr>')
    return (
        f'<div class="table-scroll"><table>\n<caption id="t">Table 1: <em>Dashboard</em></caption>\n'
        f"<thead>\n<tr><td></td>{head}</tr>\n</thead>\n<tbody>\n{''.join(body)}</tbody>\n</table>\n</div>"
    )


def test_a_narrow_table_is_left_exactly_as_it_was():
    html = "<p>Before</p>" + _table(4, 3) + "<p>After</p>"
    assert split_wide_tables(html) == html


def test_a_thirteen_column_dashboard_becomes_four_parts_of_four_columns():
    parts = re.findall(r"<table>.*?</table>", split_wide_tables(_table(13, 2, group=True)), re.S)
    assert len(parts) == 4
    for number, part in enumerate(parts, start=1):
        assert f"Table 1: <em>Dashboard</em><span class=\"table-part\"> (part {number} of 4)</span>" in part
        assert part.count("Row 0") == 1 and part.count("Row 1") == 1, "row headers repeat in every part"
        assert f'colspan="{part.split("<tr>")[1].count("<th") + 1}"' in part, "the group row spans the part"
    ids = re.findall(r'id="([^"]+)"', "".join(parts))
    assert len(ids) == len(set(ids)), "ids stay unique"
    for part in parts:
        own = set(re.findall(r'id="([^"]+)"', part))
        for headers in re.findall(r'headers="([^"]+)"', part):
            assert set(headers.split()) <= own, "headers point into the same part"
    assert "Col &amp; 12" in parts[3]


@given(columns=st.integers(min_value=1, max_value=20), rows=st.integers(min_value=0, max_value=5), group=st.booleans())
def test_every_cell_is_kept_once_and_no_part_is_too_wide(columns, rows, group):
    split = split_wide_tables(_table(columns, rows, group))
    for r in range(rows):
        for c in range(1, columns):
            assert split.count(f">r{r}c{c}<") == 1
    for part in re.findall(r"<table>.*?</table>", split, re.S):
        for row in re.findall(r"<tr>(.*?)</tr>", part, re.S):
            assert row.count("<th") + row.count("<td") <= 4
