"""The decisions register (issue 13 point 4): every RESOLVED block of published minutes, with its
meeting, minute, agenda item and report, and an executive decision's call-in deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build import load_site
from generator.content.decisions import Decision, decisions_of
from generator.content.site import Site
from generator.diagnostics import Diagnostics
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import LARGE_PRINT_FOLDER, plan_large_print_view, plan_pages
from generator.render.writer import SiteWriter
from generator.statutory.working_days import working_days_after
from tests.sitekit import REPO, make_site, read

EXAMPLE_MINUTES = REPO / "content/meetings/2017-09-18-digital-innovation-and-efficiency/minutes.md"

#: Written from the text of the 18 September 2017 minutes: each "::: resolved" block, the number of
#: the "##" section (minute) it stands in, counting the sections from "Apologies for Absence" (1),
#: and that section's heading.
EXAMPLE_DECISIONS = [
    (7, "7.5", "Strategic and Financial Planning 2018-19 to 2021-22"),  # "Note the budget planning guidance…"
    (8, "8.5", "IMT Performance"),  # "Agree the performance reporting dashboard format…"
    (9, "9.8", "Better Broadband for Norfolk Programme update"),  # "Note the progress of the BBfN Programme…"
    (10, "10.6", "Digital Inclusion"),  # "Task officers to develop a digital inclusion strategy…"
]


def site_at(root: Path, today: dt.date) -> Site:
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics, today=today)
    assert site is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return site


def executive_site(tmp_path: Path, published: str | None, extra_site_yaml: str = "") -> Path:
    """The minimal site's committee made executive, with a meeting on 14 April 2025 whose minutes
    resolve one thing and were published on `published` (or record no date)."""
    published_line = f"published: {published}\n" if published else ""
    return make_site(
        tmp_path,
        {
            "site.yaml": read("site.yaml") + extra_site_yaml,
            "content/committees/audit.yaml": read("content/committees/audit.yaml") + "kind: executive\n",
            "content/meetings/2025-04-14-audit/meeting.md": (
                "---\ncommittee: audit\ndate: 2025-04-14\ntime: \"10:00\"\nvenue: Town Hall\n---\n"
            ),
            "content/meetings/2025-04-14-audit/minutes.md": (
                f"---\npresent:\n  - person: ann-chair\n{published_line}---\n"
                "## Budget\n\nThe committee considered the budget.\n\n::: resolved\nThat the budget be agreed.\n:::\n"
            ),
        },
    )


def easter_decisions(site: Site) -> list:
    return [decision for decision in decisions_of(site) if decision.meeting.id == "2025-04-14-audit"]


def test_every_resolved_block_of_the_example_minutes_is_in_the_register_with_its_minute_number():
    site = site_at(REPO, dt.date(2026, 11, 27))
    decisions = decisions_of(site)
    assert EXAMPLE_MINUTES.read_text(encoding="utf-8").count("::: resolved") == len(EXAMPLE_DECISIONS)
    assert [(d.minute, d.resolution.paragraph, d.title) for d in decisions] == EXAMPLE_DECISIONS
    minutes = decisions[0].minutes
    for decision in decisions:
        assert decision.url == f"{minutes.url}#decision-{decision.minute}-1"
        assert f'id="decision-{decision.minute}-1"' in minutes.body.html
        # The 18 September meeting's agenda is not in content/: its item cannot be told, so none is shown.
        assert decision.item is None and decision.papers == ()
        assert decision.call_in is None, "the example committee is not executive"


def test_the_register_lists_the_example_decisions_on_the_site_wide_and_committee_pages():
    site = site_at(REPO, dt.date(2026, 11, 27))
    pages = {page.url: page for page in plan_pages(site, Diagnostics())}
    for url in ("decisions/", "committees/digital-innovation-and-efficiency/decisions/"):
        register = pages[url].context["register"]
        assert register.year == 2017 and [d.minute for d in register.decisions] == [7, 8, 9, 10]


def test_a_decisions_anchor_survives_a_paragraph_added_before_it_in_its_minute(tmp_path):
    minutes = "content/meetings/2029-12-10-audit/minutes.md"
    before = site_at(make_site(tmp_path / "a"), dt.date(2029, 12, 20))
    edited = read(minutes).replace("The committee considered the plan.", "The committee considered the plan.\n\nA new paragraph.")
    after = site_at(make_site(tmp_path / "b", {minutes: edited}), dt.date(2029, 12, 20))
    (old,), (new,) = decisions_of(before), decisions_of(after)
    assert old.resolution.paragraph != new.resolution.paragraph, "the paragraph number moves"
    assert old.url == new.url == "meetings/2029-12-10-audit/minutes/#decision-2-1"


def test_call_in_deadlines_count_clear_working_days_across_easter_2025():
    # Good Friday 18 April and Easter Monday 21 April 2025 are bank holidays.
    assert working_days_after(dt.date(2025, 4, 17), 5) == dt.date(2025, 4, 28)  # Tue 22 … Mon 28
    assert working_days_after(dt.date(2025, 4, 16), 5) == dt.date(2025, 4, 25)  # Thu 17, Tue 22 … Fri 25
    assert working_days_after(dt.date(2025, 4, 11), 5) == dt.date(2025, 4, 22)  # Mon 14 … Thu 17, Tue 22
    assert working_days_after(dt.date(2025, 4, 17), 1) == dt.date(2025, 4, 22)


def test_an_executive_decision_is_subject_to_call_in_until_the_deadline_and_can_be_implemented_after(tmp_path):
    root = executive_site(tmp_path, published="2025-04-17")
    (during,) = easter_decisions(site_at(root, dt.date(2025, 4, 28)))
    assert during.call_in is not None
    assert (during.call_in.deadline, during.call_in.open, during.call_in.from_meeting_date) == (dt.date(2025, 4, 28), True, False)
    (after,) = easter_decisions(site_at(root, dt.date(2025, 4, 29)))
    assert after.call_in is not None and not after.call_in.open


def test_the_call_in_period_is_the_number_of_days_site_yaml_gives(tmp_path):
    root = executive_site(tmp_path, published="2025-04-17", extra_site_yaml="decisions:\n  call_in_working_days: 2\n")
    (decision,) = easter_decisions(site_at(root, dt.date(2025, 4, 20)))
    assert decision.call_in is not None and decision.call_in.deadline == dt.date(2025, 4, 23)


def test_minutes_without_a_publication_date_count_call_in_from_the_meeting_and_say_so(tmp_path):
    root = executive_site(tmp_path, published=None)
    site = site_at(root, dt.date(2025, 4, 17))
    (decision,) = easter_decisions(site)
    assert decision.call_in is not None
    assert (decision.call_in.counted_from, decision.call_in.deadline) == (dt.date(2025, 4, 14), dt.date(2025, 4, 23))
    assert decision.call_in.from_meeting_date
    html = _render(site, "committees/audit/decisions/2025/")
    assert "Subject to call-in until Wednesday 23 April 2025" in html
    assert "counted from the meeting, as the minutes do not say when they were published" in html


def test_a_non_executive_committees_decisions_show_no_call_in(tmp_path):
    site = site_at(make_site(tmp_path), dt.date(2029, 12, 20))
    (decision,) = decisions_of(site)
    assert decision.call_in is None
    assert "Call-in" not in _render(site, "decisions/")


def test_a_minute_is_the_agenda_item_of_its_number_only_when_their_titles_agree(tmp_path):
    minutes = (
        "---\npresent:\n  - person: ann-chair\n---\n"
        "## Apologies\n\nNone.\n\n## Minutes\n\nConfirmed.\n\n"
        "## Internal Audit Report\n\nReceived.\n\n::: resolved\nNoted.\n:::\n\n"
        "## Something not on the agenda\n\nDiscussed.\n\n::: resolved\nAgreed.\n:::\n"
    )
    root = make_site(tmp_path, {"content/meetings/2030-01-15-audit/minutes.md": minutes})
    decisions = [d for d in decisions_of(site_at(root, dt.date(2030, 2, 1))) if d.meeting.id == "2030-01-15-audit"]
    assert [(d.minute, d.item.number if d.item else None) for d in decisions] == [(3, 3), (4, None)]
    assert [paper.slug for paper in decisions[0].papers] == ["internal-audit"]


def test_the_register_is_paged_by_year_newest_first(tmp_path):
    minutes = "---\npresent:\n  - person: ann-chair\n---\n## Apologies\n\nNone.\n\n::: resolved\nNoted.\n:::\n"
    root = make_site(tmp_path, {"content/meetings/2030-01-15-audit/minutes.md": minutes})
    site = site_at(root, dt.date(2030, 2, 1))
    pages = {page.url: page for page in plan_pages(site, Diagnostics())}
    for base in ("decisions/", "committees/audit/decisions/"):
        assert pages[base].context["register"].year == 2030
        assert pages[f"{base}2029/"].context["register"].year == 2029
        assert [y.url for y in pages[base].context["years"]] == [base, f"{base}2029/"]
    html = _render(site, "decisions/2029/")
    assert '<a href="./" aria-current="page">2029</a>' in html and '<a href="../">2030</a>' in html


def _render(site: Site, url: str) -> str:
    pages = {page.url: page for page in plan_pages(site, Diagnostics())}
    renderer = HtmlRenderer(template_folders(REPO), site, site.today)
    return renderer.render(pages[url])


def test_a_registers_large_print_view_shows_the_standard_pages_rows_made_once_for_both(tmp_path, monkeypatch):
    # A year of a large council is thousands of rows: the large-print view takes them from the standard page.
    root = make_site(tmp_path)
    site = site_at(root, dt.date(2029, 12, 20))
    planned = plan_pages(site, Diagnostics())
    registers = [page for page in planned + plan_large_print_view(planned) if page.template == "decisions.html"]
    rows_made = []
    row_link = Decision.url
    monkeypatch.setattr(Decision, "url", property(lambda decision: rows_made.append(decision) or row_link.fget(decision)))
    writer = SiteWriter(root, site, site.today, tmp_path / "staging", Diagnostics())
    writer.renderer.large_print_pages = {page.href for page in planned}
    writer.write(registers)
    standard = [page for page in registers if not page.large_print]
    assert len(rows_made) == sum(len(page.context["register"].decisions) for page in standard if page.context["register"])
    for page in standard:
        view = LARGE_PRINT_FOLDER + page.output_path
        assert _rows(writer.built(view).read_text(encoding="utf-8")) == _rows(writer.built(page.output_path).read_text(encoding="utf-8"))
        assert writer.dependencies[view] == writer.dependencies[page.output_path], "the view records what the rows were made from"


def _rows(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_planning_the_pages_works_out_the_sites_decisions_once_for_every_register_and_the_issues(tmp_path, monkeypatch):
    import generator.content.issues as issues_module
    import generator.render.pages as pages_module

    site = site_at(make_site(tmp_path), dt.date(2029, 12, 20))
    passes = []
    for module in (pages_module, issues_module):
        monkeypatch.setattr(module, "decisions_of", lambda site, *rest, _real=module.decisions_of: passes.append(site) or _real(site, *rest))
    plan_pages(site, Diagnostics())
    assert len(passes) == 1
