"""The document model every non-HTML format is made from, read back from print HTML."""

from __future__ import annotations

from generator.formats.document import (
    Document,
    Heading,
    ListBlock,
    Paragraph,
    Table,
    read_document,
)

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Finance – Committee</title>
<meta name="author" content="Norfolk County Council"></head><body>
<h1><span class="caption">Committee, item 8<span class="visually-hidden">:</span></span> Finance</h1>
<h2 id="section-2"><span class="section-num">2.</span> Evidence</h2>
<p class="numbered" id="para-2.3"><a class="para-num" href="#para-2.3"><span class="visually-hidden">Paragraph </span>2.3</a> The budget
is <strong>£15.982m</strong>.<sup class="footnote-ref"><a href="#fn-1"><span class="visually-hidden">Footnote </span>1</a></sup></p>
<ol type="a" class="paren-lower-alpha" start="3"><li>first</li><li>second<ol type="i"><li>inner</li></ol></li></ol>
<p>Tom McCabe<br>Simon George</p>
<table><caption>Table 1: Budget</caption>
<thead><tr><td></td><th scope="col" id="c2" class="num">Budget £m</th><th scope="col">Page</th></tr></thead>
<tbody><tr><th scope="rowgroup" colspan="3" id="g1">IMT</th></tr>
<tr><th scope="row" id="r1" headers="g1">Grants</th><td class="num" headers="c2 g1 r1">(0.500)</td><td><a class="page-ref" href="#x">Page </a></td></tr></tbody>
</table>
</body></html>"""


def test_headings_keep_their_printed_number_and_give_it_apart():
    document = read_document(PAGE)
    assert document.title == "Finance – Committee"
    assert document.language == "en-GB"
    assert document.author == "Norfolk County Council"
    assert list(document.headings()) == [
        Heading(1, "Committee, item 8: Finance"),
        Heading(2, "2. Evidence", "2"),
    ]


def test_a_paragraph_number_is_taken_out_of_its_text_and_source_line_breaks_are_spaces():
    paragraph = read_document(PAGE).blocks[2]
    assert paragraph == Paragraph("The budget is £15.982m. [footnote 1]", "2.3")


def test_list_markers_are_as_printed_with_start_and_nesting():
    lists = [
        block for block in read_document(PAGE).blocks if isinstance(block, ListBlock)
    ]
    outer = lists[0]
    assert [item.marker for item in outer.items] == ["c)", "d)"]
    inner = outer.items[1].blocks[1]
    assert isinstance(inner, ListBlock) and inner.items[0].marker == "i."


def test_a_line_break_is_kept_as_a_new_line():
    assert Paragraph("Tom McCabe\nSimon George") in read_document(PAGE).blocks


def test_each_cell_knows_its_headers_and_the_page_column_of_print_is_dropped():
    table = next(
        block for block in read_document(PAGE).blocks if isinstance(block, Table)
    )
    assert table.caption == "Table 1: Budget"
    assert [cell.text for cell in table.head[0]] == ["", "Budget £m"]
    group, row = table.rows
    assert [cell.text for cell in group] == ["IMT"]
    assert row[1].text == "(0.500)" and row[1].numeric
    assert row[1].labels == ("Budget £m", "IMT", "Grants")


def test_sections_cut_at_second_level_headings():
    sections = read_document(PAGE).sections()
    assert [
        section.heading.text if section.heading else None for section in sections
    ] == [
        "Committee, item 8: Finance",
        "2. Evidence",
    ]


def test_an_empty_page_is_an_empty_document_not_an_error():
    assert read_document("") == read_document("  \n") == Document("", "", "", ())


def test_a_line_break_directly_inside_a_list_item_is_kept_as_a_new_line():
    # The officer contacts: name, telephone and email on lines of their own, not run together.
    document = read_document(
        '<html><body><ul class="contacts"><li><a href="#p">Graham Jermy</a><br>Telephone: 01603 638091</li></ul></body></html>'
    )
    (contacts,) = document.blocks
    assert isinstance(contacts, ListBlock)
    assert contacts.items[0].blocks == (Paragraph("Graham Jermy\nTelephone: 01603 638091"),)
