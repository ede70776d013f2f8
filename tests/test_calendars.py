"""The meetings as iCalendar files: parsed with `icalendar`, they match the meetings, across clock
changes, through venue edits (same UID, higher SEQUENCE) and rebuilds; nothing withheld is in them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from generator.build import build
from tests.red_team import CANARY
from tests.sitekit import BASE_URL, check, commit, git, make_site, read, site_yaml

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
FOLDER = "content/meetings/2030-01-15-audit"
UTC = dt.timezone.utc


def _meeting(date: str, time: str = "10:00", extra: str = "") -> dict[str, str]:
    text = f"---\ncommittee: audit\ndate: {date}\ntime: \"{time}\"\nvenue: Council Chamber, Town Hall\n{extra}---\n"
    return {f"content/meetings/{date}-audit/meeting.md": text}


def _build(root: Path, output: Path | None = None, cache: Path | None = None) -> Path:
    output = output or root / "build"
    result = build(root, output, gate=None, pdfs=False, cache_folder=cache)
    assert result.ok, result.diagnostics.report()
    return output


def _calendar(output: Path, path: str) -> Calendar:
    return Calendar.from_ical((output / path).read_bytes())


def _events(output: Path, path: str) -> dict[str, object]:
    return {str(event["UID"]).split("@")[0]: event for event in _calendar(output, path).events}


def test_the_council_and_each_committee_have_a_calendar_of_their_meetings_with_agenda_addresses(tmp_path):
    output = _build(make_site(tmp_path))
    for path in ("meetings.ics", "committees/audit/meetings.ics"):
        events = _events(output, path)
        assert sorted(events) == ["2029-12-10-audit", "2030-01-15-audit"]
        meeting = events["2030-01-15-audit"]
        assert str(meeting["UID"]) == "2030-01-15-audit@example-borough-council"
        assert meeting.start == dt.datetime(2030, 1, 15, 10, 0, tzinfo=ZoneInfo("Europe/London"))
        assert str(meeting["URL"]) == BASE_URL + "meetings/2030-01-15-audit/"
        assert str(meeting["LOCATION"]) == "Council Chamber, Town Hall"
        assert str(meeting["STATUS"]) == "CONFIRMED"
        assert "5. Risk register" in str(meeting["DESCRIPTION"])
    single = _events(output, "meetings/2030-01-15-audit/meeting.ics")
    assert list(single) == ["2030-01-15-audit"]


def test_meeting_times_are_london_times_either_side_of_the_clock_changes(tmp_path):
    # British Summer Time 2030 runs from 31 March to 27 October.
    changes = {**_meeting("2030-03-28"), **_meeting("2030-04-02"), **_meeting("2030-11-05", "18:30")}
    output = _build(make_site(tmp_path, changes))
    calendar = _calendar(output, "committees/audit/meetings.ics")
    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/London"]
    events = {str(event["UID"]).split("@")[0]: event for event in calendar.events}
    starts = {uid: event["DTSTART"] for uid, event in events.items()}
    assert all(start.params["TZID"] == "Europe/London" for start in starts.values())
    # Read back through the calendar's own VTIMEZONE, not the build machine's zone data.
    in_utc = {uid: start.dt.astimezone(UTC) for uid, start in starts.items()}
    assert in_utc["2030-03-28-audit"] == dt.datetime(2030, 3, 28, 10, 0, tzinfo=UTC)  # GMT
    assert in_utc["2030-04-02-audit"] == dt.datetime(2030, 4, 2, 9, 0, tzinfo=UTC)  # BST
    assert in_utc["2030-11-05-audit"] == dt.datetime(2030, 11, 5, 18, 30, tzinfo=UTC)  # GMT again
    zone = calendar.timezones[0].to_tz()
    assert dt.datetime(2030, 4, 2, 10, 0, tzinfo=zone).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2030, 11, 5, 10, 0, tzinfo=zone).utcoffset() == dt.timedelta(0)


def _event(output: Path) -> object:
    return _events(output, "committees/audit/meetings.ics")["2030-01-15-audit"]


def test_a_venue_change_keeps_the_uid_and_raises_the_sequence_counted_from_git(tmp_path):
    root = make_site(tmp_path)
    git(root, "init", "-q")
    commit(root, "The audit committee's meetings")
    first = _event(_build(root, tmp_path / "first"))
    assert first["SEQUENCE"] == 0

    meeting = root / MEETING
    meeting.write_text(meeting.read_text().replace("venue: Council Chamber, Town Hall", "venue: Committee Room 2, Town Hall"))
    moved = _event(_build(root, tmp_path / "second"))  # not yet committed
    assert (str(moved["UID"]), str(moved["LOCATION"]), moved["SEQUENCE"]) == (str(first["UID"]), "Committee Room 2, Town Hall", 1)

    commit(root, "The meeting moves to Committee Room 2")
    assert _event(_build(root, tmp_path / "third"))["SEQUENCE"] == 1  # committing what was built changes nothing

    meeting.write_text(meeting.read_text().replace("venue: Committee Room 2, Town Hall", "venue: Council Chamber, Town Hall"))
    commit(root, "Back to the chamber")
    back = _event(_build(root, tmp_path / "fourth"))
    assert (str(back["UID"]), back["SEQUENCE"]) == (str(first["UID"]), 2)  # a change undone is a change too

    meeting.write_text(meeting.read_text() + "\nAn introduction to the agenda.\n")
    assert _event(_build(root, tmp_path / "fifth"))["SEQUENCE"] == 2  # not an arrangement: no new sequence


def test_cancelled_and_postponed_meetings_are_cancelled_events_that_say_which(tmp_path):
    changes = {**_meeting("2030-03-28", extra="status: cancelled\n"), **_meeting("2030-04-02", extra="status: postponed\n")}
    events = _events(_build(make_site(tmp_path, changes)), "meetings.ics")
    cancelled, postponed = events["2030-03-28-audit"], events["2030-04-02-audit"]
    assert (str(cancelled["STATUS"]), str(postponed["STATUS"])) == ("CANCELLED", "CANCELLED")
    assert str(cancelled["SUMMARY"]).startswith("Cancelled: ")
    assert str(postponed["SUMMARY"]).startswith("Postponed: ")
    assert "postponed" in str(postponed["DESCRIPTION"])
    assert str(events["2030-01-15-audit"]["STATUS"]) == "CONFIRMED"


def test_dtstamp_is_the_agenda_s_publication_else_the_meeting_day_never_the_build_time(tmp_path):
    changes = {MEETING: read(MEETING).replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-06\n")}
    root = make_site(tmp_path, changes)
    events = _events(_build(root), "meetings.ics")
    assert events["2030-01-15-audit"]["DTSTAMP"].dt == dt.datetime(2030, 1, 6, tzinfo=UTC)
    assert events["2029-12-10-audit"]["DTSTAMP"].dt == dt.datetime(2029, 12, 10, tzinfo=UTC)


def test_two_builds_make_the_same_calendars_and_an_incremental_build_rewrites_none(tmp_path):
    root = make_site(tmp_path)
    one = _build(root, tmp_path / "one", tmp_path / "cache-one")
    two = _build(root, tmp_path / "two", tmp_path / "cache-two")
    calendars = sorted(path.relative_to(one).as_posix() for path in one.rglob("*.ics"))
    assert len(calendars) == 4  # the council's, the committee's, and one for each of the two meetings
    assert all((one / path).read_bytes() == (two / path).read_bytes() for path in calendars)

    before = {path: os.stat(one / path).st_ino for path in calendars}
    paper = root / FOLDER / "internal-audit.md"
    paper.write_text(paper.read_text() + "\nA further finding.\n")
    _build(root, tmp_path / "one", tmp_path / "cache-one")
    assert {path: os.stat(one / path).st_ino for path in calendars} == before


def test_no_withheld_paper_or_item_detail_reaches_a_calendar(tmp_path):
    agenda = read(MEETING).replace(
        "    title: Risk register\n    to_follow: true\n",
        "    title: Sale of the old depot\n    exempt_paragraph: 3\n    papers: [sale]\n"
        "  - number: 6\n    title: Later plans\n    papers: [draft, embargoed]\n",
    )
    changes = {
        MEETING: agenda,
        f"{FOLDER}/sale.md": f"---\nkind: report\ntitle: Sale terms\n---\n{CANARY} price.\n",
        f"{FOLDER}/draft.md": f"---\nkind: report\ntitle: {CANARY} draft\nstatus: draft\n---\n{CANARY}\n",
        f"{FOLDER}/embargoed.md": f"---\nkind: report\ntitle: {CANARY} embargoed\npublish_from: 2099-01-01\n---\n{CANARY}\n",
    }
    output = _build(make_site(tmp_path, changes))
    calendars = list(output.rglob("*.ics"))
    assert len(calendars) == 4
    for path in calendars:
        text = path.read_bytes().decode()
        assert CANARY.lower() not in text.lower(), path
    # The exempt item's title is published, as on the agenda.
    assert "5. Sale of the old depot" in str(_event(output)["DESCRIPTION"])


def test_committee_and_meeting_pages_link_their_calendars_and_offer_webcal_when_the_site_s_address_is_known(tmp_path):
    output = _build(make_site(tmp_path))
    committee = (output / "committees/audit/index.html").read_text()
    assert 'href="meetings.ics"' in committee
    assert f'href="webcal://{BASE_URL.split("://")[1]}committees/audit/meetings.ics"' in committee
    meeting = (output / "meetings/2030-01-15-audit/index.html").read_text()
    assert 'href="meeting.ics">Add this meeting to your calendar</a>' in meeting
    large_print = (output / "large-print/committees/audit/index.html").read_text()
    assert 'href="../../../committees/audit/meetings.ics"' in large_print

    plain = _build(make_site(tmp_path / "plain", {"site.yaml": site_yaml(None)}))
    assert "webcal:" not in (plain / "committees/audit/index.html").read_text()
    assert "URL" not in _events(plain, "meetings.ics")["2030-01-15-audit"]


@pytest.mark.parametrize("address", ["https://committees.example.gov.uk", "committees.example.gov.uk/", "ftp://x.org/"])
def test_a_base_url_that_is_not_a_web_address_ending_in_a_slash_is_an_error_at_it(tmp_path, address):
    text = site_yaml(address)
    diagnostics = check(make_site(tmp_path, {"site.yaml": text}))
    assert [error.position.line for error in diagnostics.errors] == [text.splitlines().index(f"base_url: {address}") + 1]
    assert "base_url" in diagnostics.errors[0].message
