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
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from generator.atomic_write import write_atomically
from generator.content.site import Site

MARKER = "published.json"


def forget_withdrawn(cache: Path, site: Site) -> bool:
    """Empty `cache` when something it may hold is no longer published; True when it was emptied.

    Run by every build that reads the cache, as soon as the site is linked: before
    this build writes anything there, and whether or not it goes on to succeed."""
    return CacheGuard(cache, site).apply()


class CacheGuard:
    """`forget_withdrawn` in two steps, for a build that writes to the cache as it goes (content_cache.py):
    whether the cache must be emptied is known as soon as the site is linked (`must_empty`), the marker read
    and the site's identities hashed once; `apply` empties it (if it must) and notes what is published."""

    def __init__(self, cache: Path, site: Site):
        self.cache = cache
        self.now = {_hashed(identity) for identity in published_identities(site)}
        self.before = _read_marker(cache)
        self.must_empty = (self.before is None and _holds_anything(cache)) or (self.before is not None and bool(self.before - self.now))

    def apply(self) -> bool:
        """Empty the cache if it must be; True when it was emptied. Until this has run, nothing may be written there."""
        emptied = False
        if self.must_empty:
            _empty(self.cache)
            emptied = True
            if _holds_anything(self.cache):
                # Something could not be deleted: no marker, so that the next build empties it again,
                # rather than one saying that a cache still holding the withdrawn material is clean.
                return emptied
        if self.before != self.now or emptied:
            write_atomically(self.cache / MARKER, json.dumps(sorted(self.now)))
        self.before, self.must_empty = self.now, False
        return emptied


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


def _read_marker(cache: Path) -> set[str] | None:
    try:
        return set(json.loads((cache / MARKER).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _holds_anything(cache: Path) -> bool:
    return cache.is_dir() and any(cache.iterdir())


def _empty(cache: Path) -> None:
    for entry in cache.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
