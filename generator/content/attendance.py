"""Who was expected at each meeting and who came, worked out once for the whole site.

A meeting counts only once its minutes are on the site: they are the record of
who was present, who sent apologies and who substituted for whom. Those
expected (summoned) are the committee's members on the meeting's date
(`Committee.members_on`), standing substitutes excepted; a substitute named in
the minutes was summoned in a member's place, so the meeting counts as
expected and attended for them, and as "substituted" for the member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.content.site import Committee, Meeting, Person, Site

Outcome = Literal["attended", "substitute", "substituted", "apologies", "absent"]
"""attended: present as a member; substitute: present in a member's place; substituted: a substitute
came instead; apologies: sent apologies, no substitute; absent: none of these recorded."""


@dataclass(frozen=True)
class MeetingAttendance:
    """One person at one meeting they were expected at."""

    meeting: Meeting
    outcome: Outcome
    other: Person | None = None
    """The member a substitute replaced, or the substitute who replaced the member."""

    @property
    def attended(self) -> bool:
        return self.outcome in ("attended", "substitute")


@dataclass(frozen=True)
class AttendanceCounts:
    expected: int = 0
    attended: int = 0
    apologies: int = 0
    substituted: int = 0
    absent: int = 0

    @property
    def percentage(self) -> int | None:
        """Attended as a whole percentage of expected (halves rounded up); None when none were expected."""
        if not self.expected:
            return None
        return (200 * self.attended + self.expected) // (2 * self.expected)

    def __add__(self, other: "AttendanceCounts") -> "AttendanceCounts":
        return AttendanceCounts(
            self.expected + other.expected,
            self.attended + other.attended,
            self.apologies + other.apologies,
            self.substituted + other.substituted,
            self.absent + other.absent,
        )


def _counts(records: list[MeetingAttendance]) -> AttendanceCounts:
    return AttendanceCounts(
        expected=len(records),
        attended=sum(record.attended for record in records),
        apologies=sum(record.outcome == "apologies" for record in records),
        substituted=sum(record.outcome == "substituted" for record in records),
        absent=sum(record.outcome == "absent" for record in records),
    )


@dataclass(frozen=True)
class CommitteeAttendance:
    committee: Committee
    meetings: tuple[MeetingAttendance, ...]
    """The latest meeting first."""
    counts: AttendanceCounts


@dataclass(frozen=True)
class PersonAttendance:
    committees: tuple[CommitteeAttendance, ...]
    total: AttendanceCounts


NO_ATTENDANCE = PersonAttendance(committees=(), total=AttendanceCounts())


@dataclass(frozen=True)
class AttendanceRegister:
    by_person: dict[str, PersonAttendance]

    def of(self, person: Person) -> PersonAttendance:
        return self.by_person.get(person.slug, NO_ATTENDANCE)


def attendance_register(site: Site) -> AttendanceRegister:
    """Every person's attendance at every meeting with minutes: one pass over the site's meetings."""
    records: dict[str, dict[str, list[MeetingAttendance]]] = {}
    for meeting in site.meetings.values():  # in date order
        for person, record in _meeting_records(meeting):
            records.setdefault(person.slug, {}).setdefault(meeting.committee.slug, []).append(record)
    by_person = {}
    for slug, per_committee in records.items():
        rows = tuple(
            CommitteeAttendance(committee, tuple(reversed(per_committee[key])), _counts(per_committee[key]))
            for key, committee in site.committees.items()
            if key in per_committee
        )
        by_person[slug] = PersonAttendance(rows, sum((row.counts for row in rows), AttendanceCounts()))
    return AttendanceRegister(by_person)


def _meeting_records(meeting: Meeting) -> list[tuple[Person, MeetingAttendance]]:
    minutes = meeting.minutes
    if minutes is None:
        return []
    present = {attendance.person.slug for attendance in minutes.present}
    apologies = {person.slug for person in minutes.apologies}
    substitute_for = {substitution.replacing.slug: substitution.person for substitution in minutes.substitutes}
    found: list[tuple[Person, MeetingAttendance]] = []
    expected: set[str] = set()
    for membership in meeting.committee.members_on(meeting.date):
        person = membership.person
        if membership.role == "substitute" or person.slug in expected:
            continue
        expected.add(person.slug)
        if person.slug in present:
            record = MeetingAttendance(meeting, "attended")
        elif person.slug in substitute_for:
            record = MeetingAttendance(meeting, "substituted", substitute_for[person.slug])
        elif person.slug in apologies:
            record = MeetingAttendance(meeting, "apologies")
        else:
            record = MeetingAttendance(meeting, "absent")
        found.append((person, record))
    for substitution in minutes.substitutes:
        if substitution.person.slug not in expected:
            expected.add(substitution.person.slug)
            found.append((substitution.person, MeetingAttendance(meeting, "substitute", substitution.replacing)))
    return found
