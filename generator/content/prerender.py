"""The Markdown of a large linked site rendered across the machine's cores, for the Markdown stage.

Rendering Markdown is most of the time of a large build, and each meeting's
is independent of the others'. Forked workers, each holding the linked site,
each render a share of the meetings as the Markdown stage would
(`render_meeting`), and send back the results as memory entries (see
memory.py); the stage (rendering.py) then finds every rendering done. The
keys hold the text, its place and the ids taken before it, so a result is
used only where the stage would have made the same one, and the findings of
the lint come back with it.

Reading the files is not shared out the same way: the parsed YAML, with a
position for every value, costs more to send back than to read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.content.loader import LoadedContent
from generator.content.markdown_fields import MarkdownFields, render_meeting
from generator.content.site import Site
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.memory import Memory, Remembered
from generator.parallel import can_fork, forked

if TYPE_CHECKING:
    from generator.content_cache import ContentCache, Made

#: Meetings a worker takes at a time, and the fewest worth starting workers for.
MEETINGS_AT_A_TIME = 10
FEWEST_MEETINGS = 40


def prerender(site: Site, content: LoadedContent, memory: Memory, processes: int, kept: ContentCache | None = None) -> bool:
    """Fill `memory` with the site's rendered Markdown using `processes` workers; False if not worth it.
    What the workers render to keep on disk (`kept`, content_cache.py) comes back to `kept` too."""
    folders = list(site.meetings)
    if not can_fork(len(folders), processes, minimum=FEWEST_MEETINGS):
        return False

    def render_part(part: range) -> tuple[list[tuple[object, Remembered]], Made | None]:
        rendered = Memory()
        if kept is not None:  # the worker's own copy: it writes what it made of public files, and sends back what it used
            kept.start_worker()
        fields = MarkdownFields(content.root, MarkdownRenderer(), rendered, kept)
        for folder in folders[part.start : part.stop]:
            # What the worker reports comes back with the memory entries, and is reported by the stage.
            render_meeting(site.meetings[folder], content.meetings[folder], fields, Diagnostics())
        return rendered.export("markdown"), kept.export() if kept is not None else None

    with forked(render_part, len(folders), processes, chunk=MEETINGS_AT_A_TIME) as results:
        for entries, made in results:
            memory.adopt(entries)
            if kept is not None and made is not None:
                kept.adopt(made)
    return True
