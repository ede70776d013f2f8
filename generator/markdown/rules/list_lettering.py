"""Ordered lists' markers as councils print them: nested lists lettered, as in '1)c', and a
list written `1)` or `a)` shown with ')' rather than turned into '1.'."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext

#: The CSS counter style (templates/static/clerk.css, templates/pdf/print.css) for each list type,
#: whose suffix is ')': a class rather than a [type] selector, which browsers match case-blind.
PAREN_STYLES = {
    "1": "paren-decimal",
    "a": "paren-lower-alpha",
    "A": "paren-upper-alpha",
    "i": "paren-lower-roman",
    "I": "paren-upper-roman",
}


def letter_nested_lists(tokens: list[Token], context: MarkdownContext) -> None:
    depth = 0
    for token in tokens:
        if token.type == "ordered_list_open":
            if depth and "type" not in token.attrs:
                token.attrs["type"] = "a"
            depth += 1
        elif token.type == "ordered_list_close":
            depth -= 1


def keep_written_delimiters(tokens: list[Token], context: MarkdownContext) -> None:
    """A list written `1)` keeps its ')': its <ol> takes the counter style of its type with that suffix."""
    for token in tokens:
        if token.type == "ordered_list_open" and token.markup == ")":
            token.attrs["class"] = PAREN_STYLES[str(token.attrs.get("type", "1"))]
