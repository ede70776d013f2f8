"""The Markdown rules run in the order they must (markdown/document.py CORE_RULES), as Pelican tests
the order of its generators: each pair below is one rule that reads what another must not have changed yet,
or that another needs first."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext
from generator.markdown.document import CORE_RULES

ORDER = [name for name, _ in CORE_RULES]

MUST_RUN_BEFORE = [
    ("attributes", "tables", "table cells' attributes are on th/td tokens, which table collection folds into one token"),
    ("tables", "lint", "the table lint (table-caption, table-header) reads the collected table"),
    ("lint", "local_links", "link-text compares a link's text with its href as written, before it is rewritten"),
    ("attributes", "numbering", "an {.appendix} the attribute check refuses (not before a ## heading) is dropped before numbering reads it"),
    ("list_lettering", "list_markers", "a ')' list's counter style is that of the type lettering gives it (a nested list is lettered)"),
    ("numbering", "heading_ids", "a numbered section's heading is named after its number (section-3)"),
    ("slides", "heading_ids", "a slide's title is named after its place in the deck (slide-3)"),
    ("numbering", "resolutions", "a decision is named after the minute (section) it is in (decision-7-1)"),
    ("heading_ids", "resolutions", "a heading keeps its id when a decision's id is the same words"),
]


@pytest.mark.parametrize(("first", "then", "why"), MUST_RUN_BEFORE, ids=[f"{a}-before-{b}" for a, b, _ in MUST_RUN_BEFORE])
def test_each_markdown_rule_runs_before_the_rule_that_depends_on_it(first, then, why):
    assert ORDER.index(first) < ORDER.index(then), f"{first} must run before {then}: {why}"


def test_every_markdown_rule_runs_once():
    assert len(ORDER) == len(set(ORDER))


def test_a_link_to_a_page_of_the_site_whose_text_is_its_address_is_still_reported():
    # The rule order seen from outside: lint reads the href as written, before local_links rewrites it.
    diagnostics = Diagnostics()
    text = "## A\n\nSee [other-paper.md](other-paper.md).\n"
    MarkdownRenderer().render(text, MarkdownContext("content/meetings/m/p.md", 1, diagnostics))
    assert [d.rule for d in diagnostics.items] == ["link-bare-url"]
