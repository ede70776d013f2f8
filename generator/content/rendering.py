"""The Markdown stage: every Markdown text of the linked site rendered, and linted as it is.

Runs after linking, which has decided what is withheld: a withheld paper's
Markdown is never rendered, so none of its text, lint findings or images can
reach any output. Each page has one id registry, filled in the order the page
shows its texts, so headings get the same ids however the site was built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.loader import LoadedContent, stranded
from generator.content.markdown_fields import MarkdownFields, check_stranded, render_meeting
from generator.content.prerender import prerender
from generator.content.site import Site
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.memory import Memory

if TYPE_CHECKING:
    from generator.content_cache import ContentCache


def render_markdown(
    site: Site, content: LoadedContent, diagnostics: Diagnostics, memory: Memory | None, processes: int = 1, kept: ContentCache | None = None
) -> Site:
    """`site` with its Markdown rendered; with `processes` > 1, a large site's is rendered across them first,
    unless an earlier process left most of it rendered in `kept` (content_cache.py)."""
    if processes > 1 and not (kept is not None and kept.warm):
        shared = memory if memory is not None else Memory()
        if prerender(site, content, shared, processes, kept):
            memory = shared
    fields = MarkdownFields(content.root, MarkdownRenderer(), memory, kept)
    for folder, meeting in site.meetings.items():
        render_meeting(meeting, content.meetings[folder], fields, diagnostics)
    # The papers of meetings that could not be read or linked: checked too, so that one build reports
    # every mistake (their meeting's own error is reported already), and published nowhere.
    unlinked = [
        stranded(loaded.meeting, loaded.minutes, loaded.papers) for folder, loaded in content.meetings.items() if folder not in site.meetings
    ]
    for text in [*content.stranded, *(text for texts in unlinked for text in texts)]:
        check_stranded(text, fields, diagnostics, site.today, site.preview)
    return site
