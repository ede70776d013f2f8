"""A report carrying the text of a slide deck: a `::: slides` block becomes an ordered list of slides,
each titled "Slide 3 of 5: …", in the page, the large-print view and both PDFs, so that a deck which
repeats a title still has a distinct heading and bookmark per slide, and slide text is never numbered."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pikepdf
import pytest

from generator.build import build
from generator.checks.findings import CheckedPage
from generator.checks.gate import Gate, GateOptions
from generator.checks.result_cache import ResultCache
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext
from tests.sitekit import PAPER, REPO, make_site, paper_with_body, png

FOLDER = "content/meetings/2030-01-15-audit"
PAGE = "meetings/2030-01-15-audit/internal-audit"

#: As an officer types a deck from the printed pack: the appendix heading, a line saying what follows,
#: then each slide's title and text; the deck repeats a title, as build-up slides do.
BODY = """\
## Introduction

This report sets out the audits completed.

## Appendix 1: Audit plan – presentation slides

The slides shown to the committee's briefing follow.

::: slides
### Internal audit 2029

Where the time went

### Where the time went?

- Payroll
- Grants

### Where the time went?

Most of it on payroll

- Payroll
- Grants

![Bar chart: payroll took ten days and grants five](days.png)

### Next steps

#### For the committee

- Note the plan

#### For officers

- Report back in March
:::
"""

TITLES = [
    "Slide 1 of 4: Internal audit 2029",
    "Slide 2 of 4: Where the time went?",
    "Slide 3 of 4: Where the time went?",
    "Slide 4 of 4: Next steps",
]


@pytest.fixture(scope="module")
def deck_site(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("slides")
    root = make_site(tmp_path, {PAPER: paper_with_body(BODY), f"{FOLDER}/days.png": png(20, 10)})
    result = build(root, tmp_path / "build", gate=None, cache_folder=tmp_path / "cache")
    assert result.ok, result.diagnostics.report()
    return tmp_path / "build"


def _deck(page: Path) -> lxml.html.HtmlElement:
    decks = lxml.html.fromstring(page.read_text(encoding="utf-8")).xpath("//ol[@class='slides']")
    assert len(decks) == 1, "the deck is one ordered list"
    return decks[0]


def _slide_titles(deck: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(item.xpath("./h3")[0].text_content().split()) for item in deck.xpath("./li")]


@pytest.mark.parametrize("view", ["", "large-print/"])
def test_a_deck_is_an_ordered_list_of_slides_each_titled_with_its_place_in_the_deck(deck_site, view):
    deck = _deck(deck_site / view / PAGE / "index.html")
    assert _slide_titles(deck) == TITLES
    third = deck.xpath("./li")[2]
    assert third.xpath(".//img/@alt") == ["Bar chart: payroll took ten days and grants five"]
    assert third.xpath("./h3/@id") == ["slide-3"], "a slide can be cited as #slide-3"


def test_the_deck_passes_every_checker_in_both_views_and_reflows_at_320px(deck_site):
    pages = [CheckedPage(f"{view}{PAGE}/index.html", PAPER) for view in ("", "large-print/")]
    run = Gate(REPO, deck_site, GateOptions(processes=1), ResultCache(None)).check(pages)
    assert not run.failures, run.failures
    assert run.checked == {"pa11y": 2, "vnu": 2}
    assert {page: findings for page, findings in run.findings.items() if findings} == {}


def test_a_repeated_slide_title_is_still_a_heading_of_its_own(deck_site):
    page = lxml.html.fromstring((deck_site / PAGE / "index.html").read_text(encoding="utf-8"))
    headings = [" ".join(h.text_content().split()) for h in page.xpath("//main//h2 | //main//h3 | //main//h4")]
    slide_headings = [heading for heading in headings if heading.startswith("Slide ")]
    assert slide_headings == TITLES
    assert len(set(slide_headings)) == len(slide_headings)
    # A slide's own sub-headings stay inside it, one level down.
    assert page.xpath("//ol[@class='slides']/li[4]/h4/text()") == ["For the committee", "For officers"]


@pytest.mark.parametrize("edition", ["", "-large-print"])
def test_each_slide_has_its_own_pdf_bookmark_under_the_appendix(deck_site, edition):
    with pikepdf.open(deck_site / f"{PAGE}{edition}.pdf") as pdf, pdf.open_outline() as outline:
        children = _bookmarks(outline.root)
    assert children["Appendix 1: Audit plan – presentation slides"] == TITLES
    assert children["Slide 4 of 4: Next steps"] == ["For the committee", "For officers"]


def _bookmarks(items) -> dict[str, list[str]]:
    """Every bookmark's title, anywhere in the outline, with the titles of the bookmarks under it."""
    found: dict[str, list[str]] = {}
    for item in items:
        found[item.title] = [child.title for child in item.children]
        found.update(_bookmarks(item.children))
    return found


