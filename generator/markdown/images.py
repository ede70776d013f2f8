"""Is an image a paper shows fit to publish: really an image of the kind its name says, and safe?

A raster image is opened with Pillow, which reads its header and checks its
structure, so that a file renamed `.png` (a text file, a PDF, a spreadsheet)
is refused rather than published as an image. An SVG goes to `svg_safety.py`.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from generator.markdown.image_problem import ImageProblem

#: What Pillow must find in a file, by the file's suffix.
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
IMAGE_SUFFIXES = frozenset({*RASTER_FORMATS, ".svg"})


def image_problems(file: Path, shown_as: str) -> list[ImageProblem]:
    """What is wrong with the image `file`, which a text shows as `shown_as`; empty if nothing."""
    if file.suffix.lower() == ".svg":
        from generator.markdown.svg_safety import svg_problems  # lxml and tinycss2 are loaded for an SVG only

        return svg_problems(file, shown_as)
    return _raster_problems(file, shown_as, RASTER_FORMATS[file.suffix.lower()])


def _raster_problems(file: Path, shown_as: str, expected: str) -> list[ImageProblem]:
    try:
        with Image.open(file) as image:
            found = image.format
            image.verify()
    # Pillow reports a bad file by many exception types (OSError, SyntaxError, ValueError,
    # DecompressionBombError…), none of which may stop the build.
    except Exception as error:  # noqa: BLE001
        return [
            ImageProblem(
                "image-content",
                f"{shown_as!r} is not a {expected} image ({_reason(error)})",
                f"save the picture as a {expected} file again from the program that made it",
            )
        ]
    if found != expected:
        return [
            ImageProblem(
                "image-content",
                f"{shown_as!r} is named as a {expected} image but is a {found} image",
                f"give the file the suffix of its kind ({_suffix_of(found)}) and change the reference to match",
            )
        ]
    return []


def _reason(error: Exception) -> str:
    if isinstance(error, UnidentifiedImageError):
        return "its content is not a picture at all"
    return f"it is damaged: {error}"


def _suffix_of(format_name: str | None) -> str:
    suffixes = [suffix for suffix, name in RASTER_FORMATS.items() if name == format_name]
    return suffixes[0] if suffixes else "a kind Clerk publishes: " + ", ".join(sorted(IMAGE_SUFFIXES))
