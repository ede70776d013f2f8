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
  on everything: `EVERYTHING`;
- the rendered body of a paper or the minutes (and what Python works out from
  it) on that body too, so that an edit to the body alone (the officer's
  usual edit) makes again the pages that show it and no listing.
"""

from __future__ import annotations

import functools
from typing import Callable, TypeVar

from jinja2 import Environment

from generator.content.forward_plans import ForwardPlans
from generator.content.issues import Issues
from generator.content.site import AgendaItem, Committee, Meeting, Minutes, Paper, Person, Site
from generator.render.incremental import EVERYTHING, body_of

T = TypeVar("T")

#: What of a paper or the minutes comes from the Markdown after its front matter.
BODY_ATTRIBUTES = frozenset(
    {"body", "assets", "background_section", "background_paragraph", "section_headings", "appendix_headings", "has_contents"}
    | {"background_numbers"}
)


def meeting_folder(meeting_id: str) -> str:
    return f"content/meetings/{meeting_id}/"


def sources_of(thing: object, attribute: object = None) -> tuple[str, ...]:
    # By exact type, not isinstance: this runs for every attribute every template reads.
    kind = type(thing)
    if kind is Paper or kind is Minutes:
        sources = _meeting_sources(thing.meeting.id, thing.meeting.committee.source_path)
        if isinstance(attribute, str) and attribute in BODY_ATTRIBUTES:
            # The body's ids follow those the front matter's fields took, so the folder stays a source.
            return (*sources, body_of(thing.source_path))
        return sources
    if kind is AgendaItem:
        return _meeting_sources(thing.meeting.id, thing.meeting.committee.source_path)
    if kind is Meeting:
        return _meeting_sources(thing.id, thing.committee.source_path)
    if kind is Person or kind is Committee:
        return (thing.source_path,)
    if kind is Site or kind is Issues or kind is ForwardPlans:
        # Read across the whole site: a page that looks an issue or a plan up depends on every file.
        return (EVERYTHING,)
    return ()


@functools.lru_cache(maxsize=4096)
def _meeting_sources(meeting_id: str, committee_file: str) -> tuple[str, ...]:
    return (meeting_folder(meeting_id), committee_file)


#: The kinds of object a source file stands behind; templates read many others (strings, pages, dates).
SOURCE_KINDS = frozenset({Paper, Minutes, AgendaItem, Meeting, Person, Committee, Site, Issues, ForwardPlans})


class RecordingEnvironment(Environment):
    """A Jinja environment that records the sources of what templates read, while `recording` is a set."""

    recording: set[str] | None = None
    #: (object, body or not) already noted for the page being rendered: a page reads the same few
    #: objects thousands of times, and this runs for every read.
    noted: set[tuple[int, bool]] = set()
    #: The page depends on every file already (a listing, or it read the site): of what it reads
    #: from now on only a body can add to that (`depends_on` matches a body exactly), so nothing
    #: else is looked at; a listing reads tens of thousands of objects.
    everything: bool = False

    def start_recording(self, recording: set[str]) -> None:
        self.recording, self.noted, self.everything = recording, set(), EVERYTHING in recording

    def stop_recording(self) -> None:
        self.recording, self.noted, self.everything = None, set(), False

    def recorded_while(self, make: Callable[[], T]) -> tuple[T, frozenset[str]]:
        """What `make` returns, and the sources it read (recorded into the page's recording too), so
        that whoever reuses its result can record them again (`replay`)."""
        if self.recording is None:
            return make(), frozenset()
        outer, outer_noted, outer_everything = self.recording, self.noted, self.everything
        # Made on a page that depends on everything, it is recorded so, as the page reads it.
        self.recording, self.noted = ({EVERYTHING} if outer_everything else set()), set()
        try:
            made = make()
            sources = frozenset(self.recording)
        finally:
            self.recording, self.noted, self.everything = outer, outer_noted, outer_everything
        self.replay(sources)
        return made, sources

    def replay(self, sources: frozenset[str]) -> None:
        if self.recording is not None:
            self.recording.update(sources)
            self.everything = self.everything or EVERYTHING in sources

    def _note(self, obj: object, attribute: object) -> None:
        key = (id(obj), isinstance(attribute, str) and attribute in BODY_ATTRIBUTES)
        if key not in self.noted:
            self.noted.add(key)
            sources = sources_of(obj, attribute)
            self.recording.update(sources)
            self.everything = self.everything or EVERYTHING in sources

    def getattr(self, obj, attribute):
        # Every `a.b` of every template comes here (about 160 a page), so the usual case is kept to
        # the fewest steps: an object already noted is not noted again, and an attribute found is
        # returned without a second call through Environment.getattr (which looks it up the same way).
        if type(obj) in SOURCE_KINDS and self.recording is not None:
            body = attribute in BODY_ATTRIBUTES
            if (not self.everything or body) and (id(obj), body) not in self.noted:
                self._note(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item (`mapping.key`), or undefined

    def getitem(self, obj, argument):
        if (
            self.recording is not None
            and (not self.everything or (isinstance(argument, str) and argument in BODY_ATTRIBUTES))
            and type(obj) in SOURCE_KINDS
        ):
            self._note(obj, argument)
        return super().getitem(obj, argument)