def test_slide_text_is_never_paragraph_numbered_even_inside_a_numbered_section():
    body = "## Findings\n\nThe slides follow.\n\n::: slides\n### Payroll\n\nTen days.\n\n### Grants\n\nFive days.\n:::\n\nAfter the deck.\n"
    html = MarkdownRenderer().render(body, MarkdownContext("p.md", 1, Diagnostics(), numbering="all")).main
    deck = lxml.html.fragment_fromstring(html, create_parent="div").xpath(".//ol[@class='slides']")[0]
    assert not deck.xpath(".//*[@class='numbered']") and "Ten days." in deck.text_content()
    assert 'id="para-1.2"' in html and "After the deck." in html.split('id="para-1.2"')[1], "numbering carries on after"


def test_slides_may_be_separated_by_a_rule_and_a_deck_may_sit_inside_another_block():
    body = ":::: unnumbered\n::: slides\n### One\n\nFirst.\n\n---\n\n### Two\n\nSecond.\n:::\n::::\n"
    diagnostics = Diagnostics()
    html = MarkdownRenderer().render(body, MarkdownContext("p.md", 1, diagnostics, heading_base=3)).main
    deck = lxml.html.fragment_fromstring(html, create_parent="div").xpath(".//ol[@class='slides']")[0]
    assert _slide_titles(deck) == ["Slide 1 of 2: One", "Slide 2 of 2: Two"]
    assert not deck.xpath(".//hr") and not diagnostics.items, diagnostics.report()


def test_a_deck_typed_inside_a_slide_is_a_list_of_slides_of_its_own():
    body = "::: slides\n### Outer\n\n:::: slides\n#### Inner one\n\n#### Inner two\n::::\n:::\n"
    html = MarkdownRenderer().render(body, MarkdownContext("p.md", 1, Diagnostics(), heading_base=3)).main
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    assert [child.tag for deck in root.xpath(".//ol[@class='slides']") for child in deck] == ["li", "li", "li"]
    assert root.xpath(".//li/ol/li/h4/@id") == ["slide-1-2", "slide-2"]


def test_every_mistake_in_a_deck_is_reported_at_its_line_in_one_build(tmp_path):
    deck = "## Appendix 1: Slides\n\n::: slides\nText before any title.\n\n### One\n\n![](chart.png)\n\n## Two\n:::\n"
    root = make_site(tmp_path, {PAPER: paper_with_body(deck)})
    result = build(root, tmp_path / "build", gate=None, pdfs=False, cache_folder=tmp_path / "cache")
    found = {(d.rule, str(d.position)) for d in result.diagnostics.errors}
    assert {
        ("slide-title", f"{PAPER}:19:1"),
        ("image-alt", f"{PAPER}:23:1"),
        ("slide-heading-level", f"{PAPER}:25:1"),
    } <= found, result.diagnostics.report()
    assert not (tmp_path / "build").exists(), "nothing is published"
