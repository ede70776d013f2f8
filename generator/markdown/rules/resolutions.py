"""Each RESOLVED block is a decision: it gets an id of its own and is listed for the decisions register.

The id is `decision-<section>-<n>` (the n-th RESOLVED of minute <section>), or `decision-<n>` in a
text without numbered sections. Unlike the paragraph's id (para-7.5), it survives a paragraph
added or removed elsewhere in the minute, so a link to a decision keeps pointing at it; it changes
only if the minutes are renumbered, and minute numbers are what a decision is cited by anyway.
"""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.rendered import Resolution


def collect_resolutions(tokens: list[Token], context: MarkdownContext) -> None:
    """Set meta['decision_id'] on each RESOLVED block and list it in `context.resolutions`."""
    section: int | None = None
    title: str | None = None
    in_section = 0
    outside = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2":
            section = token.meta.get("section")
            title = tokens[index + 1].content.strip() if section else None
            in_section = 0
        elif token.type == "container_resolved_open":
            if section is not None:
                in_section += 1
                wanted = f"decision-{section}-{in_section}"
            else:
                outside += 1
                wanted = f"decision-{outside}"
            anchor = context.ids.claim(wanted)
            token.meta["decision_id"] = anchor
            context.resolutions.append(
                Resolution(anchor=anchor, section=section, section_title=title, paragraph=token.meta.get("number"))
            )
