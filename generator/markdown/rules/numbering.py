"""Section and paragraph numbers, as councils cite them (section 3, paragraph 3.2).

Each `##` heading outside the appendices opens a numbered section; each
paragraph directly inside it (and each RESOLVED block) takes the next
number. Lists, tables and quotations belong to the paragraph before them.
Appendices and `unnumbered` blocks take no numbers. How much is numbered is
the text's `numbering` (its front matter): every paragraph of a section
(all), only those before the section's first sub-heading (sections), or
nothing (none).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.rules.appendices import is_declared_appendix

APPENDIX = re.compile(r"^\s*appendix\b", re.I)


def number_sections(tokens: list[Token], context: MarkdownContext) -> None:
    """Set meta['section'] on `##` headings and meta['number'] on numbered blocks."""
    numbered = context.numbering != "none"
    section = 0
    paragraph = 0
    in_appendix = False
    under_sub_heading = False
    unnumbered_depth = 0
    appendix_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "container_unnumbered_open":
            unnumbered_depth += 1
        elif token.type == "container_unnumbered_close":
            unnumbered_depth -= 1
        elif token.type == "container_appendix_open":
            # Everything from a declared appendix on is appendices, as after an "Appendix" heading.
            appendix_depth += 1
            in_appendix = True
            token.meta["appendix"] = True
        elif token.type == "container_appendix_close":
            appendix_depth -= 1
        elif token.type == "heading_open" and token.tag == "h2" and token.level == appendix_depth and not unnumbered_depth:
            title = tokens[index + 1].content
            in_appendix = in_appendix or bool(APPENDIX.match(title)) or is_declared_appendix(token)
            token.meta["appendix"] = in_appendix
            under_sub_heading = False
            if numbered and not in_appendix:
                section += 1
                paragraph = 0
                token.meta["section"] = section
        elif token.type == "heading_open" and token.tag != "h2" and token.level == unnumbered_depth:
            under_sub_heading = True
        elif _is_numberable(token, unnumbered_depth):
            if not numbered or not section or in_appendix:
                continue
            if context.numbering == "sections" and under_sub_heading:
                continue
            paragraph += 1
            token.meta["number"] = f"{section}.{paragraph}"
    return None


def last_section(tokens: list[Token]) -> int:
    return max((token.meta.get("section", 0) for token in tokens if token.type == "heading_open"), default=0)


def _is_numberable(token: Token, unnumbered_depth: int) -> bool:
    if unnumbered_depth:
        return False
    # Only blocks directly in the document: level 0 (containers add a level).
    if token.level != 0:
        return False
    return token.type in ("paragraph_open", "container_resolved_open")
