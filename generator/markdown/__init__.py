"""Markdown as councils write it: markdown-it-py plus numbering, tables and decision blocks."""

from __future__ import annotations

from generator.markdown.document import MarkdownRenderer
from generator.markdown.rendered import RenderedMarkdown

__all__ = ["MarkdownRenderer", "RenderedMarkdown"]
