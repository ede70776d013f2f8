"""A slide deck typed from a printed presentation: a `::: slides` block, one slide per title heading.

```
::: slides
### The Digital Offer

Customer Service Strategy – the story so far

### Meeting our customers needs

- I can deal with the council at a time that suits me
:::
```

The first heading in the block sets the level of the slide titles; each heading
of that level starts a slide, deeper headings stay inside it, and a `---` line
may also end a slide. The deck becomes an ordered list of slides; each title
keeps its heading but is named "Slide 3 of 16: …", so a deck that repeats a title
still gives each slide a heading (and PDF bookmark) of its own. Slide text sits
inside the block, so it is never paragraph-numbered (numbering.py numbers only
blocks directly in the document) and is linted like any other text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.markdown.context import MarkdownContext

DECK_OPEN = "container_slides_open"
DECK_CLOSE = "container_slides_close"


@dataclass(frozen=True)
class SlideNumber:
    """Where a slide stands in its deck; set on its title's heading_open as meta['slide']."""

    number: int
    of: int

    @property
    def label(self) -> str:
        return f"Slide {self.number} of {self.of}"

    @property
    def anchor(self) -> str:
        """The id the title asks for, so a slide can be cited as #slide-3."""
        return f"slide-{self.number}"


@dataclass
class _Slide:
    title: Token | None = None
    tokens: list[Token] = field(default_factory=list)


def group_slides(tokens: list[Token], context: MarkdownContext) -> None:
    """Wrap each `::: slides` block's slides in slide_open/slide_close tokens and number their titles."""
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type != DECK_OPEN:
            result.append(token)
            index += 1
            continue
        end = _deck_end(tokens, index)
        body = tokens[index + 1 : end]
        group_slides(body, context)  # a deck typed inside a slide is a deck of its own
        result.append(token)
        result.extend(_deck(token, body, context))
        if end < len(tokens):
            result.append(tokens[end])
        index = end + 1
    tokens[:] = result


def _deck_end(tokens: list[Token], start: int) -> int:
    """The index of the token closing the deck opened at `start` (the parser closes every block it opens)."""
    level = tokens[start].level
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == DECK_CLOSE and tokens[index].level == level:
            return index
    return len(tokens)


def _deck(opening: Token, body: list[Token], context: MarkdownContext) -> list[Token]:
    top = opening.level + 1
    slides = _split(body, top, context)
    if not slides:
        context.diagnostics.error(
            context.position(opening, (":::",)),
            "slides-empty",
            "this slides block holds no slides",
            "give each slide a title heading (### Title) followed by its text, before the closing :::",
        )
        return []
    grouped: list[Token] = []
    for number, slide in enumerate(slides, start=1):
        if slide.title is None:
            context.diagnostics.error(
                context.position(slide.tokens[0]),
                "slide-title",
                "this slide has no title: a slide starts with its title as a heading",
                "type the slide's title as printed, as a heading (### Title) before its text; "
                "text before the first title belongs before the ::: slides line",
            )
        else:
            slide.title.meta["slide"] = SlideNumber(number, len(slides))
        for token in slide.tokens:
            token.level += 1  # now inside the slide's list item
        grouped.append(Token("slide_open", "li", 1, level=top, block=True, map=slide.tokens[0].map))
        grouped.extend(slide.tokens)
        grouped.append(Token("slide_close", "li", -1, level=top, block=True))
    return grouped


def _split(body: list[Token], top: int, context: MarkdownContext) -> list[_Slide]:
    """The deck's slides: a title heading of the deck's title level, or a `---` line, starts each."""
    slides: list[_Slide] = []
    title_level: int | None = None
    current: _Slide | None = None
    for token in body:
        at_top = token.level == top
        if at_top and token.type == "hr":
            current = None  # the next block starts a slide; the rule itself is not drawn
            continue
        if at_top and token.type == "heading_open":
            level = int(token.tag[1])
            if title_level is None:
                title_level = level
            elif level < title_level:
                context.diagnostics.error(
                    context.position(token, ("#",)),
                    "slide-heading-level",
                    f"this heading is level {level}, above the slide titles (level {title_level}) of its slides block",
                    f"give every slide title in the block the same level ({'#' * title_level}), "
                    "or end the block with ::: before this heading",
                )
            if level <= title_level:
                current = _Slide(title=token)
                slides.append(current)
        if current is None:
            current = _Slide()
            slides.append(current)
        current.tokens.append(token)
    return slides
