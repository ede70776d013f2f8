"""Declarations of interest (issue 13 point 3) and committee pages' year-by-year archive (point 7)."""

from __future__ import annotations

import datetime as dt

from generator.build import load_site
from generator.content.declarations import declarations_of
from generator.content.site import Site
from generator.diagnostics import Diagnostics
from generator.render.pages import plan_pages
from tests.sitekit import REPO, make_site, read

MINUTES = "content/meetings/2029-12-10-audit/minutes.md"


def site_at(root, today=dt.date(2030, 2, 1)) -> Site:
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics, today=today)
    assert site is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return site


def pages_of(site: Site) -> dict:
    return {page.url: page for page in plan_pages(site, Diagnostics())}


def test_the_example_declaration_is_on_the_persons_page_and_in_the_register_linked_to_minute_2():
    # The 18 September 2017 minutes: "Mr T Fitzpatrick declared an “other interest” because he worked
    # as an IT consultant", recorded under "## Declarations of Interest", their second section.
    site = site_at(REPO, dt.date(2026, 11, 27))
    pages = pages_of(site)
    (entry,) = pages["declarations/"].context["declarations"]
    assert (entry.person.slug, entry.kind, entry.declaration.detail) == ("t-fitzpatrick", "Other interest", "he worked as an IT consultant")
    assert entry.url == "meetings/2017-09-18-digital-innovation-and-efficiency/minutes/#section-2"
    assert entry.section is not None and entry.section.number == 2
    assert [e.url for e in pages["people/t-fitzpatrick/"].context["declarations"]] == [entry.url]
    assert pages["people/t-garrod/"].context["declarations"] == []


def test_a_declaration_links_to_the_minutes_when_no_section_records_declarations(tmp_path):
    minutes = read(MINUTES).replace(
        'concluded: "15:30"', 'concluded: "15:30"\ndeclarations:\n  - person: bob-member\n    interest: disclosable-pecuniary'
    )
    site = site_at(make_site(tmp_path, {MINUTES: minutes}))
    (entry,) = declarations_of(site, site.people["bob-member"])
    assert entry.url == "meetings/2029-12-10-audit/minutes/" and entry.section is None
    assert entry.kind == "Disclosable pecuniary interest"


def test_a_committee_page_lists_each_year_of_meetings_with_agenda_minutes_and_decision_counts(tmp_path):
    site = site_at(make_site(tmp_path))
    page = pages_of(site)["committees/audit/"]
    archive = [(year, [(m.meeting.id, m.agenda_items, m.papers, m.decisions) for m in meetings]) for year, meetings in page.context["archive"]]
    # 15 January 2030: five agenda items, two published papers, no minutes yet; 10 December 2029: no
    # agenda items, minutes with one RESOLVED block.
    assert archive == [(2030, [("2030-01-15-audit", 5, 2, None)]), (2029, [("2029-12-10-audit", 0, 0, 1)])]


def test_a_committee_page_links_to_its_forward_plan_only_when_it_has_forward_plan_entries(tmp_path):
    with_plan = pages_of(site_at(make_site(tmp_path / "a")))["committees/audit/"]
    assert with_plan.context["has_forward_plan"]
    plan = "content/meetings/2030-01-15-audit/forward-plan.md"
    without = make_site(tmp_path / "b", {plan: read(plan).split("entries:")[0] + "---\n"})
    assert not pages_of(site_at(without))["committees/audit/"].context["has_forward_plan"]
