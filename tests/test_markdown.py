"""The council conventions Clerk adds to Markdown, one behaviour per test."""

from __future__ import annotations

from generator.content.model import Numbering
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext

RENDERER = MarkdownRenderer()


def render(text: str, *, numbering: Numbering = "all") -> tuple[str, Diagnostics]:
    diagnostics = Diagnostics()
    result = RENDERER.render(text, MarkdownContext("paper.md", 1, diagnostics, numbering=numbering))
    return result.html, diagnostics


def test_sections_and_paragraphs_are_numbered_with_their_own_anchors():
    html, _ = render("## Proposal\n\nOne.\n\nTwo.\n\n## Evidence\n\nThree.\n")
    assert '<h2 id="section-1"><span class="section-num">1.</span> Proposal</h2>' in html
    assert '<p class="numbered" id="para-1.2"><a class="para-num" href="#para-1.2">' in html
    assert 'id="para-2.1"' in html and "Three." in html


def test_numbering_carries_on_under_sub_headings_and_skips_lists_and_tables():
    html, _ = render("## A\n\nOne:\n\n- x\n- y\n\n### Sub\n\nTwo.\n")
    assert 'id="para-1.2"' in html and 'id="para-1.3"' not in html


def test_unnumbered_blocks_and_appendices_take_no_numbers():
    html, _ = render("## A\n\nOne.\n\n::: unnumbered\nAside.\n:::\n\nTwo.\n\n## Appendix 1: Data\n\nThree.\n")
    assert 'id="para-1.2"' in html and "<p>Aside.</p>" in html and "<p>Three.</p>" in html
    assert "section-2" not in html


def test_text_before_the_first_section_and_unnumbered_documents_have_no_numbers():
    html, _ = render("Intro.\n\n## A\n\nOne.\n", numbering="none")
    assert "para-" not in html and "section-num" not in html


def test_a_resolved_block_is_one_numbered_paragraph_labelled_resolved():
    html, _ = render("## A\n\nOne.\n\n::: resolved\nThat the Committee:\n\n1) Note\n:::\n")
    assert '<div class="resolved" id="para-1.2">' in html
    assert "<strong>RESOLVED</strong>" in html
    assert html.count('class="numbered"') == 1


def test_nested_ordered_lists_are_lettered_and_a_top_level_list_can_be():
    html, _ = render('1) One\n   1. sub\n\n{type="a"}\n1) first\n', numbering="none")
    assert '<ol type="a">' in html and '<ol type="a" class="paren-lower-alpha">' in html


def test_a_table_has_its_caption_headers_groups_numbers_and_totals():
    html, diagnostics = render(
        "Table 1: Budget 2017-18\n\n"
        "| | Budget £m | Variance £m |\n|---|---|---|\n"
        "| Information technology | | |\n| Infrastructure | 1.683 | (0.500) |\n"
        "| Grants | -1.0 | n/a |\n| Total for Committee | 0.683 | (0.500) |\n",
        numbering="none",
    )
    assert not diagnostics.items
    assert '<caption id="table-1">Table 1: Budget 2017-18</caption>' in html
    assert 'role="region" aria-labelledby="table-1" tabindex="0"' in html
    assert '<tr><td></td><th scope="col" id="table-1-c2" class="num">Budget £m</th>' in html
    assert '<th scope="rowgroup" colspan="3" id="table-1-g1">Information technology</th>' in html
    assert (
        '<tr><th scope="row" id="table-1-r1" headers="table-1-g1">Infrastructure</th>'
        '<td class="num" headers="table-1-c2 table-1-g1 table-1-r1">1.683</td>'
        '<td class="num" headers="table-1-c3 table-1-g1 table-1-r1">(0.500)</td></tr>'
    ) in html
    assert '<tfoot>\n<tr><th scope="row" id="table-1-r3">Total for Committee</th>' in html


def test_a_total_row_in_the_middle_of_a_table_stays_in_the_body():
    html, _ = render("Table: T\n\n| | x |\n|---|---|\n| Total | 1 |\n| Note | 2 |\n", numbering="none")
    assert "<tfoot>" not in html


def test_a_text_column_is_not_right_aligned():
    html, _ = render("Table: T\n\n| Ref | Efficiency |\n|---|---|\n| RES079 | Review staffing |\n", numbering="none")
    assert 'class="num"' not in html


def test_a_caption_line_without_a_number_keeps_only_its_words():
    html, _ = render("Table: Capital programme 2017-18\n\n| | £m |\n|---|---|\n| IMT | 5.030 |\n", numbering="none")
    assert '<caption id="table-capital-programme-2017-18">Capital programme 2017-18</caption>' in html


def test_a_paragraph_that_merely_starts_with_table_is_not_a_caption():
    html, diagnostics = render("Tables are useful.\n\n| a |\n|---|\n| 1 |\n", numbering="none")
    assert "<p>Tables are useful.</p>" in html
    assert [d.rule for d in diagnostics.errors] == ["table-caption"]


def test_raw_html_is_shown_as_text_and_reported():
    html, diagnostics = render("A <script>alert(1)</script> b\n", numbering="none")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert {d.rule for d in diagnostics.errors} == {"raw-html"}


def test_footnotes_are_linked_both_ways_under_a_heading():
    html, _ = render("CPI is 2.6%[^1].\n\n[^1]: UK consumer price inflation.\n", numbering="none")
    assert 'href="#fn-doc-1"' in html and 'id="fn-doc-1"' in html and 'href="#fnref-doc-1"' in html
    assert '<h2 id="footnotes-doc">Footnotes</h2>' in html


def test_repeated_headings_get_distinct_ids():
    html, _ = render("### Action\n\n### Action\n", numbering="none")
    assert 'id="action"' in html and 'id="action-2"' in html


def test_appendices_are_rendered_apart_from_the_main_body():
    diagnostics = Diagnostics()
    result = RENDERER.render("## A\n\nOne.\n\n## Appendix 1\n\nTwo.\n", MarkdownContext("p.md", 1, diagnostics, numbering="all"))
    assert "One." in result.main and "Two." not in result.main
    assert result.appendices.startswith('<h2 id="appendix-1">')
    assert result.sections == 1
