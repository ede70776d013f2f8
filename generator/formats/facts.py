"""What a page says about a format file it offers: its size, and a recording's length.

Kept apart from the renderers so that the build record (build_record.py) can
hold these without loading any of them.
"""

from __future__ import annotations

from dataclasses import dataclass


def file_size(size: int) -> str:
    """GOV.UK attachment style: '412 KB', '1.1 MB'."""
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def duration(seconds: float) -> str:
    """'7 min 49 s', '42 s', '1 h 3 min 5 s'."""
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, rest = divmod(rest, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(hours or minutes) + [f"{rest} s"]
    return " ".join(parts)


@dataclass(frozen=True)
class FormatFacts:
    size: int
    duration: float | None = None
    """Seconds, for a recording."""

    def describe(self, kind: str) -> str:
        """'Plain text, 12 KB'; 'Ogg Opus audio, 7 min 49 s, 1.1 MB'."""
        length = [duration(self.duration)] if self.duration is not None else []
        return ", ".join([kind, *length, file_size(self.size)])
