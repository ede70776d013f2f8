"""Unique, stable element ids for one HTML page."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; the same text always gives the same slug."""
    normal = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", normal.lower())
    return "-".join(words) or "section"


def paragraph_id(number: str) -> str:
    """A numbered paragraph's id, "para-2.1", whether Markdown or a template numbers it."""
    return f"para-{number}"


@dataclass
class IdRegistry:
    """Hands out ids, suffixing repeats, so several Markdown fields can share one page."""

    used: set[str] = field(default_factory=set)
    next_suffix: dict[str, int] = field(default_factory=dict)
    """For each id wanted before, the suffix to try next: every suffix below it is taken, so a paper
    with the same heading a thousand times does not try 2, 3, 4 … again for each (that was quadratic)."""

    def claim(self, wanted: str) -> str:
        candidate = wanted
        suffix = self.next_suffix.get(wanted, 2)
        while candidate in self.used:
            candidate = f"{wanted}-{suffix}"
            suffix += 1
        if candidate != wanted:
            self.next_suffix[wanted] = suffix
        self.used.add(candidate)
        return candidate
