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


def clock(seconds: float) -> str:
    """A chapter's start as a player shows it: '2:34', '1:02:05'."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, rest = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}" if hours else f"{minutes}:{rest:02d}"


def iso_duration(seconds: float) -> str:
    """The same as an ISO 8601 duration, for <time datetime>: 'PT2M34S'."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, rest = divmod(rest, 60)
    return "PT" + f"{hours}H" * bool(hours) + f"{minutes}M" * bool(hours or minutes) + f"{rest}S"


@dataclass(frozen=True)
class ChapterStart:
    title: str
    start: float
    """Seconds from the start of the recording."""

    @property
    def clock(self) -> str:
        return clock(self.start)

    @property
    def iso(self) -> str:
        return iso_duration(self.start)


@dataclass(frozen=True)
class FormatFacts:
    size: int
    duration: float | None = None
    """Seconds, for a recording."""
    chapters: tuple[ChapterStart, ...] = ()
    """A recording's chapters, listed on the page under its link."""

    def to_json(self) -> list[object]:
        return [self.size, self.duration, [[chapter.title, chapter.start] for chapter in self.chapters]]

    @classmethod
    def from_json(cls, data: object) -> FormatFacts:
        """Facts written by `to_json`; anything else (an entry of an older shape) raises ValueError."""
        if not isinstance(data, list) or len(data) != 3:
            raise ValueError(f"not format facts: {data!r}")
        size, duration, chapters = data
        if not isinstance(size, int) or not (duration is None or isinstance(duration, (int, float))):
            raise ValueError(f"not format facts: {data!r}")
        return cls(size, duration, tuple(ChapterStart(str(title), float(start)) for title, start in chapters))

    def describe(self, kind: str) -> str:
        """'Plain text, 12 KB'; 'Ogg Opus audio, 7 min 49 s, 1.1 MB'."""
        length = [duration(self.duration)] if self.duration is not None else []
        return ", ".join([kind, *length, file_size(self.size)])
