"""How often each meeting's arrangements have changed, counted from its meeting.md in git: the
SEQUENCE of its calendar event (render/calendars.py), derived from the content, never kept by hand.

A meeting's arrangements are its date, time, venue and status. Its count is the number of times
they changed along the file's versions, oldest first: every commit that touched it, then the file
as it is now (committed or not). Committing an edit that was already built adds no change, since
the working file and the new commit are the same arrangements; an edit and its undoing count as
two, so the count only ever rises while history is kept. Outside git (or without git), every
count is 0. A shallow clone sees only part of the history and would count too few: build from a
full clone (docs/content-format.md, "Calendars").

Two processes in all, however many meetings: one `git log` for which commits touched which
meeting.md, one `git cat-file --batch` for those versions. Nothing but the four arrangements is
read from them; the count is all that leaves this module.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from generator.content.frontmatter import SAFE_LOADER

Arrangements = tuple[str, str, str, str]
"""(date, time, venue, status) as written."""

_COMMIT = "@@commit "


def arrangement_changes(root: Path, current: dict[str, Arrangements]) -> dict[str, int]:
    """For each meeting.md (by its path from `root`, with its arrangements as loaded now), how many
    times its arrangements changed."""
    wanted = sorted(current)
    versions = _committed_versions(root, wanted)
    counts = {}
    for path in wanted:
        states = [state for state in (arrangements_of(text) for text in _distinct(versions.get(path, []))) if state is not None]
        states.append(normalised(current[path]))
        counts[path] = sum(1 for before, after in zip(states, states[1:]) if before != after)
    return counts


def normalised(arrangements: Arrangements) -> Arrangements:
    """Arrangements compared as what they say: a venue re-wrapped over two lines is the same venue."""
    date, time, venue, status = arrangements
    return date, time, " ".join(venue.split()), status


def arrangements_of(text: str) -> Arrangements | None:
    """The arrangements in a meeting.md's front matter; None for a version that cannot be read."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            try:
                front = yaml.load("\n".join(lines[1:index]), Loader=SAFE_LOADER)
            except yaml.YAMLError:
                return None
            if not isinstance(front, dict):
                return None
            time = front.get("time", "")
            if isinstance(time, int) and not isinstance(time, bool):
                time = f"{time // 60:02d}:{time % 60:02d}"  # an unquoted 10:00 is 600 to YAML 1.1
            return normalised((str(front.get("date", "")), str(time), str(front.get("venue", "")), str(front.get("status", "scheduled"))))
    return None


def _distinct(texts: list[str]) -> list[str]:
    """The versions without a repeat of the one before: commits of other changes parse only once."""
    return [text for index, text in enumerate(texts) if index == 0 or text != texts[index - 1]]


def _git(root: Path, arguments: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *arguments], input=stdin, capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _committed_versions(root: Path, paths: list[str]) -> dict[str, list[str]]:
    """Each path's committed texts, oldest first; empty outside a git work tree."""
    if not paths or _git(root, ["rev-parse", "--is-inside-work-tree"]) is None:
        return {}
    log = _git(
        root,
        ["log", "--reverse", "--no-renames", "--relative", f"--format={_COMMIT}%H", "--name-only", "--", *paths],
    )
    if not log:
        return {}
    wanted = set(paths)
    touched: list[tuple[str, str]] = []
    commit = ""
    for line in log.decode("utf-8", "replace").splitlines():
        if line.startswith(_COMMIT):
            commit = line.removeprefix(_COMMIT)
        elif line in wanted and commit:
            touched.append((commit, line))
    if not touched:
        return {}
    # `./` makes the object name relative to `root`, as the paths are.
    request = "".join(f"{commit}:./{path}\n" for commit, path in touched).encode()
    output = _git(root, ["cat-file", "--batch"], stdin=request)
    if output is None:
        return {}
    versions: dict[str, list[str]] = {}
    position = 0
    for _, path in touched:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # deleted in that commit
        size = int(header[2])
        versions.setdefault(path, []).append(output[position : position + size].decode("utf-8", "replace"))
        position += size + 1
    return versions
