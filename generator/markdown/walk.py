"""Walking a token stream the same way for every check, table cells included."""

from __future__ import annotations

from typing import Iterator, Sequence

from markdown_it.token import Token


def inline_blocks(tokens: Sequence[Token]) -> Iterator[tuple[Token, Token]]:
    """Each inline token with the block token whose line places it: paragraphs,
    headings, list items, and each caption and cell of a collected table."""
    for token in tokens:
        if token.type == "inline":
            yield token, token
        elif token.type == "clerk_table":
            for inline in token.meta["table"].inlines():
                yield inline, inline if inline.map else token


def inline_children(tokens: Sequence[Token]) -> Iterator[tuple[Token, Token]]:
    """Each inline child (text, link, image, raw HTML…) with the block token that places it."""
    for inline, place in inline_blocks(tokens):
        for child in inline.children or []:
            yield child, place


def source_texts(child: Token) -> tuple[str, ...]:
    """What to look for in an inline block's source lines to find where `child` was written,
    most telling first: markdown-it records lines for blocks only."""
    if child.type == "image":
        return ("![" + child.content, "![")
    if child.type == "link_open" and child.markup == "autolink":
        return ("<" + str(child.attrs.get("href", "")), "<")
    return (child.content,) if child.content else ()
