"""The build cache holds nothing of withheld material: not a withheld paper's text, nor its name.

CI caches are shared more widely than the site (a pull request may restore
its base branch's cache), so `.clerk-cache/` must be as safe to hand out as
`build/`. Two halves keep it so:

- nothing withheld is ever written there: PDFs, check results and reports
  are made from the build's output, which holds nothing withheld (the Markdown
  stage never renders it), and the build record names only the files the site
  publishes (see BuildRecord.save);
- what was written while a paper or agenda item was public is forgotten the
  moment it stops being public. Entries are keyed by hashes of what they
  were made from, so which of them held it cannot be told cheaply (an agenda
  pack holds every paper of its meeting); the whole cache is emptied
  instead. That costs one build's worth of PDFs and checks, and only when
  something once published is withdrawn, which is rare.

What was public is kept in `published.json` as hashes of identities, so the
marker names nothing either. A cache with no marker (made by an older
Clerk) may hold anything, and is emptied too.

The shared store (shared_store.py) is guarded the same way, with its own
marker, and emptied whole when something once published is withheld. Builds on
other machines share it with no lock, so a build that emptied it might be
followed by one (of an older revision, started before) that still stores the
withdrawn paper: the emptying build deletes the marker before emptying and
writes it after, and every build, once it has stored its entries, reads the
marker again and deletes what it stored if the marker is gone or lacks
anything it published (`take_back_if_withdrawn`). Either the emptying's
listing comes after a build's entries and deletes them, or that build's reading
of the marker comes after the marker was deleted and it deletes them itself.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Protocol

from generator.atomic_write import write_atomically
from generator.content.site import Site
from generator.shared_store import SharedStore

MARKER = "published.json"


def forget_withdrawn(cache: Path, site: Site) -> bool:
    """Empty `cache` when something it may hold is no longer published; True when it was emptied.

    Run by every build that reads the cache, as soon as the site is linked: before
    this build writes anything there, and whether or not it goes on to succeed."""
    return CacheGuard(cache, site).apply()


class GuardedPlace(Protocol):
    """What the guard needs of a cache: the local folder (`LocalFolder`) or the shared store (SharedStore)."""

    def get(self, name: str) -> bytes | None: ...
    def put(self, name: str, data: bytes) -> None: ...
    def drop(self, name: str) -> bool: ...
    def holds_anything(self) -> bool | None: ...
    def empty(self) -> None: ...


class CacheGuard:
    """`forget_withdrawn` in two steps, for a build that writes to the cache as it goes (content_cache.py):
    whether the cache must be emptied is known as soon as the site is linked (`must_empty`), the marker read
    and the site's identities hashed once; `apply` empties it (if it must) and notes what is published."""

    def __init__(self, cache: Path | SharedStore, site: Site):
        self.place: GuardedPlace = cache if isinstance(cache, SharedStore) else LocalFolder(cache)
        self.now = {_hashed(identity) for identity in published_identities(site)}
        self.before = self._marker()
        self.must_empty = (self.before is None and bool(self.place.holds_anything())) or (
            self.before is not None and bool(self.before - self.now)
        )

    def apply(self) -> bool:
        """Empty the cache if it must be; True when it was emptied. Until this has run, nothing may be written there."""
        emptied = False
        if self.must_empty:
            self.place.drop(MARKER)
            self.place.empty()
            emptied = True
            if self.place.holds_anything() is not False:
                # Something could not be deleted: no marker, so that the next build empties it again,
                # rather than one saying that a cache still holding the withdrawn material is clean.
                return emptied
        if self.before != self.now or emptied:
            self.place.put(MARKER, json.dumps(sorted(self.now)).encode("utf-8"))
        self.before, self.must_empty = self.now, False
        return emptied

    def take_back_if_withdrawn(self, store: SharedStore) -> None:
        """Delete what this build put in the shared store if, meanwhile, another build found something it holds
        withdrawn (the marker is gone, or lacks something this build published); see the module's docstring."""
        marker = self._marker()
        if marker is not None and not self.now - marker:
            return
        for name in store.put_names:
            if name != MARKER:
                store.drop(name)

    def _marker(self) -> set[str] | None:
        data = self.place.get(MARKER)
        try:
            return set(json.loads(data)) if data is not None else None
        except (ValueError, TypeError):
            return None


class LocalFolder:
    """The local cache folder as the guard sees it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, name: str) -> bytes | None:
        try:
            return (self.folder / name).read_bytes()
        except OSError:
            return None

    def put(self, name: str, data: bytes) -> None:
        write_atomically(self.folder / name, data)

    def drop(self, name: str) -> bool:
        (self.folder / name).unlink(missing_ok=True)
        return True

    def holds_anything(self) -> bool:
        return self.folder.is_dir() and any(self.folder.iterdir())

    def empty(self) -> None:
        for entry in self.folder.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def published_identities(site: Site) -> set[str]:
    """Everything of the site that may be withheld and is not: each paper published, by its file,
    and each agenda item published in full (not exempt or confidential), by meeting and number."""
    identities = set()
    for meeting in site.meetings.values():
        identities |= {paper.source_path for paper in meeting.public_papers}
        identities |= {f"{meeting.id}#item-{item.number}" for item in meeting.items if item.exemption is None}
    return identities


def published_whole(site: Site) -> set[str]:
    """The content files every word of which the site publishes: the only ones whose read front matter
    and rendered Markdown may be kept between builds (content_cache.py). A published paper, published
    minutes, and an agenda (meeting.md) none of whose items is exempt or confidential."""
    whole = set()
    for meeting in site.meetings.values():
        whole |= {paper.source_path for paper in meeting.public_papers}
        if meeting.minutes is not None:
            whole.add(meeting.minutes.source_path)
        if all(item.exemption is None for item in meeting.items):
            whole.add(meeting.source_path)
    return whole


def _hashed(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()
