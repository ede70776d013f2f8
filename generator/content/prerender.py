"""The Markdown of a large site rendered across the machine's cores, before it is linked.

Rendering Markdown is most of the time of a large build, and each meeting's
is independent of the others'. Forked workers each render a share of the
meetings, as the linker would (`render_markdown_of`), and send back the
results as memory entries (see memory.py); the linker then finds every
rendering done. The keys hold the text, its place and the ids taken before
it, so a result is used only where the linker would have made the same one,
and the findings of the lint come back with it.

Reading the files is not shared out the same way: the parsed YAML, with a
position for every value, costs more to send back than to read again.
"""

from __future__ import annotations

import datetime as dt

from generator.content.linker import render_markdown_of
from generator.content.loader import LoadedContent
from generator.memory import Memory, Remembered
from generator.parallel import can_fork, forked

#: Meetings a worker takes at a time, and the fewest worth starting workers for.
MEETINGS_AT_A_TIME = 10
FEWEST_MEETINGS = 40


def prerender(content: LoadedContent, today: dt.date, memory: Memory, processes: int) -> bool:
    """Fill `memory` with the site's rendered Markdown using `processes` workers; False if not worth it."""
    folders = list(content.meetings)
    if not can_fork(len(folders), processes, minimum=FEWEST_MEETINGS):
        return False

    def render_part(part: range) -> list[tuple[object, Remembered]]:
        rendered = Memory()
        render_markdown_of(content, today, rendered, folders[part.start : part.stop])
        return rendered.export("markdown")

    with forked(render_part, len(folders), processes, chunk=MEETINGS_AT_A_TIME) as results:
        for entries in results:
            memory.adopt(entries)
    return True
