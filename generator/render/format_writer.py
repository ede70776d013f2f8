"""Each document's other formats (plain text, braille, audio, EPUB), written into staging beside its PDF.

A page with a PDF template (a paper, the minutes, a meeting's agenda pack)
is rendered as its standard-edition print HTML (once a build: the PDF writer's
PrintHtml, shared with its PDF), its links to other pages
made plain text as in the PDF, and read into a Document once
(formats/document.py); every format switched on in site.yaml is then made
from it on the build's executor (formats/run.py, executors.py), whether or not PDFs are made.
As with PDFs, an incremental build takes a format file whose sources did not
change from the last build without rendering anything, and the cache
(`.clerk-cache/formats/`) spares rendering a document whose HTML is as before.
Withheld papers have no page, so they are never rendered here.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from generator.executors import Units
from generator.diagnostics import Diagnostics, Position
from generator.formats.document import read_document
from generator.formats.facts import FormatFacts
from generator.formats.output import FormatSettings, FormatSource
from generator.formats.registry import Format
from generator.formats.run import FormatFailed, FormatJob, ToolVersions, render_all
from generator.render.pages import PACK_NAME, Page
from generator.render.pdf import strip_local_links
from generator.render.pdf_writer import Download, PrintHtml, document_name
from generator.render.staged import Staged
from generator.render.template_errors import failed_in_template, template_diagnostic
from generator.disk_cache import CacheFolder


class FormatWriter:
    def __init__(
        self,
        root: Path,
        print_html: PrintHtml,
        staged: Staged,
        diagnostics: Diagnostics,
        formats: tuple[Format, ...],
        settings: FormatSettings,
    ):
        self.root = root
        self.print_html = print_html
        self.staged = staged
        self.diagnostics = diagnostics
        self.formats = formats
        self.settings = settings
        self.rendered = 0
        self.facts: dict[str, FormatFacts] = {}
        self.sources: dict[str, frozenset[str]] = {}
        """By the URL of a page with formats: what its format files were made from."""
        self.downloads: dict[str, list[Download]] = {}
        """By the URL of a page: the links to its format files, with their size (and length)."""
        self.versions = ToolVersions()

    def write(self, pages: list[Page], units: Units, cache: CacheFolder | None = None) -> None:
        if not self.formats:
            return
        staged = self.staged
        jobs: list[tuple[Page, Format, str, FormatJob]] = []
        made: list[tuple[Page, Format, str]] = []
        for page in pages:
            if page.pdf_template is None:
                continue
            paths = {format.name: page.format_path(format.suffix) for format in self.formats}
            taken = {name for name, path in paths.items() if self._take_previous(path)}
            made += [(page, format, paths[format.name]) for format in self.formats if format.name in taken]
            wanted = [format for format in self.formats if format.name not in taken]
            if not wanted:
                continue
            try:
                html, sources = self.print_html.of(page)
            except Exception as error:
                if not failed_in_template(error):
                    raise
                self.diagnostics.add(template_diagnostic(error, self.root, paths[wanted[0].name], page.source))
                continue
            html = strip_local_links(html)
            images = tuple((shown, file.read_bytes()) for shown, file in page.assets if f'src="{shown}"' in html)
            source = FormatSource(html, read_document(html), page.url, images)
            for format in wanted:
                path = paths[format.name]
                target = staged.folder / path
                target.parent.mkdir(parents=True, exist_ok=True)
                staged.dependencies[path] = sources
                jobs.append((page, format, path, FormatJob(format, source, self.settings, target)))
                made.append((page, format, path))
        self._render(jobs, units, cache)
        for page, format, path in made:
            if path not in self.facts:
                continue
            self.sources[page.url] = self.sources.get(page.url, frozenset()) | staged.dependencies[path]
            what = document_name(page)
            label = format.label.format(what=what)
            facts = self.facts[path]
            download = Download(path, label, facts.describe(format.kind), format.short_name, facts.chapters)
            self.downloads.setdefault(page.url, []).append(download)

    def _render(self, jobs: list[tuple[Page, Format, str, FormatJob]], units: Units, cache: CacheFolder | None) -> None:
        """Each job's file, or a diagnostic. An agenda pack's after its papers', all sharing one speech folder for
        the build (audio.py): the pack says again what its papers say, and finds their chapters already spoken."""
        self.rendered = 0
        papers = [entry for entry in jobs if entry[0].pdf_name != PACK_NAME]
        packs = [entry for entry in jobs if entry[0].pdf_name == PACK_NAME]
        # Beside the staging folder and named after it, so that a killed build's hundreds of megabytes of speech
        # are cleared with its staging folder by the next build (publish.build_lock), not left in /tmp.
        folder = self.staged.folder
        with tempfile.TemporaryDirectory(prefix=f"{folder.name}-speech-", dir=folder.parent) as speech:
            settings = replace(self.settings, speech_folder=Path(speech))
            for entries in (papers, packs):
                given = [replace(job, settings=settings) for *_, job in entries]
                results, rendered = render_all(given, units, cache, self.versions)
                self.rendered += rendered
                for (page, format, path, job), result in zip(entries, results):
                    if isinstance(result, FormatFailed):
                        self._failed(page, format, path, result)
                        self.staged.dependencies.pop(path, None)
                        job.target.unlink(missing_ok=True)
                    else:
                        self.facts[path] = result

    def _take_previous(self, path: str) -> bool:
        staged = self.staged
        if staged.reuse is None or path not in staged.reuse.formats or not staged.reusable(path):
            return False
        staged.dependencies[path] = staged.take_previous(path)
        self.facts[path] = staged.reuse.formats[path]
        return True

    def _failed(self, page: Page, format: Format, path: str, failed: FormatFailed) -> None:
        self.diagnostics.error(
            Position(page.source),
            "format-failed",
            f"the {format.kind.lower()} edition {path} was not made: {failed.reason}",
            f"if the document is at fault, change it; if a tool is missing, run `make build` as root;"
            f" or switch the format off in site.yaml (formats: {format.name}: false)",
        )

