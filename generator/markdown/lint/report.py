"""The lint rules, their default severities, and how a lint finding is reported.

Severities here are the defaults; `site.yaml`'s checks policy may change
them (with a written reason), see `checks/policy.py`.
"""

from __future__ import annotations

from typing import Sequence

from markdown_it.token import Token

from generator.diagnostics import Diagnostics, Position
from generator.markdown.context import MarkdownContext

#: Lint rules and their default severity; the policy may only override these and the checkers' own rules.
LINT_RULES = {
    "heading-level": "error",
    "heading-skip": "error",
    "heading-empty": "error",
    "image-alt": "error",
    "alt-file-name": "error",
    "alt-meaningless": "warning",
    "image-text": "warning",
    "link-text": "error",
    "link-bare-url": "warning",
    "unsafe-link": "error",
    "table-caption": "error",
    "table-header": "error",
    "caps-run": "warning",
    "bold-heading": "warning",
    "date-format": "warning",
    "phone-format": "warning",
}


def report(
    context: MarkdownContext, token: Token | None, rule: str, message: str, hint: str, texts: Sequence[str] = ()
) -> None:
    """`token` is the block of the mistake; `texts`, what to look for in it to find the column."""
    report_at(context.diagnostics, context.position(token, texts), rule, message, hint)


def report_at(diagnostics: Diagnostics, position: Position, rule: str, message: str, hint: str) -> None:
    """A lint finding at a place found otherwise, such as a front-matter value's."""
    if LINT_RULES[rule] == "error":
        diagnostics.error(position, rule, message, hint)
    else:
        diagnostics.warning(position, rule, message, hint)
