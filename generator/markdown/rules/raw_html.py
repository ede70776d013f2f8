"""Raw HTML is reported; the renderer shows it as text (markdown/render_rules.py) so it cannot break the page."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.walk import inline_children


def check_raw_html(tokens: list[Token], context: MarkdownContext) -> None:
    blocks = ((token, token) for token in tokens if token.type == "html_block")
    for token, place in [*blocks, *inline_children(tokens)]:
        if token.type in ("html_block", "html_inline"):
            context.diagnostics.error(
                context.position(place, (token.content.strip(),)),
                "raw-html",
                f"raw HTML is not allowed: {token.content.strip()[:60]!r}",
                "write it in Markdown; Clerk shows raw HTML as plain text so that it cannot break the page",
            )
