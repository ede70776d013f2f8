"""Images' alt text: there, not a file name, not a word that says nothing; no text shown as a picture."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report
from generator.markdown.walk import inline_children, source_texts

MEANINGLESS_ALT = {"image", "picture", "photo", "graphic", "chart", "graph", "img", "icon", "logo", "screenshot", "diagram"}
FILE_NAME = re.compile(r"^[\w.-]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?)$", re.I)


def check_alt_text(tokens: list[Token], context: MarkdownContext) -> None:
    for token, parent in inline_children(tokens):
        if token.type == "image":
            _image(token, parent, context)


def _image(token: Token, parent: Token | None, context: MarkdownContext) -> None:
    def found(rule: str, message: str, hint: str) -> None:
        report(context, parent, rule, message, hint, source_texts(token))

    alt = token.content.strip()
    src = str(token.attrs.get("src", ""))
    title = str(token.attrs.get("title", "") or "").lower()
    if not alt and title != "decorative":
        found("image-alt", f"the image {src!r} has no alt text",
              "describe what the image shows: ![Map of the county's libraries](map.png); "
              "if it is only decoration, write ![](file.png \"decorative\")")
    elif FILE_NAME.match(alt) or (alt and alt == src.rsplit("/", 1)[-1]):
        found("alt-file-name", f"the alt text of {src!r} is a file name, which says nothing about the picture",
              "describe what the image shows")
    elif alt.lower().strip(".") in MEANINGLESS_ALT:
        found("alt-meaningless", f"the alt text {alt!r} does not say what the image shows",
              "describe its content, e.g. 'Bar chart of calls abandoned each month, falling from 12% to 7%'")
    if "text" in title.split():
        found("image-text", f"{src!r} is declared to contain text; text in images cannot be resized, searched or read aloud",
              "put the text in the paper itself and keep the image only for what words cannot show")
