"""Membership over time and councillors' attendance (issue 13, points 1 and 2).

Who was expected at a meeting is the committee's membership on its date; attendance is counted
from the minutes alone, so a meeting without minutes counts for no one.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.build import build
from generator.checks.gate import GateOptions
from generator.content.attendance import AttendanceCounts, attendance_register
from tests.sitekit import REPO, check, loaded, make_site, read

COMMITTEE = "content/committees/audit.yaml"
DECEMBER = "content/meetings/2029-12-10-audit"
FEBRUARY = "content/meetings/2030-02-11-audit"

#: The 18 September 2017 minutes (content/meetings/2017-09-18-digital-innovation-and-efficiency/minutes.md)
#: counted by hand. Their attendance list names as present "Mr T Garrod (Chairman), Mr D Bills,
#: Mr E Colman, Mr S Eyre, Mr T FitzPatrick, Mr D Rowntree, Ms S Squire, Dr M Strong", and their
#: first minute reads "An apology for absence was received from Dr C Jones." No substitutes.
#: All nine are members of the committee (no dates), so each was expected once; the 12 October
#: meeting has no minutes yet and counts for no one. Mr S Aquarone asked a question but is no
#: member: he has no attendance at all.
#: (expected, attended, apologies, substituted, absent)
HAND_COUNT_18_SEPTEMBER = {
    "t-garrod": (1, 1, 0, 0, 0),
    "d-bills": (1, 1, 0, 0, 0),
    "e-colman": (1, 1, 0, 0, 0),
    "s-eyre": (1, 1, 0, 0, 0),
    "t-fitzpatrick": (1, 1, 0, 0, 0),
    "d-rowntree": (1, 1, 0, 0, 0),
    "s-squire": (1, 1, 0, 0, 0),
    "m-strong": (1, 1, 0, 0, 0),
    "c-jones": (1, 0, 1, 0, 0),
    "s-aquarone": (0, 0, 0, 0, 0),
}


def counts_of(site, slug: str) -> tuple[int, int, int, int, int]:
    total = attendance_register(site).of(site.people[slug]).total
    return (total.expected, total.attended, total.apologies, total.substituted, total.absent)


def test_each_example_councillors_attendance_is_the_hand_count_from_the_18_september_minutes():
    site = loaded(REPO)
    councillors = {slug for slug, person in site.people.items() if person.kind == "councillor"}
    assert councillors == set(HAND_COUNT_18_SEPTEMBER)
    assert {slug: counts_of(site, slug) for slug in councillors} == HAND_COUNT_18_SEPTEMBER


#: Bob leaves the committee at the end of 2029; Cara joins on 1 January 2030 and chairs from
#: 1 February, when Ann steps down to member.
MID_YEAR_CHANGE = """name: Audit Committee
members:
  - person: ann-chair
    role: chair
    until: 2030-01-31
  - person: ann-chair
    from: 2030-02-01
  - person: bob-member
    until: 2029-12-31
  - person: cara-new
    from: 2030-01-01
    until: 2030-01-31
  - person: cara-new
    role: chair
    from: 2030-02-01
officer: olive-officer
"""

FEBRUARY_MEETING = """---
committee: audit
date: 2030-02-11
time: "14:00"
venue: Council Chamber, Town Hall
contact: olive-officer
---
"""

FEBRUARY_MINUTES = """---
present:
  - person: cara-new
    role: chair
substitutes:
  - person: dan-sub
    for: ann-chair
concluded: "15:00"
---
## Apologies

