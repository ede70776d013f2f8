"""How Clerk's tokens become HTML: the markdown-it render rules it adds or replaces.

Headings carry their ids and section numbers, numbered paragraphs link to
themselves, raw HTML is shown as text, tables and footnotes are drawn
accessibly. Each rule reads the text's `MarkdownContext` from `env["clerk"]`.
"""

from __future__ import annotations

import html
from typing import Any

from generator.markdown.context import MarkdownContext
from generator.markdown.ids import paragraph_id
from generator.markdown.table_html import render_table


def number_link(number: str, anchor: str) -> str:
    """The paragraph number as a link to itself, so people can cite and share it."""
    return (
        f'<a class="para-num" href="#{anchor}">'
        f'<span class="visually-hidden">Paragraph </span>{number}</a> '
    )


def _claim_paragraph_id(env: dict[str, Any], number: str) -> str:
    context: MarkdownContext = env["clerk"]
    return context.ids.claim(paragraph_id(number))


def _heading_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    section = token.meta.get("section")
    prefix = f'<span class="section-num">{section}.</span> ' if section else ""
    slide = token.meta.get("slide")
    if slide:
        # Part of the heading, so that each slide's title is a heading of its own, read and bookmarked with its number.
        prefix = f'<span class="slide-number">{slide.label}:</span> '
    return f'<{token.tag} id="{html.escape(str(token.attrs["id"]))}">{prefix}'


def _paragraph_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.hidden:
        return ""
    number = token.meta.get("number")
    if not number:
        return "<p>"
    anchor = _claim_paragraph_id(env, number)
    return f'<p class="numbered" id="{anchor}">{number_link(number, anchor)}'


def _paragraph_close(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if token.hidden:
        return "\n" if idx + 1 < len(tokens) and tokens[idx + 1].block else ""
    return "</p>\n"


def _resolved_open(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    number = token.meta.get("number")
    # The label carries the decision's own id (rules/resolutions.py), the block its paragraph's.
    decision = token.meta.get("decision_id")
    label = f'<p class="resolved-label" id="{decision}">' if decision else '<p class="resolved-label">'
    if number:
        anchor = _claim_paragraph_id(env, number)
        return f'<div class="resolved" id="{anchor}">\n{label}{number_link(number, anchor)}<strong>RESOLVED</strong></p>\n'
    return f'<div class="resolved">\n{label}<strong>RESOLVED</strong></p>\n'


def _escaped_html_block(self, tokens, idx, options, env) -> str:
    return f"<p>{html.escape(tokens[idx].content.strip())}</p>\n"


def _escaped_html_inline(self, tokens, idx, options, env) -> str:
    return html.escape(tokens[idx].content)


def _render_table(self, tokens, idx, options, env) -> str:
    context: MarkdownContext = env["clerk"]
    return render_table(tokens[idx].meta["table"], lambda inline: self.renderInline(inline.children or [], options, env), context.ids)


def _footnote_block_open(self, tokens, idx, options, env) -> str:
    context: MarkdownContext = env["clerk"]
    heading_id = context.ids.claim(f"footnotes-{context.doc_id}")
    level = context.heading_base  # under whatever heading the text sits
    return (
        f'<section class="footnotes" aria-labelledby="{heading_id}">\n'
        f'<h{level} id="{heading_id}">Footnotes</h{level}>\n<ol class="footnotes-list">\n'
    )


def _footnote_caption(self, tokens, idx, options, env) -> str:
    number = str(tokens[idx].meta["id"] + 1)
    return f'<span class="visually-hidden">Footnote </span>{number}'


def _footnote_anchor(self, tokens, idx, options, env) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    if tokens[idx].meta.get("subId", -1) > 0:
        ident += ":" + str(tokens[idx].meta["subId"])
    return f' <a href="#fnref{ident}" class="footnote-backref">Back to text<span class="visually-hidden"> of footnote {tokens[idx].meta["id"] + 1}</span></a>'


#: The render rules by token type, installed on the parser by `MarkdownRenderer`.
TOKEN_RENDERERS = {
    "html_block": _escaped_html_block,
    "html_inline": _escaped_html_inline,
    "heading_open": _heading_open,
    "paragraph_open": _paragraph_open,
    "paragraph_close": _paragraph_close,
    "container_resolved_open": _resolved_open,
    "container_resolved_close": lambda self, *args: "</div>\n",
    "container_unnumbered_open": lambda self, *args: "",
    "container_unnumbered_close": lambda self, *args: "",
    "container_slides_open": lambda self, *args: '<ol class="slides">\n',
    "container_slides_close": lambda self, *args: "</ol>\n",
    "slide_open": lambda self, *args: '<li class="slide">\n',
    "slide_close": lambda self, *args: "</li>\n",
    # An appendix block only marks where an appendix starts: its heading and text are drawn as they are.
    "container_appendix_open": lambda self, *args: "",
    "container_appendix_close": lambda self, *args: "",
    "clerk_table": _render_table,
    "footnote_block_open": _footnote_block_open,
    "footnote_block_close": lambda self, *args: "</ol>\n</section>\n",
    "footnote_caption": _footnote_caption,
    "footnote_anchor": _footnote_anchor,
}
