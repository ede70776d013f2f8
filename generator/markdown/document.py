"""Render one piece of Markdown to HTML: parse, run Clerk's rules over the tokens in order, draw the HTML."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.lint import lint
from generator.markdown.parser import make_parser
from generator.markdown.render_rules import TOKEN_RENDERERS
from generator.markdown.rendered import RenderedMarkdown
from generator.markdown.rules.appendices import check_appendix_blocks
from generator.markdown.rules.attributes import check_attributes
from generator.markdown.rules.heading_ids import name_headings
from generator.markdown.rules.images import find_images
from generator.markdown.rules.list_lettering import keep_written_delimiters, letter_nested_lists
from generator.markdown.rules.local_links import resolve_local_links
from generator.markdown.rules.numbering import last_section, number_sections
from generator.markdown.rules.resolutions import collect_resolutions
from generator.markdown.rules.raw_html import check_raw_html
from generator.markdown.rules.slides import group_slides
from generator.markdown.rules.tables import collect_tables

Rule = Callable[[list[Token], MarkdownContext], None]

#: The rules run over a text's tokens between parsing and drawing the HTML, in this order;
#: tests/test_markdown_rule_order.py holds each "before" below.
CORE_RULES: tuple[tuple[str, Rule], ...] = (
    ("raw_html", check_raw_html),
    # Before tables: table cells' attributes are on th/td tokens, which table collection folds away.
    ("attributes", check_attributes),
    # Before lint: the table lint reads the collected table and its caption.
    ("tables", collect_tables),
    # Before local_links: link-text compares a link's text with its href as written.
    ("lint", lint),
    ("list_lettering", letter_nested_lists),
    # After list_lettering: a ')' list's counter style is that of the type lettering gives it.
    ("list_markers", keep_written_delimiters),
    # Before heading_ids: a slide's title is named after its place in the deck (slide-3).
    ("slides", group_slides),
    ("appendices", check_appendix_blocks),
    # After attributes: an {.appendix} it refuses (not before a ## heading) is gone before numbering reads it.
    # Before heading_ids: a numbered section's heading is named after its number (section-3).
    ("numbering", number_sections),
    ("heading_ids", name_headings),
    # After numbering and heading_ids: a decision is named after its minute, and headings keep their ids.
    ("resolutions", collect_resolutions),
    ("images", find_images),
    ("local_links", resolve_local_links),
)


class MarkdownRenderer:
    def __init__(self) -> None:
        self.md = make_parser()
        for token_type, render in TOKEN_RENDERERS.items():
            self.md.add_render_rule(token_type, render)

    def render(self, text: str, context: MarkdownContext) -> RenderedMarkdown:
        env: dict[str, Any] = {"docId": context.doc_id, "clerk": context}
        context.lines = text.split("\n")
        tokens = self.md.parse(text, env)
        for _, rule in CORE_RULES:
            rule(tokens, context)
        split = _first_appendix(tokens)
        main = self.md.renderer.render(tokens[:split], self.md.options, env)
        appendices = self.md.renderer.render(tokens[split:], self.md.options, env)
        return RenderedMarkdown(
            main=main,
            appendices=appendices,
            headings=tuple(context.headings),
            sections=last_section(tokens),
            assets=tuple(context.assets),
            links=tuple(context.links),
            resolutions=tuple(context.resolutions),
        )


def _first_appendix(tokens: Sequence[Token]) -> int:
    """Index of the first appendix heading or block; footnotes, which the parser puts last, go with the appendices."""
    for index, token in enumerate(tokens):
        if token.meta.get("appendix"):
            return index
    return len(tokens)
