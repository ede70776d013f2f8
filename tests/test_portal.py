"""A portal of several councils (`clerk portal build`): each council built alone and published under its
slug, the portal's home, search and feed made from their published output only, published as one."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from generator.checks.gate_options import GateOptions
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.portal_build import build_portal, check_portal_pages
from generator.portal_config import load_portal
from generator.render.search_index import _read
from tests.red_team import CANARY, FOLDER, MEETING, _exempt_item, _leaks, _paper
from tests.sitekit import PAPER, make_site, read

TODAY = dt.date(2030, 1, 1)
PORTAL_URL = "https://portal.example.org/"
QUICK = {"today": TODAY, "gate": None, "pdfs": False, "formats": False}


def portal_yaml(councils: str = "  - slug: north\n    root: north/site\n  - slug: south\n    root: south/site\n") -> str:
    return f"name: Example County Portal\nbase_url: {PORTAL_URL}\ncouncils:\n{councils}"


def two_councils(folder: Path, north: dict | None = None, south: dict | None = None) -> Path:
    """portal.yaml in `folder` over two copies of the minimal site, the second renamed South District Council."""
    make_site(folder / "north", north)
    south_yaml = read("site.yaml").replace("Example Borough Council", "South District Council")
    make_site(folder / "south", {"site.yaml": south_yaml, **(south or {})})
    (folder / "portal.yaml").write_text(portal_yaml(), encoding="utf-8")
    return folder / "portal.yaml"


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def errors_of(result) -> list[tuple[str, int, int, str]]:
    return [(d.position.path, d.position.line, d.position.column, d.rule) for d in result.diagnostics.errors]


def test_a_portal_of_two_councils_lists_both_on_its_home_and_its_links_resolve(tmp_path):
    result = build_portal(two_councils(tmp_path), **QUICK)
    assert result.ok, result.diagnostics.report(tmp_path)
    output = tmp_path / "build-portal"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert '<a href="north/">Example Borough Council</a>' in home
    assert '<a href="south/">South District Council</a>' in home
    # The next meetings come from each council's published open data.
    assert '<a href="south/meetings/2030-01-15-audit/">Audit Committee, 15 January 2030</a>' in home
    for page in ("index.html", "search/index.html", "accessibility/index.html"):
        html = (output / page).read_text(encoding="utf-8")
        assert html.count("<h1>") == 1 and '<html lang="en-GB">' in html and 'class="skip-link"' in html
        for href in re.findall(r'(?:href|src)="([^"]+)"', html):
            if href.startswith(("https:", "#")):
                continue
            target = (output / page).parent / href.partition("#")[0]
            assert (target / "index.html" if href.endswith("/") else target).is_file(), f"{page}: {href}"
    # Each council is published at the portal's address under its slug, whatever its site.yaml says.
    assert f"{PORTAL_URL}south/meetings/2030-01-15-audit/" in (output / "south" / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.org/committees/" not in (output / "south" / "sitemap.xml").read_text(encoding="utf-8")
    feed = (output / "feed.xml").read_text(encoding="utf-8")
    assert "<title>South District Council: Internal audit report" in feed
    assert "<title>Example Borough Council: Internal audit report" in feed


def test_a_councils_withheld_paper_reaches_no_file_of_the_portal(tmp_path):
    secret = f"{CANARY.lower()}-sale"
    north = {MEETING: _exempt_item(secret), f"{FOLDER}/{secret}.md": _paper(f"## Terms\n\n{CANARY}\n")}
    result = build_portal(two_councils(tmp_path, north=north), **QUICK)
    assert result.ok, result.diagnostics.report(tmp_path)
    assert (tmp_path / "build-portal" / "north" / "meetings" / "2030-01-15-audit" / "index.html").is_file()
    assert _leaks(tmp_path, CANARY, folders=("build-portal", ".build-portal-councils", ".clerk-portal-cache")) == []


def test_building_one_council_again_leaves_the_others_files_as_they_were(tmp_path):
    portal = two_councils(tmp_path)
    assert build_portal(portal, **QUICK).ok
    south_before = files_of(tmp_path / "build-portal" / "south")
    paper = tmp_path / "north" / "site" / PAPER
    paper.write_text(paper.read_text(encoding="utf-8") + "\nEDITED-NORTH\n", encoding="utf-8")
    result = build_portal(portal, only=("north",), **QUICK)
    assert result.ok, result.diagnostics.report(tmp_path)
    assert result.built == ["north"]
    assert files_of(tmp_path / "build-portal" / "south") == south_before
    north_page = tmp_path / "build-portal" / "north" / "meetings" / "2030-01-15-audit" / "internal-audit" / "index.html"
    assert "EDITED-NORTH" in north_page.read_text(encoding="utf-8")


def test_a_broken_council_fails_the_portal_build_and_leaves_the_last_portal_as_it_was(tmp_path):
    portal = two_councils(tmp_path)
    assert build_portal(portal, **QUICK).ok
    before = files_of(tmp_path / "build-portal")
    meeting = tmp_path / "south" / "site" / MEETING
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    paper = tmp_path / "north" / "site" / PAPER
    paper.write_text(paper.read_text(encoding="utf-8") + "\nNORTH-CHANGED\n", encoding="utf-8")
    result = build_portal(portal, **QUICK)
    assert not result.ok
    assert files_of(tmp_path / "build-portal") == before
    [error] = result.diagnostics.errors
    assert error.position.path == f"south/site/{MEETING}" and error.position.line > 1
    assert error.message.startswith("council 'south': ")


def test_mistakes_in_portal_yaml_are_located_and_reported_together(tmp_path):
    two_councils(tmp_path)
    councils = (
        "  - slug: north\n    root: north/site\n"
        "  - slug: north\n    root: south/site\n"
        "  - slug: West_Side\n    root: south/site\n"
        "  - slug: search\n    root: south/site\n"
        "  - slug: east\n    root: east/site\n"
    )
    (tmp_path / "portal.yaml").write_text(portal_yaml(councils), encoding="utf-8")
    result = build_portal(tmp_path / "portal.yaml", **QUICK)
    assert sorted(errors_of(result)) == [
        ("portal.yaml", 6, 11, "portal-slug-duplicate"),
        ("portal.yaml", 8, 11, "schema"),
        ("portal.yaml", 10, 11, "portal-slug-reserved"),
        ("portal.yaml", 13, 11, "portal-root-missing"),
    ]
    assert all(d.hint for d in result.diagnostics.errors)
    assert not (tmp_path / "build-portal").exists()


def test_a_missing_portal_yaml_and_an_unknown_council_are_errors_not_tracebacks(tmp_path, capsys):
    assert main(["portal", "build", str(tmp_path / "portal.yaml"), "--no-browser-checks"]) == 1
    assert "portal.yaml:1:1: error[portal-missing]" in capsys.readouterr().err
    portal = two_councils(tmp_path)
    assert errors_of(build_portal(portal, only=("west",), **QUICK)) == [("portal.yaml", 1, 1, "portal-unknown-council")]
    # --only before the portal was ever built: the other council has nothing to be left as.
    assert errors_of(build_portal(portal, only=("north",), **QUICK)) == [("portal.yaml", 1, 1, "portal-council-unbuilt")]


def test_the_cross_council_search_index_holds_both_councils_pages_by_council(tmp_path):
    assert build_portal(two_councils(tmp_path), **QUICK).ok
    bundle = tmp_path / "build-portal" / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    [language] = entry["languages"].values()
    filters = dict(_read(bundle / f"pagefind.{language['hash']}.pf_meta")[3])
    councils = {value[0]: len(value[1]) for value in _read(bundle / "filter" / f"{filters['council']}.pf_filter")[1]}
    # Each council's searchable pages, the same number for the two copies of one site.
    assert set(councils) == {"Example Borough Council", "South District Council"}
    assert councils["Example Borough Council"] == councils["South District Council"] > 5
    assert language["page_count"] == sum(councils.values())


def test_the_portals_own_pages_pass_the_accessibility_gate(tmp_path):
    # The councils' pages are checked by their own builds (without the browser here, for time); the
    # portal's pages, its search page showing results, go through the same gate as a build's.
    portal = two_councils(tmp_path)
    result = build_portal(portal, **QUICK)
    assert result.ok
    found = Diagnostics()
    check_portal_pages(load_portal(portal, found), tmp_path / "build-portal", "build-portal", result.pages, GateOptions(), found)
    assert [page.output_path for page in result.pages] == ["index.html", "search/index.html", "accessibility/index.html"]
    assert found.items == [], found.report(tmp_path)


def test_a_portal_page_failing_a_check_is_reported_at_its_path_in_the_portals_output(tmp_path):
    portal = two_councils(tmp_path)
    result = build_portal(portal, **QUICK)
    home = tmp_path / "build-portal" / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</main>", '<img src="x.png"></main>'), encoding="utf-8")
    found = Diagnostics()
    check_portal_pages(
        load_portal(portal, found), tmp_path / "build-portal", "build-portal", result.pages, GateOptions(browser=False), found
    )
    assert {d.position.path for d in found.errors} == {"build-portal/index.html"}, found.report(tmp_path)
