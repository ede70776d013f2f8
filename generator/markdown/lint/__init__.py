"""Accessibility lint on a Markdown text's tokens, run while it is rendered so each finding has its source line.

Each finding names the place, the rule, why it matters and how to fix it.
One file per rule or family of rules; `report.py` lists the rules and their
default severities.
"""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint.alt_text import check_alt_text
from generator.markdown.lint.bold_heading import check_bold_headings
from generator.markdown.lint.capitals import check_capitals
from generator.markdown.lint.dates import check_dates
from generator.markdown.lint.headings import check_headings
from generator.markdown.lint.link_text import check_link_text
from generator.markdown.lint.phones import check_phone_numbers
from generator.markdown.lint.report import LINT_RULES
from generator.markdown.lint.tables import check_tables
from generator.markdown.lint.unsafe_links import check_unsafe_links
from generator.markdown.walk import inline_blocks

__all__ = ["LINT_RULES", "lint"]

# The order below is only the order findings are listed in (a report sorts them by place):
# no lint rule changes the tokens, so none depends on another having run.

#: Rules that read the whole token stream.
STREAM_RULES = (check_headings, check_tables, check_alt_text, check_link_text, check_bold_headings)
#: Rules that read the text of one paragraph, heading, list item or table cell at a time: run
#: block by block, so that one walk over the blocks serves them all.
TEXT_RULES = (check_capitals, check_unsafe_links, check_dates, check_phone_numbers)


def lint(tokens: list[Token], context: MarkdownContext) -> None:
    for rule in STREAM_RULES:
        rule(tokens, context)
    for inline, block in inline_blocks(tokens):
        text = inline.content
        for text_rule in TEXT_RULES:
            text_rule(block, text, context)
