"""The Markdown of content files, rendered: the body after the front matter, and Markdown values in it.

The Markdown stage (rendering.py) and its workers (prerender.py) render each
meeting's texts with `render_meeting`; `clerk serve` renders a body again on
its own when only the body of a file was edited (see preview.py). All come
here, so all give the same HTML, ids and findings.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from pathlib import Path

from generator.content.background_papers import check_background_papers
from generator.content.frontmatter import KeyPath
from generator.content.loader import Loaded, LoadedMarkdown, LoadedMeeting, StrandedText
from generator.content.model import MinutesSource, Numbering, PaperControls, ReportSource
from generator.content.site import EMPTY, Meeting, Paper
from generator.content.withholding import stranded_withheld
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer, RenderedMarkdown
from generator.markdown.context import MarkdownContext
from generator.markdown.ids import IdRegistry
from generator.memory import Memory

if TYPE_CHECKING:
    from generator.content_cache import ContentCache
from generator.page_ids import MEETING_PAGE_IDS, MINUTES_PAGE_IDS, PAPER_PAGE_IDS, agenda_item_id


class MarkdownFields:
    def __init__(self, root: Path, markdown: MarkdownRenderer, memory: Memory | None, kept: ContentCache | None = None):
        self.root = root
        self.markdown = markdown
        self.memory = memory
        self.kept = kept
        """Markdown rendered by an earlier process, by text, place and the ids taken before it (content_cache.py)."""

    def value(
        self, text: str, loaded: Loaded, key_path: KeyPath, ids: IdRegistry, diagnostics: Diagnostics, *, doc_id: str, heading_base: int
    ) -> RenderedMarkdown:
        """A Markdown value of the front matter, with lines counted from where its text starts."""
        start = loaded.document.text_start(key_path)
        return self._render(
            text, loaded, start.line, ids, diagnostics, doc_id=doc_id, heading_base=heading_base, margin=start.column - 1
        )

    def body(self, loaded: LoadedMarkdown, ids: IdRegistry, diagnostics: Diagnostics, *, numbering: Numbering) -> RenderedMarkdown:
        """The Markdown after the front matter; under serve, the ids taken before it are noted for a preview."""
        if self.memory is not None:
            self.memory.ids_before_body[loaded.document.path] = frozenset(ids.used)
        return self._render(loaded.body, loaded, loaded.body_line, ids, diagnostics, numbering=numbering, doc_id="body")

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
        if "![" in text or (self.memory is None and self.kept is None):
            return render(diagnostics)[0]
        # The ids other fields of the page took before this one decide the ids it gets.
        taken = frozenset(ids.used)
        kept = self.kept

        def recall(reported_to: Diagnostics) -> tuple[RenderedMarkdown, frozenset[str]]:
            if kept is None:
                return render(reported_to)
            # By the file's path from the project, not the folder's place on disk: a copy of the site finds it.
            parts = ("markdown", text, path, str(first_line), "\n".join(sorted(taken)), repr(sorted(options.items())))
            return kept.recall(parts, path, reported_to, render)

        if self.memory is None:
            rendered, claimed = recall(diagnostics)
        else:
            key = ("markdown", text, path, first_line, folder, taken, tuple(sorted(options.items())))
            rendered, claimed = self.memory.recall(key, diagnostics, recall)
        ids.used |= claimed
        return rendered


def render_meeting(meeting: Meeting, loaded: LoadedMeeting, fields: MarkdownFields, diagnostics: Diagnostics) -> None:
    """The meeting page's texts (introduction, then each item's details), its published papers' and its minutes'."""
    doc = loaded.meeting
    ids = IdRegistry(used=set(MEETING_PAGE_IDS) | {agenda_item_id(item.number) for item in doc.source.items})
    meeting.introduction = fields.body(doc, ids, diagnostics, numbering="none")
    for slug, paper in meeting.papers.items():
        if paper.withheld is None:
            _render_paper(paper, loaded, slug, fields, diagnostics)
    if meeting.minutes is not None and loaded.minutes is not None:
        ids_of_minutes = IdRegistry(used=set(MINUTES_PAGE_IDS))
        meeting.minutes.body = fields.body(loaded.minutes, ids_of_minutes, diagnostics, numbering=loaded.minutes.source.numbering)
    for index, (item, item_source) in enumerate(zip(meeting.items, doc.source.items)):
        # An exempt item is published as its title and the exemption only.
        if item.exemption is None:
            item.details = fields.value(
                item_source.details, doc, ("items", index, "details"), ids, diagnostics, doc_id=f"item-{index + 1}", heading_base=4
            )


def check_stranded(
    text: StrandedText, fields: MarkdownFields, diagnostics: Diagnostics, today: dt.date, preview: bool = False
) -> None:
    """The Markdown of a paper or minutes whose meeting could not be linked, rendered for its mistakes
    only: nothing of it is published. A paper the linker would hold back is left alone, as a published
    build leaves it, so that not even a finding quoting its text is shown (withholding.stranded_withheld)."""
    loaded, agenda = text.loaded, text.agenda
    if isinstance(loaded.source, PaperControls) and stranded_withheld(loaded.slug, loaded.source, agenda, today, preview) is not None:
        return
    ids = IdRegistry(used=set(MINUTES_PAGE_IDS if isinstance(loaded.source, MinutesSource) else PAPER_PAGE_IDS))
    _render_report_fields(loaded, fields, ids, diagnostics)
    fields.body(loaded, ids, diagnostics, numbering=loaded.source.numbering)


def _render_report_fields(doc: LoadedMarkdown, fields: MarkdownFields, ids: IdRegistry, diagnostics: Diagnostics) -> dict[str, RenderedMarkdown]:
    """A report's Markdown fields before its body, in the order the page shows them; {} for other papers."""
    if not isinstance(doc.source, ReportSource):
        return {}
    return {
        name: fields.value(getattr(doc.source, name), doc, (name,), ids, diagnostics, doc_id=doc_id, heading_base=3)
        for name, doc_id in (("strategic_impact", "impact"), ("executive_summary", "summary"), ("recommendations", "recommendations"))
    }


def _render_paper(paper: Paper, loaded: LoadedMeeting, slug: str, fields: MarkdownFields, diagnostics: Diagnostics) -> None:
    doc = loaded.papers[slug]
    ids = IdRegistry(used=set(PAPER_PAGE_IDS))
    for name, rendered in _render_report_fields(doc, fields, ids, diagnostics).items():
        setattr(paper, name, rendered)
    paper.body = fields.body(doc, ids, diagnostics, numbering=doc.source.numbering)
    check_background_papers(paper, doc, diagnostics)
