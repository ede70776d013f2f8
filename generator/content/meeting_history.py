"""How often each meeting's arrangements have changed, counted from its meeting.md in git: the
SEQUENCE of its calendar event (render/calendars.py), derived from the content, never kept by hand.

A meeting's arrangements are its date, time, venue and status. Its count is the number of times
they changed along the file's versions, oldest first: every commit that touched it, then the file
as it is now (committed or not). Committing an edit that was already built adds no change, since
the working file and the new commit are the same arrangements; an edit and its undoing count as
two, so the count only ever rises while history is kept. Outside git (or without git), every
count is 0. A shallow clone sees only part of the history and would count too few: build from a
full clone (docs/content-format.md, "Calendars").

The versions are read by git_history.py (a fixed number of git processes, however many meetings).
Nothing but the four arrangements is read from them; the count is all that leaves this module.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.frontmatter import front_matter_of
from generator.git_history import histories

Arrangements = tuple[str, str, str, str]
"""(date, time, venue, status) as written."""


def arrangement_changes(root: Path, current: dict[str, Arrangements]) -> dict[str, int]:
    """For each meeting.md (by its path from `root`, with its arrangements as loaded now), how many
    times its arrangements changed."""
    wanted = sorted(current)
    versions = histories(root, wanted)
    counts = {}
    for path in wanted:
        texts = _distinct([version.text for version in versions.of(path) if version.text is not None])
        states = [state for state in map(arrangements_of, texts) if state is not None]
        states.append(normalised(current[path]))
        counts[path] = sum(1 for before, after in zip(states, states[1:]) if before != after)
    return counts


def normalised(arrangements: Arrangements) -> Arrangements:
    """Arrangements compared as what they say: a venue re-wrapped over two lines is the same venue."""
    date, time, venue, status = arrangements
    return date, time, " ".join(venue.split()), status


def arrangements_of(text: str) -> Arrangements | None:
    """The arrangements in a meeting.md's front matter; None for a version that cannot be read."""
    front = front_matter_of(text)
    if front is None:
        return None
    time = front.get("time", "")
    if isinstance(time, int) and not isinstance(time, bool):
        time = f"{time // 60:02d}:{time % 60:02d}"  # an unquoted 10:00 is 600 to YAML 1.1
    return normalised((str(front.get("date", "")), str(time), str(front.get("venue", "")), str(front.get("status", "scheduled"))))


def _distinct(texts: list[str]) -> list[str]:
    """The versions without a repeat of the one before: commits of other changes parse only once."""
    return [text for index, text in enumerate(texts) if index == 0 or text != texts[index - 1]]
