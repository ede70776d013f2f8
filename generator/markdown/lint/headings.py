"""Headings: none empty, none above the level the text sits at, none skipping a level."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.report import report


def check_headings(tokens: list[Token], context: MarkdownContext) -> None:
    previous = context.heading_base - 1
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        text = tokens[index + 1].content.strip()
        marks = "#" * level
        if not text:
            report(context, token, "heading-empty", "this heading has no text; screen readers announce an empty heading",
                   "give it a title or remove the line")
        if level < context.heading_base:
            report(
                context, token, "heading-level",
                f"'{marks} {text}' is a level-{level} heading, but this text sits under a level-{context.heading_base - 1} heading",
                f"start headings here at '{'#' * context.heading_base} '; the page title is the only level-1 heading",
            )
        elif level > previous + 1:
            report(
                context, token, "heading-skip",
                f"'{marks} {text}' jumps from level {previous} to level {level}; screen-reader users navigate by heading levels",
                f"use '{'#' * (previous + 1)} ' here",
            )
        previous = level
