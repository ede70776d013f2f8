"""Plain text: wrapped at 72 characters, headings underlined, paragraph numbers hanging, tables readable."""

from __future__ import annotations

from generator.formats.document import read_document
from generator.formats.output import FormatSettings, FormatSource
from generator.formats.plain_text import WIDTH, render

SETTINGS = FormatSettings("Norfolk County Council", "en-GB")


def text_of(body: str) -> str:
    html = f'<!DOCTYPE html><html lang="en-GB"><head><title>T</title></head><body>{body}</body></html>'
    return render(FormatSource(html, read_document(html), "x/"), SETTINGS).data.decode("utf-8")


def test_headings_are_underlined_by_level_with_their_numbers_kept():
    text = text_of(
        '<h1>Finance monitoring</h1><h2><span class="section-num">2.</span> Evidence</h2><h3>Revenue budget</h3><p>x</p>'
    )
    assert text.startswith("Finance monitoring\n==================\n\n2. Evidence\n-----------\n\nRevenue budget\n\nx\n")


def test_a_paragraph_number_hangs_before_its_wrapped_paragraph():
    words = "The 2017-18 net revenue budget for this Committee is £15.982m, we are currently forecasting a balanced budget."
    text = text_of(f'<p><a class="para-num" href="#p"><span class="visually-hidden">Paragraph </span>2.3</a> {words}</p>')
    assert text.splitlines() == [
        "2.3  The 2017-18 net revenue budget for this Committee is £15.982m, we",
        "     are currently forecasting a balanced budget.",
    ]


def test_every_line_is_at_most_72_characters_unless_it_is_one_word_too_long_to_break():
    address = "https://www.example.org/" + "a" * 80
    text = text_of(f"<p>{'word ' * 60} {address} and more</p><ul><li><ol><li>{'nested text ' * 30}</li></ol></li></ul>")
    for line in text.splitlines():
        assert len(line) <= WIDTH or line.strip() == address


def test_list_markers_are_as_printed_and_nested_lists_indented_under_their_item():
    text = text_of('<ol type="a" class="paren-lower-alpha"><li>first<ol type="i"><li>inner</li></ol></li><li>second</li></ol>')
    assert text.splitlines() == ["a) first", "", "   i. inner", "", "b) second"]


FIGURES = """<table><caption>Table 1: Budget</caption>
<thead><tr><td></td><th scope="col" id="c1" class="num">Budget £m</th><th scope="col" id="c2" class="num">Forecast £m</th></tr></thead>
<tbody><tr><th scope="rowgroup" colspan="3" id="g1">Information Management Technology</th></tr>
<tr><th scope="row" id="r1" headers="g1">Grants</th><td class="num" headers="c1 g1 r1">(0.500)</td><td class="num" headers="c2 g1 r1">(0.500)</td></tr>
<tr><th scope="row" id="r2" headers="g1">Total for Committee</th><td class="num" headers="c1 g1 r2">15.982</td><td class="num" headers="c2 g1 r2">15.982</td></tr></tbody>
</table>"""


def test_a_table_that_fits_is_laid_out_in_aligned_columns_with_figures_right_aligned():
    assert text_of(FIGURES).splitlines() == [
        "Table 1: Budget",
        "",
        "                     Budget £m  Forecast £m",
        "-------------------  ---------  -----------",
        "Information Management Technology",
        "Grants                 (0.500)      (0.500)",
        "Total for Committee     15.982       15.982",
    ]


def test_a_table_too_wide_for_72_characters_is_read_row_by_row_each_cell_labelled_by_its_headers():
    months = [f"Month {number:02}" for number in range(1, 15)]
    head = "".join(f'<th scope="col">{month}</th>' for month in months)
    row = "".join(f"<td>{number}.0%</td>" for number in range(1, 15))
    text = text_of(f'<table><thead><tr><th scope="col">Indicator</th>{head}</tr></thead>'
                   f'<tbody><tr><th scope="row">First line fix</th>{row}</tr></tbody></table>')  # fmt: skip
    lines = text.splitlines()
    assert lines[0] == "First line fix"
    assert "  Month 01: 1.0%" in lines
    assert "  Month 14: 14.0%" in lines
    assert all(len(line) <= WIDTH for line in lines)


def test_nothing_crashes_on_an_empty_document_odd_characters_or_a_table_without_a_head():
    assert text_of("") == "\n"
    odd = text_of("<p>🙂 e\u0301 עברית</p><table><tr><td>a</td><td></td></tr></table><ul><li></li></ul>")
    assert "🙂 e\u0301 עברית" in odd
    assert "a" in odd.splitlines()
