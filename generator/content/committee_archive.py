"""A committee page's year-by-year archive: every meeting with its agenda, minutes and decision counts."""

from __future__ import annotations

from dataclasses import dataclass

from generator.content.site import Committee, Meeting, Site


@dataclass(frozen=True)
class ArchivedMeeting:
    meeting: Meeting

    @property
    def agenda_items(self) -> int:
        return len(self.meeting.items)

    @property
    def papers(self) -> int:
        return len(self.meeting.public_papers)

    @property
    def decisions(self) -> int | None:
        """None for a meeting without minutes: its decisions are not yet recorded."""
        minutes = self.meeting.minutes
        return len(minutes.body.resolutions) if minutes is not None else None


def archive_by_year(site: Site, committee: Committee) -> list[tuple[int, list[ArchivedMeeting]]]:
    """The committee's meetings by year, the latest first (as on its page), each with its counts."""
    return [(year, [ArchivedMeeting(m) for m in meetings]) for year, meetings in site.meetings_by_year(committee)]
