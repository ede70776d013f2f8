"""An ordered list inside an ordered list is lettered, as in '1)c'."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext


def letter_nested_lists(tokens: list[Token], context: MarkdownContext) -> None:
    depth = 0
    for token in tokens:
        if token.type == "ordered_list_open":
            if depth and "type" not in token.attrs:
                token.attrs["type"] = "a"
            depth += 1
        elif token.type == "ordered_list_close":
            depth -= 1
