"""Images a text shows: each local image fit to publish is collected beside the page, every other one reported."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from generator.diagnostics import Position
from generator.markdown.context import MarkdownContext
from generator.markdown.images import IMAGE_SUFFIXES, image_problems
from generator.markdown.walk import inline_children, source_texts


def find_images(tokens: list[Token], context: MarkdownContext) -> None:
    for token, parent in inline_children(tokens):
        if token.type == "image":
            _find_image(str(token.attrs.get("src", "")), context.position(parent, source_texts(token)), context)


def _find_image(src: str, place: Position, context: MarkdownContext) -> None:
    """Record a local image for publishing beside the page, or report why it cannot be."""
    if urlsplit(src).scheme or src.startswith("//"):
        context.diagnostics.error(
            place,
            "image-remote",
            f"the image {src!r} is not a file kept with the paper; a published paper's images must be in the repository",
            "save the image (if it may be published) in the paper's folder and give its file name, as in ![…](chart.png)",
        )
        return
    if context.folder is None:
        return
    relative = PurePosixPath(unquote(urlsplit(src).path))
    if relative.is_absolute() or ".." in relative.parts:
        context.diagnostics.error(
            place,
            "image-path",
            f"the image path {src!r} leaves the paper's folder",
            "put the image in the same folder as the paper (or a folder inside it) and use a relative path",
        )
        return
    if relative.suffix.lower() not in IMAGE_SUFFIXES:
        context.diagnostics.error(
            place,
            "image-type",
            f"{src!r} is not an image Clerk publishes",
            f"use one of {', '.join(sorted(IMAGE_SUFFIXES))}",
        )
        return
    file = context.folder / relative
    if file.exists() and not file.resolve().is_relative_to(context.folder.resolve()):
        context.diagnostics.error(
            place,
            "image-path",
            f"the image {src!r} is a link to a file outside the paper's folder",
            "copy the image into the folder instead of linking to it",
        )
        return
    if not file.is_file():
        context.diagnostics.error(
            place,
            "image-missing",
            f"the image {src!r} is not in {context.folder.name}/",
            "check the file name (it is case-sensitive) or add the image",
        )
        return
    problems = image_problems(file, src)
    for problem in problems:
        # A problem inside an SVG is reported at its line in the SVG; others where the text shows the image.
        image = PurePosixPath(context.path).parent.joinpath(relative).as_posix()
        where = Position(image, problem.line, problem.column) if problem.line else place
        context.diagnostics.error(where, problem.rule, problem.message, problem.hint)
    if not problems:
        context.assets.append((relative.as_posix(), file))
