"""What officers get wrong by hand: facts typed twice that disagree."""

from __future__ import annotations

from generator.content.loader import LoadedMeeting
from generator.content.site import Meeting
from generator.diagnostics import Diagnostics


def check_consistency(meeting: Meeting, loaded: LoadedMeeting, diagnostics: Diagnostics) -> None:
    _papers_agree_with_agenda(meeting, loaded, diagnostics)
    _attendance_adds_up(meeting, loaded, diagnostics)


def _papers_agree_with_agenda(meeting: Meeting, loaded: LoadedMeeting, diagnostics: Diagnostics) -> None:
    for slug, paper in meeting.papers.items():
        source = loaded.papers[slug].source
        document = loaded.papers[slug].document
        if source.meeting_date is not None and source.meeting_date != meeting.date:
            diagnostics.error(
                document.position_of(("meeting_date",)),
                "meeting-date-mismatch",
                f"the paper gives the date of meeting as {source.meeting_date.isoformat()}, but it is filed under "
                f"the meeting of {meeting.date.isoformat()}",
                "correct the date, or move the paper to the right meeting's folder",
            )
        if source.item is not None and paper.item is not None and source.item != paper.item.number:
            diagnostics.error(
                document.position_of(("item",)),
                "item-number-mismatch",
                f"the paper says it is item {source.item}, but the agenda lists it as item {paper.item.number}",
                "correct one of them; the agenda's number is the one printed",
            )


def _attendance_adds_up(meeting: Meeting, loaded: LoadedMeeting, diagnostics: Diagnostics) -> None:
    minutes = meeting.minutes
    if minutes is None or loaded.minutes is None:
        return
    document = loaded.minutes.document
    present = {attendance.person.slug for attendance in minutes.present}
    for index, person in enumerate(minutes.apologies):
        if person.slug in present:
            diagnostics.error(
                document.position_of(("apologies", index)),
                "present-and-apologies",
                f"{person.name} is listed as present and as having sent apologies",
                "remove them from one of the lists",
            )
    members = {membership.person.slug for membership in meeting.committee.members_on(meeting.date)}
    for index, attendance in enumerate(minutes.present):
        if attendance.role in ("chair", "vice-chair") and attendance.person.slug not in members:
            diagnostics.error(
                document.position_of(("present", index, "role")),
                "chair-not-member",
                f"{attendance.person.name} is recorded as {attendance.role} but is not a member of "
                f"{meeting.committee.name}",
                f"add them to {meeting.committee.source_path}, or correct the role",
            )
    _present_were_summoned(meeting, loaded, members, diagnostics)


def _present_were_summoned(meeting: Meeting, loaded: LoadedMeeting, members: set[str], diagnostics: Diagnostics) -> None:
    """Someone present who was neither a member that day nor a substitute is not counted as attending:
    usually a slip (a missing `substitutes:` entry, or a membership's dates), so say so."""
    assert meeting.minutes is not None and loaded.minutes is not None
    substitutes = {substitution.person.slug for substitution in meeting.minutes.substitutes}
    for index, attendance in enumerate(meeting.minutes.present):
        if attendance.person.slug in members or attendance.person.slug in substitutes:
            continue
        diagnostics.warning(
            loaded.minutes.document.position_of(("present", index, "person")),
            "present-not-member",
            f"{attendance.person.name} is listed as present but was not a member of {meeting.committee.name} "
            f"on {meeting.date.isoformat()}, nor a substitute, so their attendance is not counted",
            f"add them under 'substitutes:' with the member they replaced, or check their dates in "
            f"{meeting.committee.source_path}; a visitor who is not a member goes in the minutes' text",
        )
