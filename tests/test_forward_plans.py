"""Forward plans as councils print them (issue 12, point 1).

The fixture, tests/fixtures/forward_plan/forward-plan.md, is written as an
officer would copy a printed plan: a requested action left blank, lead
officers given by job title, entries grouped under meetings whose year is
not printed.
"""

from __future__ import annotations

import html5lib
import pytest

from generator.build import build
from tests.sitekit import TESTS, check, make_site, read

PLAN = "content/meetings/2030-01-15-audit/forward-plan.md"
COMMITTEE = "content/committees/audit.yaml"
FIXTURE = (TESTS / "fixtures" / "forward_plan" / "forward-plan.md").read_text(encoding="utf-8")
PAGE = "meetings/2030-01-15-audit/forward-plan/index.html"


def built_plan(tmp_path, changes: dict[str, str] | None = None):
    """The forward plan page of the minimal site with the fixture's plan, parsed."""
    root = make_site(tmp_path, {PLAN: FIXTURE, **(changes or {})})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    page = (tmp_path / "out" / PAGE).read_text(encoding="utf-8")
    return tmp_path / "out", html5lib.parse(page, namespaceHTMLElements=False)


def tables(document) -> list:
    return document.findall(".//table")


def text(element) -> str:
    return "".join(element.itertext()).strip()


def headings(table) -> list[str]:
    return [text(cell) for cell in table.findall("./thead/tr/th")]


def rows(table) -> list[dict[str, str]]:
    """Each body row as {column heading: cell text}."""
    names = headings(table)
    return [dict(zip(names, (text(cell) for cell in row))) for row in table.findall("./tbody/tr")]


def row(document, issue: str):
    return next(r for t in tables(document) for r in t.findall("./tbody/tr") if text(r[0]) == issue)


def test_a_requested_action_and_implications_left_blank_are_shown_blank_never_filled_in(tmp_path):
    _, document = built_plan(tmp_path)
    opinion = next(r for t in tables(document) for r in rows(t) if r["Issue or decision"] == "Annual audit opinion")
    assert opinion["Requested committee action"] == ""
    assert opinion["Implications for other committees"] == ""
    assert "None" not in "".join(text(t) for t in tables(document))


def test_a_lead_officer_given_as_a_job_title_is_shown_as_written_and_gets_no_person_page(tmp_path):
    out, document = built_plan(tmp_path)
    analyst = row(document, "Performance management report")
    assert text(analyst[-1]) == "Business Intelligence and Performance Analyst"
    assert analyst[-1].find(".//a") is None
    director = row(document, "Counter fraud hub procurement")
    assert text(director[-1]) == "Executive Director of Finance and Commercial Services (Simon George)"
    assert sorted(p.name for p in (out / "people").iterdir()) == ["ann-chair", "bob-member", "olive-officer"]


def test_a_lead_officer_given_as_a_slug_links_to_that_person(tmp_path):
    _, document = built_plan(tmp_path)
    link = row(document, "Annual audit opinion")[-1].find(".//a")
    assert (link.get("href"), text(link)) == ("../../../people/olive-officer/", "Olive Officer")


def test_a_lead_officer_that_looks_like_a_slug_must_be_a_known_person(tmp_path):
    diagnostics = check(make_site(tmp_path, {PLAN: FIXTURE.replace("lead_officer: olive-officer", "lead_officer: olive-oficer")}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("unknown-person", f"{PLAN}:9:19")
    assert "did you mean 'olive-officer'?" in error.hint and "job title" in error.hint


def test_the_column_headings_are_the_councils_own_from_site_yaml(tmp_path):
    site = read("site.yaml") + (
        "forward_plan:\n  headings:\n    issue: Issue/decision\n"
        "    action: Requested committee action (if known)\n"
    )
    _, document = built_plan(tmp_path, {"site.yaml": site})
    expected = ["Issue/decision", "Key decision", "Implications for other committees", "Requested committee action (if known)", "Lead officer"]
    for table in tables(document):
        assert headings(table) == expected
        # The narrow layout labels each cell with its column's heading.
        for body_row in table.findall("./tbody/tr"):
            assert [cell.get("data-label") for cell in body_row] == expected


def test_a_committee_that_takes_no_key_decisions_has_no_key_decision_column(tmp_path):
    committee = read(COMMITTEE) + "takes_key_decisions: false\n"
    plan = FIXTURE.replace("    key_decision: true\n", "")
    _, document = built_plan(tmp_path, {COMMITTEE: committee, PLAN: plan})
    for table in tables(document):
        assert "Key decision" not in headings(table)
        assert all(len(body_row) == 4 for body_row in table.findall("./tbody/tr"))


def test_a_key_decision_on_the_plan_of_a_committee_that_takes_none_is_an_error(tmp_path):
    committee = read(COMMITTEE) + "takes_key_decisions: false\n"
    diagnostics = check(make_site(tmp_path, {COMMITTEE: committee, PLAN: FIXTURE}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("key-decision-not-taken", f"{PLAN}:19:19")
    assert "takes_key_decisions" in error.hint


def test_a_key_decision_with_a_lead_officer_by_job_title_still_needs_28_clear_days(tmp_path):
    # The plan is published with the agenda, 2030-01-08 at the latest: 13 March is far enough ahead, 20 January is not.
    meeting = "content/meetings/2030-01-15-audit/meeting.md"
    changes = {PLAN: FIXTURE.replace("  - date: 2030-03-13\n    issue: Counter", "  - date: 2030-01-20\n    issue: Counter"),
               meeting: read(meeting).replace("contact: olive-officer", "contact: olive-officer\nagenda_published: 2030-01-07")}
    diagnostics = check(make_site(tmp_path, changes))
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("key-decision-notice", f"{PLAN}:19:19")]


@pytest.mark.parametrize("written", ["13 March", "Wednesday 13 March"])
def test_an_entry_date_without_its_year_is_an_error_asking_for_the_full_date(tmp_path, written):
    diagnostics = check(make_site(tmp_path, {PLAN: FIXTURE.replace("  - date: 2030-03-13\n    issue: Annual", f"  - date: {written}\n    issue: Annual")}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("schema", f"{PLAN}:7:11")
    assert error.message == f"'entries.0.date': the date '{written}' has no year"
    assert "full date with its year" in error.hint and "YYYY-03-13" in error.hint
