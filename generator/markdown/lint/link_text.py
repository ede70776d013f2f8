"""Link text says where the link goes: not 'click here', not a bare web address."""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.bare_url import bare_url_hint, bare_url_message
from generator.markdown.lint.report import report
from generator.markdown.walk import inline_blocks, source_texts

VAGUE_LINK_TEXT = {
    "click here", "here", "click", "link", "this link", "more", "read more", "more info", "more information",
    "this", "this page", "go", "details", "info", "learn more", "see here", "find out more",
}
URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.I)


def check_link_text(tokens: list[Token], context: MarkdownContext) -> None:
    for inline, block in inline_blocks(tokens):
        # One pass over the paragraph, collecting each link's text up to its link_close: looking ahead
        # from each link_open was quadratic in a paragraph of many links.
        link: Token | None = None
        text_parts: list[str] = []
        for child in inline.children or []:
            if child.type == "link_open" and link is None:
                link, text_parts = child, []
            elif link is None:
                continue
            elif child.type == "link_close":
                _link(link, " ".join("".join(text_parts).split()), block, context)
                link = None
            elif child.type in ("text", "code_inline", "image"):
                text_parts.append(child.content)
        if link is not None:
            _link(link, " ".join("".join(text_parts).split()), block, context)


def _link(link: Token, text: str, block: Token, context: MarkdownContext) -> None:
    href = str(link.attrs.get("href", ""))
    written = (*source_texts(link), "[" + text, text, href)
    if text.lower().strip(".:") in VAGUE_LINK_TEXT or not text:
        report(context, block, "link-text", f"the link text {text!r} does not say where the link goes",
               "use words that make sense out of context, e.g. [the 2017-20 budget book](…)", written)
    elif URL_TEXT.match(text) or link.markup == "autolink" or text == href:
        report(context, block, "link-bare-url", bare_url_message(text),
               bare_url_hint(href),
               written)

