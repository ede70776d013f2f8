"""Why an image cannot be published: what the raster and the SVG checks both report."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImageProblem:
    """Why an image cannot be published."""

    rule: str
    message: str
    hint: str
    line: int = 0
    """The line of the image file itself (an SVG) where the problem is; 0 when it is the whole file."""
    column: int = 1
