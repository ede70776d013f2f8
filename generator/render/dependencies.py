"""Which source files a rendered page was made from, recorded while its template runs.

Every `obj.attribute` and `obj[key]` in a Jinja template goes through the
environment's getattr/getitem; `RecordingEnvironment` notes the content
file behind each object it sees. The granularity is chosen so that what
Python code computes behind a template's back is covered too:

- anything of a meeting (the meeting, its agenda items, papers, minutes)
  depends on the whole meeting folder and its committee's file, since a
  paper's front matter decides what its agenda shows;
- a person on their file, a committee on its file;
- the site object itself (listings over every meeting, committee or person)
  on everything: `EVERYTHING`.
"""

from __future__ import annotations

from jinja2 import Environment

from generator.content.site import AgendaItem, Committee, Meeting, Minutes, Paper, Person, Site
from generator.render.incremental import EVERYTHING


def meeting_folder(meeting_id: str) -> str:
    return f"content/meetings/{meeting_id}/"


def committee_file(slug: str) -> str:
    return f"content/committees/{slug}.yaml"


def person_file(slug: str) -> str:
    return f"content/people/{slug}.yaml"


def sources_of(thing: object) -> tuple[str, ...]:
    if isinstance(thing, Person):
        return (person_file(thing.slug),)
    if isinstance(thing, Committee):
        return (committee_file(thing.slug),)
    meeting = _meeting_of(thing)
    if meeting is not None:
        return (meeting_folder(meeting.id), committee_file(meeting.committee.slug))
    if isinstance(thing, Site):
        return (EVERYTHING,)
    return ()


def _meeting_of(thing: object) -> Meeting | None:
    if isinstance(thing, Meeting):
        return thing
    if isinstance(thing, (AgendaItem, Paper, Minutes)):
        return thing.meeting
    return None


class RecordingEnvironment(Environment):
    """A Jinja environment that records the sources of what templates read, while `recording` is a set."""

    recording: set[str] | None = None

    def getattr(self, obj, attribute):
        if self.recording is not None:
            self.recording.update(sources_of(obj))
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if self.recording is not None:
            self.recording.update(sources_of(obj))
        return super().getitem(obj, argument)
