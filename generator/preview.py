"""An edit to the body of a paper or the minutes, on screen at once (`clerk serve`).

The officer's usual edit changes the text of a paper or the minutes and
nothing in the front matter. For such an edit, serve renders that body again
with the same code as the Markdown stage, puts it into the site it last published,
renders the pages that showed the body (as recorded, see dependencies.py)
and writes them, before the full build from memory that follows. That build
makes the same pages again and checks everything; it replaces a previewed
page only if it came out different, and its errors are shown as usual.

Anything else (front matter, an image, a withheld paper, a new finding of
error) is left to the full build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.atomic_write import write_atomically
from generator.build import BuildResult
from generator.build_record import body_only, placeable
from generator.file_digests import file_digest
from generator.checks.local_links import unpublished
from generator.content.loader import Loader
from generator.content.markdown_fields import MarkdownFields
from generator.content.model import MinutesSource, PaperSource
from generator.content.site import Minutes, Paper
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer, RenderedMarkdown
from generator.markdown.ids import IdRegistry
from generator.memory import Memory
from generator.render.template_errors import failed_in_template
from generator.render.incremental import body_of
from generator.render.pages import published_paths


@dataclass
class Previewed:
    written: list[str]
    """The pages written, relative to the output folder."""
    pages_before: dict[Path, bytes]
    bodies_before: list[tuple[Paper | Minutes, RenderedMarkdown]]

    def undo(self) -> None:
        """Put back the pages and bodies as they were, when the full build after the preview
        failed: a failed build leaves the published site as it was."""
        for target, data in self.pages_before.items():
            write_atomically(target, data)
        for thing, body in self.bodies_before:
            thing.body = body


def preview(root: Path, output: Path, last: BuildResult, memory: Memory, changed: set[Path]) -> Previewed | None:
    """Write the pages that show the edited bodies in `changed`; None when the change is not for a preview."""
    record = memory.record
    if record is None or last.site is None or last.writer is None or not last.ok or not changed:
        return None
    shown: set[str] = set()
    edits: list[tuple[Paper | Minutes, Path, str]] = []
    top = root.resolve()
    for path in changed:
        if path.is_dir():  # a folder's own event, beside those of the files in it
            continue
        try:
            relative = path.resolve().relative_to(top).as_posix()
            data = path.read_bytes()
        except (ValueError, OSError):
            return None
        if relative not in record.inputs or not placeable(relative) or not relative.endswith(".md"):
            return None
        digest = file_digest(relative, data)
        if digest == record.inputs[relative]:
            continue
        # The preview shows the edited body where it appears; the build after it remakes the rest
        # (for the minutes, the registers their decisions reach: build_record.SITE_WIDE_BODIES).
        if not body_only(record.inputs[relative], digest):
            return None
        thing = _paper_or_minutes(last, relative)
        if thing is None:
            return None
        edits.append((thing, path, relative))
        shown |= {output_path for output_path, sources in record.dependencies.items() if body_of(relative) in sources}
    if not edits:
        return None
    diagnostics = Diagnostics()
    loader = Loader(root, diagnostics, memory)
    fields = MarkdownFields(root, MarkdownRenderer(), memory)
    bodies = []
    for thing, path, relative in edits:
        ids_before = memory.ids_before_body.get(relative)
        slug = path.stem
        loaded = loader.load_markdown(path, slug, MinutesSource if slug == "minutes" else PaperSource)
        # An image depends on files beside the paper, which the full build copies.
        if ids_before is None or loaded is None or "![" in loaded.body:
            return None
        bodies.append((thing, fields.body(loaded, IdRegistry(used=set(ids_before)), diagnostics, numbering=loaded.source.numbering)))
    # A link to a page not published (a withheld paper) is not shown even for a moment: the full build reports it.
    published = published_paths(last.pages)
    if diagnostics.has_errors or any(unpublished(body, published) for _, body in bodies):
        return None
    pages = [page for page in last.pages if page.output_path in shown]
    try:
        pages_before = {output / page.output_path: (output / page.output_path).read_bytes() for page in pages}
    except OSError:
        return None
    previewed = Previewed([page.output_path for page in pages], pages_before, [(thing, thing.body) for thing, _ in bodies])
    for thing, body in bodies:
        thing.body = body
    try:
        rendered = [(page.output_path, last.writer.render(page)) for page in pages]
    except Exception as error:
        previewed.undo()
        if failed_in_template(error):
            return None  # the build that follows reports it, at its place
        raise
    # Written as the build writes pages, in one step each: a browser never reads half a page.
    for relative, html in rendered:
        write_atomically(output / relative, html)
    return previewed


def _paper_or_minutes(last: BuildResult, relative: str) -> Paper | Minutes | None:
    """The published paper or minutes made from `relative` (content/meetings/<meeting>/<slug>.md)."""
    assert last.site is not None
    _, _, folder, name = relative.split("/")
    meeting = last.site.meetings.get(folder)
    if meeting is None:
        return None
    slug = name.removesuffix(".md")
    thing = meeting.minutes if slug == "minutes" else meeting.papers.get(slug)
    if isinstance(thing, Paper) and thing.withheld is not None:
        return None
    return thing
