"""A paragraph of bold text alone looks like a heading but is not one."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report


def check_bold_headings(tokens: list[Token], context: MarkdownContext) -> None:
    for index in range(1, len(tokens)):
        token = tokens[index]
        if token.type != "inline" or tokens[index - 1].type != "paragraph_open":
            continue
        # A list item that is bold text alone is not mistaken for a heading.
        if not (index >= 2 and tokens[index - 2].type == "list_item_open"):
            _bold_heading(token, context)


def _bold_heading(inline: Token, context: MarkdownContext) -> None:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    if (
        len(children) >= 3
        and children[0].type == "strong_open"
        and children[-1].type == "strong_close"
        and sum(1 for c in children if c.type == "strong_open") == 1
        and len(inline.content) <= 80
    ):
        report(context, inline, "bold-heading", f"'{inline.content.strip('*')}' is bold text standing alone, which looks like a heading but is not one",
               "make it a heading ('### …') so screen-reader users can find it")
