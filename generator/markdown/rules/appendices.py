"""Appendices declared as such: a `::: appendix` block, or `{.appendix}` on the line before a `##` heading.

A presentation or brochure appended to a report is rarely titled "Appendix …"
as printed; declaring it keeps the title it was printed with. Its `##`
heading is that title, listed with the appendices (contents, PDF bookmarks),
and nothing in it is numbered (numbering.py).
"""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext

#: The class `{.appendix}` gives the heading it stands before.
APPENDIX_CLASS = "appendix"


def is_declared_appendix(token: Token) -> bool:
    """The token opens an appendix block, or is a `##` heading marked `{.appendix}`."""
    if token.type == "container_appendix_open":
        return True
    return token.type == "heading_open" and token.tag == "h2" and token.attrs.get("class") == APPENDIX_CLASS


def check_appendix_blocks(tokens: list[Token], context: MarkdownContext) -> None:
    """An appendix block starts with its title: a `##` heading, as printed."""
    for index, token in enumerate(tokens):
        if token.type != "container_appendix_open":
            continue
        first = tokens[index + 1] if index + 1 < len(tokens) else None
        if first is not None and first.type == "heading_open" and first.tag == "h2":
            continue
        context.diagnostics.error(
            context.position(token, ("::: appendix", ":::")),
            "appendix-title",
            "an appendix block must start with its title, as a '## ' heading",
            "put the appendix's title as printed on the line after '::: appendix', e.g. '## The Digital Offer'",
        )
