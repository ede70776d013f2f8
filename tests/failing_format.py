"""A format whose renderer always fails, as a tool that exits non-zero would: for the seam's tests."""

from __future__ import annotations

from generator.formats.output import FormatError, FormatOutput, FormatSettings, FormatSource


def render(source: FormatSource, settings: FormatSettings) -> FormatOutput:
    raise FormatError("lou_translate exited with status 1: table en-ueb-g2.ctb not found")
