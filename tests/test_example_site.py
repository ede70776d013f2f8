"""The example committee, built as `make build` builds it, checked page by page."""

from __future__ import annotations

import filecmp
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from tests.example_site import build_example, html_pages
from tests.html_structure import read_page
from tests.sitekit import TESTS

GOLDEN = TESTS / "golden"
OCTOBER = "meetings/2017-10-12-digital-innovation-and-efficiency/"
SEPTEMBER = "meetings/2017-09-18-digital-innovation-and-efficiency/"

EXPECTED_PAGES = [
    "index.html",
    "committees/digital-innovation-and-efficiency/index.html",
    f"{OCTOBER}index.html",
    f"{OCTOBER}finance-monitoring/index.html",
    f"{OCTOBER}strategic-and-financial-planning/index.html",
    f"{OCTOBER}performance-management/index.html",
    f"{OCTOBER}ncc-digital-offer/index.html",
    f"{SEPTEMBER}index.html",
    f"{SEPTEMBER}minutes/index.html",
]


def all_pages(root: Path) -> list[str]:
    return [page.relative_to(root).as_posix() for page in html_pages(root)]


def test_there_is_a_page_for_each_meeting_paper_and_committee(example_build):
    pages = all_pages(example_build)
    for expected in EXPECTED_PAGES:
        assert expected in pages


@pytest.mark.parametrize("page", sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")))
def test_each_page_matches_its_golden_file(example_build, page):
    built = example_build / page
    assert built.is_file(), f"{page} is golden but was not built"
    assert built.read_text(encoding="utf-8") == (GOLDEN / page).read_text(encoding="utf-8"), (
        f"{page} differs from tests/golden: if the change is intended, run `make golden` and review the diff"
    )


def test_no_page_is_built_without_a_golden_file(example_build):
    golden = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.html")}
    assert set(all_pages(example_build)) == golden


def test_two_builds_of_the_same_input_are_byte_identical(example_build, example_cache, tmp_path):
    again = tmp_path / "again"
    assert build_example(again, example_cache).ok
    comparison = filecmp.dircmp(example_build, again)
    _assert_same_tree(comparison)


def _assert_same_tree(comparison: filecmp.dircmp) -> None:
    assert not comparison.left_only and not comparison.right_only
    for name in comparison.common_files:
        left = Path(comparison.left) / name
        right = Path(comparison.right) / name
        assert left.read_bytes() == right.read_bytes(), f"{left} differs between builds"
    for sub in comparison.subdirs.values():
        _assert_same_tree(sub)


def test_every_page_parses_as_html_without_errors(example_build):
    for page in html_pages(example_build):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        try:
            parser.parse(page.read_bytes())
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{page.relative_to(example_build)}: {error}")


def test_every_internal_link_and_anchor_resolves(example_build):
    ids_by_page = {
        page.relative_to(example_build).as_posix(): set(read_page(page.read_text(encoding="utf-8")).ids)
        for page in html_pages(example_build)
    }
    broken = []
    checked = 0
    for page, ids in ids_by_page.items():
        facts = read_page((example_build / page).read_text(encoding="utf-8"))
        for href in facts.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("//"):
                continue
            target = page
            if parts.path:
                joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
                if parts.path.endswith("/"):
                    joined += "/index.html"
                target = joined
            checked += 1
            if not (example_build / target).is_file():
                broken.append(f"{page}: {href} (no file {target})")
            elif parts.fragment and target.endswith(".html") and unquote(parts.fragment) not in ids_by_page[target]:
                broken.append(f"{page}: {href} (no id '{parts.fragment}' in {target})")
    assert checked > 200
    assert not broken, "\n".join(broken)


def test_each_page_has_the_accessible_skeleton(example_build):
    for page in html_pages(example_build):
        name = page.relative_to(example_build).as_posix()
        html = page.read_text(encoding="utf-8")
        facts = read_page(html)
        assert facts.lang == "en-GB", name
        assert facts.headings.count(1) == 1, f"{name}: one h1"
        assert facts.headings[0] == 1, f"{name}: the h1 comes first"
        for before, after in zip(facts.headings, facts.headings[1:]):
            assert after <= before + 1, f"{name}: heading h{before} is followed by h{after}"
        assert {"main", "header", "footer"} <= facts.landmarks, name
        assert 'href="#main"' in html, f"{name}: skip link"
        assert len(facts.ids) == len(set(facts.ids)), f"{name}: duplicate ids"
        assert facts.tables == facts.captions, f"{name}: every table has a caption"
        assert facts.header_cells_without_scope == 0, f"{name}: every th has a scope"
        if name not in SEARCH_PAGES:
            # A meeting's schema.org Event is data in a script element, not a program.
            assert html.count("<script") == html.count('<script type="application/ld+json">'), f"{name}: no JavaScript is needed"


#: The only pages with a script: search (static/search.js), which without it points to search/all/.
SEARCH_PAGES = {"search/index.html", "large-print/search/index.html"}


def test_the_agenda_links_item_two_to_the_september_minutes(example_build):
    html = (example_build / OCTOBER / "index.html").read_text(encoding="utf-8")
    assert 'href="../2017-09-18-digital-innovation-and-efficiency/minutes/"' in html
    minutes = (example_build / SEPTEMBER / "minutes/index.html").read_text(encoding="utf-8")
    assert "2017-10-12-digital-innovation-and-efficiency/#item-2" in minutes


def test_papers_to_follow_are_marked_on_the_agenda(example_build):
    text = " ".join(read_page((example_build / OCTOBER / "index.html").read_text(encoding="utf-8")).text)
    for title in ("Local Full Fibre Network Bid", "Norfolk Counter Fraud Hub", "Forward Plan"):
        assert title in text
    assert text.count("Paper to follow.") == 3
