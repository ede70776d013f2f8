"""A paper's front matter says how it numbers its paragraphs, as it was printed (issue 12 point 6)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.build import build
from tests.sitekit import PAPER, SEED, make_site, paper_with_body, read

PAGE = "meetings/2030-01-15-audit/internal-audit/index.html"

#: Shaped like the seed's performance report: numbered paragraphs under each `##` heading, then
#: report cards under `###` and `####` sub-headings, printed without numbers.
REPORT_CARDS = """## Introduction

This paper presents up to date performance management information.

The paper highlights any key issues or trends for members to note.

## Report Cards

A report card has been produced for each vital sign.

Each vital sign has a lead officer and a data owner.

### IMT: Customer satisfaction

#### Why is this important?

Every customer deserves to feel valued.

#### Action required

- To continue to review the low rated feedback

## IMT programme of work

We are currently prioritising the projects around Norfolk Futures.
"""


def _numbering(value: str) -> str:
    return paper_with_body(REPORT_CARDS).replace("kind: report\n", f"kind: report\nnumbering: {value}\n")


def _built(tmp_path: Path, paper: str, page: str = PAGE) -> str:
    result = build(make_site(tmp_path, {PAPER: paper}), tmp_path / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    return (tmp_path / "out" / page).read_text(encoding="utf-8")


def _paragraph_numbers(html: str) -> list[str]:
    return re.findall(r'<p class="numbered" id="para-([\d.]+)"', html)


def test_sections_numbering_numbers_only_the_paragraphs_directly_under_a_section_heading(tmp_path):
    html = _built(tmp_path, _numbering("sections"))
    # 4.1 is the background papers' paragraph, which sits directly under its own section.
    assert _paragraph_numbers(html) == ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1"]
    assert "<p>Every customer deserves to feel valued.</p>" in html
    assert '<h2 id="section-3"><span class="section-num">3.</span> IMT programme of work</h2>' in html


def test_all_numbering_is_the_default_and_carries_on_under_sub_headings(tmp_path):
    assert _paragraph_numbers(_built(tmp_path, paper_with_body(REPORT_CARDS))) == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "4.1"]


def test_none_numbering_numbers_no_section_or_paragraph_not_even_the_background_papers(tmp_path):
    html = _built(tmp_path, _numbering("none"))
    assert "para-" not in html and "section-num" not in html
    assert '<h2 id="introduction">Introduction</h2>' in html
    assert '<h2 id="background-papers">Background papers</h2>\n<p>Background papers relevant' in html
    assert '<a href="#background-papers">Background papers</a>' in html


def test_sections_numbering_is_the_same_in_the_large_print_view(tmp_path):
    html = _built(tmp_path, _numbering("sections"), "large-print/" + PAGE)
    assert _paragraph_numbers(html) == ["1.1", "1.2", "2.1", "2.2", "3.1", "4.1"]


def test_minutes_may_number_by_sections_too(tmp_path):
    minutes = "content/meetings/2029-12-10-audit/minutes.md"
    text = read(minutes).replace("concluded:", "numbering: sections\nconcluded:").replace(
        "The committee considered the plan.\n", "The committee considered the plan.\n\n### Questions\n\nNone were asked.\n"
    )
    result = build(make_site(tmp_path, {minutes: text}), tmp_path / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    html = (tmp_path / "out/meetings/2029-12-10-audit/minutes/index.html").read_text(encoding="utf-8")
    assert _paragraph_numbers(html) == ["1.1", "2.1"] and "<p>None were asked.</p>" in html
    assert '<div class="resolved">' in html, "a RESOLVED after a sub-heading is left unnumbered too"


def test_an_unknown_numbering_style_is_an_error_at_its_value(tmp_path):
    result = build(make_site(tmp_path, {PAPER: _numbering("headings")}), tmp_path / "out", gate=None, pdfs=False)
    assert not result.ok
    [error] = result.diagnostics.errors
    assert (error.position.path, error.position.line, error.position.column) == (PAPER, 3, 12)
    assert "'all', 'sections' or 'none'" in error.hint


def test_the_performance_report_numbered_by_sections_prints_the_seeds_paragraph_numbers(example_build):
    """The example's performance report says `numbering: sections`: its report cards need no unnumbered block."""
    source = (Path(__file__).parents[1] / "content/meetings/2017-10-12-digital-innovation-and-efficiency/performance-management.md").read_text()
    assert "numbering: sections" in source and source.count("::: unnumbered") == 2
    seed = SEED.read_text(encoding="utf-8")
    report = seed[seed.index("Report title:\tPerformance Management") : seed.index("Report title:\tNCC Digital Offer")]
    printed = re.findall(r"^\s*(?:- )?(\d+\.\d+)\. ", report, re.M)
    html = (example_build / "meetings/2017-10-12-digital-innovation-and-efficiency/performance-management/index.html").read_text()
    assert _paragraph_numbers(html) == printed
