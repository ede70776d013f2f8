"""Section and paragraph numbers, as councils cite them (section 3, paragraph 3.2).

Each `##` heading outside the appendices opens a numbered section; each
paragraph directly inside it (and each RESOLVED block) takes the next
number. Lists, tables and quotations belong to the paragraph before them.
Appendices and `unnumbered` blocks take no numbers.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext

APPENDIX = re.compile(r"^\s*appendix\b", re.I)


def number_sections(tokens: list[Token], context: MarkdownContext) -> None:
    """Set meta['section'] on `##` headings and meta['number'] on numbered blocks."""
    numbered = context.numbered
    section = 0
    paragraph = 0
    in_appendix = False
    unnumbered_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "container_unnumbered_open":
            unnumbered_depth += 1
        elif token.type == "container_unnumbered_close":
            unnumbered_depth -= 1
        elif token.type == "heading_open" and token.tag == "h2" and token.level == 0 and not unnumbered_depth:
            title = tokens[index + 1].content
            in_appendix = in_appendix or bool(APPENDIX.match(title))
            token.meta["appendix"] = in_appendix
            if numbered and not in_appendix:
                section += 1
                paragraph = 0
                token.meta["section"] = section
        elif _is_numberable(token, unnumbered_depth):
            if numbered and section and not in_appendix:
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
