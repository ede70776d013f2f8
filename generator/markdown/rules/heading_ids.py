"""Each heading gets an id unique on its page: `section-N` for a numbered section, else a slug of its text."""

from __future__ import annotations

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext
from generator.markdown.ids import slugify
from generator.markdown.rendered import Heading
from generator.markdown.rules.slides import SlideNumber


def name_headings(tokens: list[Token], context: MarkdownContext) -> None:
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        level = int(token.tag[1])
        text = tokens[index + 1].content.strip()
        section = token.meta.get("section")
        slide: SlideNumber | None = token.meta.get("slide")
        wanted = f"section-{section}" if section else slide.anchor if slide else slugify(text)
        if slide:
            text = f"{slide.label}: {text}"
        token.attrs["id"] = context.ids.claim(wanted)
        context.headings.append(
            Heading(level=level, id=str(token.attrs["id"]), text=text, number=section, appendix=bool(token.meta.get("appendix")))
        )
