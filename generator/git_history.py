"""The committed history of content files, read from git: the one module that runs git.

Both things Clerk derives from history read it here: a calendar event's SEQUENCE
(content/meeting_history.py) and each document's publication record (content/publication_record.py).

However many files, reading is a fixed number of processes: `git rev-parse` for what kind of
checkout this is, one `git log --raw` for which commits touched which files (when, and the id of
each version's blob), and one `git cat-file --batch` for the texts of those blobs, asked for by id
so that git walks no trees (a third of the time of `commit:path` names at 4,000 papers). A site
with thousands of papers is not thousands of git processes.

A commit is dated by its committer date (when it was committed where it is, not when its change was
first written), as a day in London, where the councils Clerk serves publish.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_COMMIT = "@@commit "
_DELETED = "0" * 40

Checkout = Literal["full", "shallow", "not-a-repository", "no-git"]
"""What kind of checkout the site is in: a full clone (history complete), a shallow clone (history
cut short), a folder outside any repository, or a machine without git."""


@dataclass(frozen=True)
class Version:
    """One committed version of a file."""

    commit: str
    committed: dt.date
    """The commit's committer date, as a day in London."""
    text: str | None = None
    """The file as that commit left it; None where the commit deleted it, or texts were not asked for."""


@dataclass(frozen=True)
class Histories:
    """The committed versions of the files asked for, each oldest first."""

    checkout: Checkout
    versions: dict[str, list[Version]] = field(default_factory=dict)

    def of(self, path: str) -> list[Version]:
        return self.versions.get(path, [])

    def fingerprint(self, path: str) -> str:
        """A hash of the commits that touched `path`: it changes with every new commit of the file,
        even one that leaves its bytes as they were in the working tree."""
        return hashlib.sha256(" ".join(version.commit for version in self.of(path)).encode()).hexdigest()[:16]


def checkout_of(root: Path) -> Checkout:
    """Whether `root` is in a full clone, a shallow one, no repository, or git is missing."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--is-inside-work-tree", "--is-shallow-repository"],
            capture_output=True, check=False, timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return "no-git"
    answers = done.stdout.decode("utf-8", "replace").split()
    if done.returncode != 0 or not answers or answers[0] != "true":
        return "not-a-repository"
    return "shallow" if answers[1:] == ["true"] else "full"


def head_commit(root: Path) -> str | None:
    """The commit checked out (None without one): what was committed is the same while it is."""
    head = _git(root, ["rev-parse", "--verify", "-q", "HEAD"])
    return head.decode().strip() if head else None


def histories(
    root: Path, paths: list[str], *, pathspec: list[str] | None = None, texts: bool = True, checkout: Checkout | None = None
) -> Histories:
    """The committed versions of each of `paths` (relative to `root`), oldest first.

    `pathspec` narrows `git log` (default: the paths themselves; a folder such as ["content"] keeps
    the command line short for thousands of files). `texts=False` reads only which commits touched
    which file, and when (one process fewer). In a shallow clone the versions are those the clone
    holds: the caller decides what it can say from them. `checkout`: what `checkout_of` just said,
    when the caller has asked it already."""
    checkout = checkout_of(root) if checkout is None else checkout
    if checkout in ("no-git", "not-a-repository") or not paths:
        return Histories(checkout)
    wanted = set(paths)
    log = _git(
        root,
        [
            "log", "--reverse", "--no-renames", "--relative", "--raw", "--no-abbrev", f"--format={_COMMIT}%H %ct",
            "--", *(pathspec or sorted(wanted)),
        ],
    )
    if not log:
        return Histories(checkout)
    touched: list[tuple[str, dt.date, str, str]] = []
    commit, day = "", dt.date.min
    for line in log.decode("utf-8", "replace").splitlines():
        if line.startswith(_COMMIT):
            commit, _, stamp = line.removeprefix(_COMMIT).partition(" ")
            day = dt.datetime.fromtimestamp(int(stamp), LONDON).date()
        elif line.startswith(":") and commit:
            # ":100644 100644 <old blob> <new blob> M\t<path>": the new blob is the version (zeros: deleted).
            meta, _, path = line.partition("\t")
            fields = meta.split()
            if path in wanted and len(fields) >= 4:
                touched.append((commit, day, path, fields[3]))
    versions: dict[str, list[Version]] = {}
    found = _texts(root, [blob for *_, blob in touched]) if texts else {}
    if found is None:
        return Histories(checkout)
    for commit, day, path, blob in touched:
        versions.setdefault(path, []).append(Version(commit, day, found.get(blob)))
    return Histories(checkout, versions)


def _texts(root: Path, blobs: list[str]) -> dict[str, str] | None:
    """The text of each blob (by id), from one `git cat-file --batch`; None if git fails."""
    wanted = sorted(set(blobs) - {_DELETED})
    if not wanted:
        return {}
    output = _git(root, ["cat-file", "--batch"], stdin="".join(f"{blob}\n" for blob in wanted).encode())
    if output is None:
        return None
    texts: dict[str, str] = {}
    position = 0
    for blob in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue  # missing (a partial clone): no text
        size = int(header[2])
        texts[blob] = output[position : position + size].decode("utf-8", "replace")
        position += size + 1
    return texts


def _git(root: Path, arguments: list[str], stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *arguments], input=stdin, capture_output=True, check=False, timeout=120
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None
