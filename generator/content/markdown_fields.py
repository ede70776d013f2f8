"""The Markdown of content files, rendered: the body after the front matter, and Markdown values in it.

The linker renders every field as it links; `clerk serve` renders a body
again on its own when only the body of a file was edited (see preview.py).
Both come here, so both give the same HTML, ids and findings.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.frontmatter import KeyPath
from generator.content.loader import Loaded, LoadedMarkdown
from generator.content.site import EMPTY
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer, RenderedMarkdown
from generator.markdown.context import MarkdownContext
from generator.markdown.ids import IdRegistry
from generator.memory import Memory


class MarkdownFields:
    def __init__(self, root: Path, markdown: MarkdownRenderer, memory: Memory | None):
        self.root = root
        self.markdown = markdown
        self.memory = memory
        self.images_seen = 0
        """How many texts with an image were rendered: they depend on files beside them too."""

    def value(
        self, text: str, loaded: Loaded, key_path: KeyPath, ids: IdRegistry, diagnostics: Diagnostics, *, doc_id: str, heading_base: int
    ) -> RenderedMarkdown:
        """A Markdown value of the front matter, with lines counted from where its text starts."""
        start = loaded.document.text_start(key_path)
        return self._render(
            text, loaded, start.line, ids, diagnostics, doc_id=doc_id, heading_base=heading_base, margin=start.column - 1
        )

    def body(self, loaded: LoadedMarkdown, ids: IdRegistry, diagnostics: Diagnostics, *, numbered: bool) -> RenderedMarkdown:
        """The Markdown after the front matter; under serve, the ids taken before it are noted for a preview."""
        if self.memory is not None:
            self.memory.ids_before_body[loaded.document.path] = frozenset(ids.used)
        return self._render(loaded.body, loaded, loaded.body_line, ids, diagnostics, numbered=numbered, doc_id="body")

    def _render(
        self, text: str, loaded: Loaded, first_line: int, ids: IdRegistry, diagnostics: Diagnostics, **options
    ) -> RenderedMarkdown:
        if not text.strip():
            return EMPTY
        path = loaded.document.path
        folder = (self.root / path).parent

        def render(reported_to: Diagnostics) -> tuple[RenderedMarkdown, frozenset[str]]:
            before = set(ids.used)
            context = MarkdownContext(path, first_line, reported_to, ids=ids, folder=folder, **options)
            return self.markdown.render(text, context), frozenset(ids.used - before)

        # Text with an image depends on the image files too, so it is always rendered afresh.
        if "![" in text:
            self.images_seen += 1
            return render(diagnostics)[0]
        if self.memory is None:
            return render(diagnostics)[0]
        # The ids other fields of the page took before this one decide the ids it gets.
        key = ("markdown", text, path, first_line, folder, frozenset(ids.used), tuple(sorted(options.items())))
        rendered, claimed = self.memory.recall(key, diagnostics, render)
        ids.used |= claimed
        return rendered

