"""Markdown as councils write it: markdown-it-py plus numbering, tables and decision blocks."""

from __future__ import annotations

from typing import Any

__all__ = ["MarkdownRenderer", "RenderedMarkdown"]


def __getattr__(name: str) -> Any:
    # Imported on first use: the lint checks import markdown.walk, and the
    # renderer imports the lint checks.
    if name in __all__:
        from generator.markdown import document

        return getattr(document, name)
    raise AttributeError(name)