An apology was received from Cllr Ann Chair; Cllr Dan Sub substituted.
"""


def mid_year_site(tmp_path: Path, **extra: str | None) -> Path:
    return make_site(
        tmp_path,
        {
            COMMITTEE: MID_YEAR_CHANGE,
            "content/people/cara-new.yaml": "name: Cllr Cara New\nkind: councillor\n",
            "content/people/dan-sub.yaml": "name: Cllr Dan Sub\nkind: councillor\n",
            f"{FEBRUARY}/meeting.md": FEBRUARY_MEETING,
            f"{FEBRUARY}/minutes.md": FEBRUARY_MINUTES,
            **extra,
        },
    )


def test_a_membership_change_mid_year_counts_each_member_only_for_the_meetings_of_their_time(tmp_path):
    # December (minutes: Ann present, apologies from Bob): Ann and Bob expected, not Cara (from January).
    # February (minutes: Cara present, Dan substituting for Ann): Ann and Cara expected, not Bob (left in
    # December); Ann is "substituted", Dan attended as a substitute.
    site = loaded(mid_year_site(tmp_path))
    assert counts_of(site, "ann-chair") == (2, 1, 0, 1, 0)
    assert counts_of(site, "bob-member") == (1, 0, 1, 0, 0)
    assert counts_of(site, "cara-new") == (1, 1, 0, 0, 0)
    assert counts_of(site, "dan-sub") == (1, 1, 0, 0, 0)
    february = attendance_register(site).of(site.people["ann-chair"]).committees[0].meetings[0]
    assert (february.meeting.date.isoformat(), february.outcome, february.other.slug) == ("2030-02-11", "substituted", "dan-sub")


def test_the_attendance_percentage_rounds_halves_up_and_is_none_when_no_meeting_was_expected():
    assert AttendanceCounts(expected=8, attended=7).percentage == 88  # 87.5
    assert AttendanceCounts(expected=3, attended=2).percentage == 67
    assert AttendanceCounts().percentage is None


def test_someone_present_who_was_not_a_member_that_day_is_a_warning_at_the_present_entry_naming_both(tmp_path):
    # Cara joined on 1 January 2030; the December minutes list her as present.
    minutes = read(f"{DECEMBER}/minutes.md").replace("apologies:", "  - person: cara-new\napologies:")
    diagnostics = check(mid_year_site(tmp_path, **{f"{DECEMBER}/minutes.md": minutes}))
    assert not diagnostics.errors, diagnostics.report()
    [warning] = [d for d in diagnostics.warnings if d.rule == "present-not-member"]
    assert str(warning.position) == f"{DECEMBER}/minutes.md:5:13"
    assert "Cllr Cara New" in warning.message and "Audit Committee" in warning.message and "2029-12-10" in warning.message
    # …and she is not counted as attending a meeting she was not summoned to.
    site = loaded(mid_year_site(tmp_path / "again", **{f"{DECEMBER}/minutes.md": minutes}))
    assert counts_of(site, "cara-new") == (1, 1, 0, 0, 0)


def test_a_substitute_named_in_the_minutes_is_no_warning(tmp_path):
    diagnostics = check(mid_year_site(tmp_path, **{f"{FEBRUARY}/minutes.md": FEBRUARY_MINUTES.replace(
        "substitutes:", "  - person: dan-sub\nsubstitutes:")}))
    assert not [d for d in diagnostics.warnings if d.rule == "present-not-member"], diagnostics.report()


def test_overlapping_dates_for_the_same_person_and_committee_are_an_error_at_the_second_entry(tmp_path):
    overlapping = MID_YEAR_CHANGE.replace("    role: chair\n    from: 2030-02-01", "    role: chair\n    from: 2030-01-20")
    diagnostics = check(mid_year_site(tmp_path, **{COMMITTEE: overlapping}))
    found = [(d.rule, str(d.position)) for d in diagnostics.errors]
    assert ("membership-overlap", f"{COMMITTEE}:13:13") in found, diagnostics.report()
    assert "2030-01-01 to 2030-01-31" in diagnostics.errors[0].message


def test_the_mid_year_change_itself_is_no_error_and_a_change_of_chair_is_not_two_chairs(tmp_path):
    diagnostics = check(mid_year_site(tmp_path))
    assert not diagnostics.errors, diagnostics.report()
    assert not [d for d in diagnostics.warnings if d.rule == "present-not-member"], diagnostics.report()


def test_a_person_page_lists_current_and_past_roles_with_dates_and_the_attendance_table(tmp_path):
    result = build(mid_year_site(tmp_path), tmp_path / "out", gate=None, pdfs=False, cache_folder=tmp_path / "cache", today=dt.date(2030, 3, 1))
    assert result.ok, result.diagnostics.report()
    text = page_text(tmp_path / "out" / "people/ann-chair/index.html")
    assert "Audit Committee (Member, from Friday 1 February 2030)" in text
    assert "Past committee roles" in text
    assert "Audit Committee (Chair, until Thursday 31 January 2030)" in text
    assert "Attendance is only counted for meetings with minutes" in text
    assert "attended 1 of 2 meetings expected (50%); apologies for 0; substituted at 1" in text
    assert "substituted by Cllr Dan Sub" in text
    bob = page_text(tmp_path / "out" / "people/bob-member/index.html")
    assert "Audit Committee (Member, until Monday 31 December 2029)" in bob and "sent apologies" in bob
    # The committee page lists its members on the build date; each meeting page those on its date.
    committee = page_text(tmp_path / "out" / "committees/audit/index.html")
    assert "Cllr Cara New (Chair)" in committee and "Cllr Ann Chair" in committee and "Bob" not in committee
    december = page_text(tmp_path / "out" / "meetings/2029-12-10-audit/index.html")
    assert "Cllr Bob Member" in december and "Cara" not in december



def page_text(path: Path) -> str:
    """The words of a built page's main part, its markup and line breaks gone."""
    main = path.read_text(encoding="utf-8").split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace(" ,", ",").split())


def test_an_officer_page_lists_the_papers_they_are_responsible_for_or_named_as_contact_of_even_as_a_mapping(tmp_path):
    # The internal audit report names Olive as a contact in the printed form ({person: …, phone: …}) and
    # someone with no person file ({name: …}); the forward plan names her responsible officer.
    paper = "content/meetings/2030-01-15-audit/internal-audit.md"
    printed = read(paper).replace(
        "contacts: [olive-officer]",
        'contacts:\n  - person: olive-officer\n    phone: "01603 222 700"\n  - name: Sam Shah\n    job_title: Finance Manager',
    ).replace("responsible_officers: [olive-officer]", "responsible_officers: []")
    site = loaded(make_site(tmp_path, {paper: printed}))
    assert [p.slug for p in site.papers_involving(site.people["olive-officer"])] == ["forward-plan", "internal-audit"]


def test_councillor_pages_with_past_roles_and_a_substitution_pass_the_accessibility_gate(tmp_path):
    # The example's councillor pages go through the gate in tests/test_example_site.py; these add
    # past roles, dated roles and substitutions, which the example does not have.
    result = build(mid_year_site(tmp_path), tmp_path / "out", gate=GateOptions(processes=1), pdfs=False,
                   cache_folder=tmp_path / "cache", today=dt.date(2030, 3, 1))
    assert result.ok, result.diagnostics.report()
    assert "Past committee roles" in page_text(tmp_path / "out" / "large-print/people/ann-chair/index.html")
