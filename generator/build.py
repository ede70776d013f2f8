"""How a site is made, in order: load, link, plan, write, check, publish.

Everything is read and checked before anything is written; the new site is
written to a staging folder, checked there, and swapped into build/ only
when the whole build has no error, so a failed or killed build leaves the
previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks.gate import GateOptions, GateRun
from generator.checks.policy import apply_policy, validate_policy
from generator.checks.report import AccessibilityReport
from generator.checks.gate_options import UNCHECKED_MARKER
from generator.checks.content_checks import check_content
from generator.checks.result_cache import ResultCache
from generator.checks.site_checks import check_site
from generator.cache_guard import forget_withdrawn
from generator.content.linker import link
from generator.content.loader import Loader
from generator.content.rendering import render_markdown
from generator.content.site import HeldBack, Site
from generator.diagnostics import Diagnostics, Position
from generator.publish import BuildLocked, build_lock, publish, publish_changes, staging_folder
from generator.build_record import CACHE_FOLDER, BuildRecord, Comparison, compare, options_key, published_files
from generator.dates import build_date
from generator.memory import Memory
from generator.render.pages import Page, plan_accessibility_pages, plan_large_print_view, plan_pages
from generator.render.html import HtmlRenderer
from generator.render.pdf import EDITIONS
from generator.render.writer import SiteWriter


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[Page]
    output: Path | None
    report: AccessibilityReport | None = None
    gate_run: GateRun | None = None
    held_back: list[HeldBack] = field(default_factory=list)
    """Papers not published (exempt, draft, embargoed): said in the terminal, nowhere else."""
    pdfs_rendered: int = 0
    """PDFs rendered by this build; the others were unchanged and reused."""
    unchanged: bool = False
    """Nothing the build reads had changed since the last published build, so nothing was done."""
    pages_rendered: int = 0
    """Pages rendered by this build (the accessibility pages included); the others came from the last build."""
    written: list[str] | None = None
    """When only what changed was published (`clerk serve`): the files that changed; else None."""
    site: Site | None = None
    renderer: HtmlRenderer | None = None
    """The published site and what rendered it, for `clerk serve` to render a page again (preview.py)."""

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


def load_site(
    root: Path, diagnostics: Diagnostics, today: dt.date | None = None, memory: Memory | None = None, processes: int = 1
) -> Site | None:
    """The content stages of `build` (load, link, render Markdown, check content), for tests and benches."""
    content = Loader(root, diagnostics, memory).load()
    site = link(content, diagnostics, today or build_date(), memory=memory)
    if site is None:
        return None
    render_markdown(site, content, diagnostics, memory, processes)
    check_content(site, content, diagnostics)
    return site


def build(
    root: Path,
    output: Path,
    *,
    today: dt.date | None = None,
    gate: GateOptions | None = GateOptions(),
    cache_folder: Path | None = None,
    publish_site: bool = True,
    pdfs: bool = True,
    memory: Memory | None = None,
    compared: Comparison | None = None,
) -> BuildResult:
    """Build the site in `root` into `output`; nothing is published that fails a check.

    `gate=None` skips the external checkers (content lint still runs);
    `publish_site=False` checks everything and leaves `output` alone (`clerk check`);
    `pdfs=False` makes no PDFs, and the report says so.
    `memory` is what a long-running `clerk serve` remembers between builds.
    `compared`: what `compare` found for this root, output, cache and these options, when the
    caller has already asked (`clerk build` does, to stop before loading the rest of Clerk).
    """
    # The lock first: a build that cannot run says so before anything else, not after every warning.
    try:
        with build_lock(output):
            return _build(root, output, today, gate, cache_folder, publish_site, pdfs, memory, compared)
    except BuildLocked as error:
        diagnostics = Diagnostics()
        diagnostics.error(Position(str(output)), "build-locked", str(error), "wait for it to finish, then build again")
        return BuildResult(diagnostics, [], None)


def _build(
    root: Path,
    output: Path,
    today: dt.date | None,
    gate: GateOptions | None,
    cache_folder: Path | None,
    publish_site: bool,
    pdfs: bool,
    memory: Memory | None,
    compared: Comparison | None,
) -> BuildResult:
    """`build`, with the output folder's lock held."""
    today = today or build_date()
    cache = cache_folder or root / CACHE_FOLDER
    processes = os.cpu_count() or 1
    # Only a build that publishes reads or writes the record; `clerk check` has no use for the hashes.
    if publish_site and compared is None:
        # Serve trusts build/ to be as it left it, while it is the same folder (not deleted meanwhile).
        trusted = memory is not None and memory.record is not None and memory.output_identity == _identity(output)
        compared = compare(
            root, output, cache, options_key(today, gate, pdfs),
            remembered_hashes=memory.file_hashes if memory is not None else None,
            record=memory.record if trusted else None,
            output_trusted=trusted,
        )
    if compared is not None and compared.up_to_date:
        return BuildResult(Diagnostics(), [], output, unchanged=True)
    reuse = compared.reuse if compared is not None else None
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics, today, memory, processes)
    if memory is not None:
        memory.sweep()
    if site is None:
        return BuildResult(diagnostics, [], None)
    forget_withdrawn(cache, site)
    validate_policy(site.config.checks, diagnostics)
    diagnostics, suppressed = apply_policy(diagnostics, site.config.checks)
    pages = plan_pages(site, diagnostics)
    late = list(plan_accessibility_pages(site))
    pages += plan_large_print_view(pages)
    late += plan_large_print_view(late)
    if diagnostics.has_errors:
        return BuildResult(diagnostics, pages, None, held_back=site.held_back)
    if gate is not None and gate.processes is None and site.config.checks.browser_processes:
        gate = replace(gate, processes=site.config.checks.browser_processes)
    staging = staging_folder(output)
    try:
        (cache / "templates").mkdir(parents=True, exist_ok=True)
        writer = SiteWriter(root, site, today, staging, diagnostics, compiled=cache / "templates")
        writer.reuse = reuse
        writer.processes = processes
        # Serve stages only what it makes, when the same outputs are made as last time; the
        # browser checks (never run by serve) read a whole staged site.
        writer.sparse = (
            memory is not None and gate is None and reuse is not None and _outputs(pages, pdfs) == set(reuse.dependencies)
        )
        writer.renderer.large_print_pages = {page.href for page in pages + late if not page.large_print}
        # PDFs first: each page lists its PDF's size and page count.
        documents = writer.write_pdfs(pages, processes=processes, cache=cache / "pdf") if pdfs else []
        writer.write(pages)
        if not writer.sparse:
            writer.copy_static()
        if diagnostics.has_errors:  # a template failed: some pages are missing
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(diagnostics, pages, None, held_back=site.held_back)
        checked = check_site(
            writer, pages, documents, late, gate, ResultCache(cache / "checks"), site.config.checks, diagnostics, suppressed,
            notes=[] if pdfs else ["no PDFs were made (--no-pdfs)"],
        )
        report_json = checked.report.to_json()
        result = BuildResult(
            diagnostics, pages + late, None, checked.report, checked.run, site.held_back, writer.pdfs_rendered,
            pages_rendered=writer.pages_rendered,
        )
        if diagnostics.has_errors or not publish_site:
            _keep_report(cache, report_json)
            shutil.rmtree(staging, ignore_errors=True)
            return result
        (staging / "_reports").mkdir(exist_ok=True)
        (staging / "_reports" / "accessibility.json").write_text(report_json, encoding="utf-8")
        notice = checked.report.unchecked_notice()
        if notice is not None:
            (staging / UNCHECKED_MARKER).write_text(notice, encoding="utf-8")
        if writer.sparse:
            assert compared is not None and compared.record is not None
            outputs = dict(compared.record.outputs)
            result.written, staged = publish_changes(staging, output)
            # A file left alone as the same may still have been written since (preview.py).
            outputs.update(published_files(output, staged))
        else:
            publish(staging, output)
            outputs = published_files(output)
        assert compared is not None
        published = BuildRecord(compared.structure, compared.inputs, outputs, writer.dependencies, writer.pdf_facts)
        published.save(cache, output, public=public_sources(root, pages))
        if memory is not None:
            memory.record, memory.output_identity = published, _identity(output)
        result.output, result.site, result.renderer = output, site, writer.renderer
        return result
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def public_sources(root: Path, pages: list[Page]) -> set[str]:
    """The content files the published site is made from, by their path from `root`: the only
    ones the saved build record may name (a withheld paper's file name is withheld too)."""
    top = root.resolve()
    public = {page.source for page in pages}
    return public | {source.resolve().relative_to(top).as_posix() for page in pages for _, source in page.assets}


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        stat = folder.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _outputs(pages: list[Page], pdfs: bool) -> set[str]:
    """The pages, their images and the PDFs a build makes (not the accessibility pages, made afresh
    every time). Only when they are those of the last build may serve publish just what changed."""
    made = {path for page in pages for path in (page.output_path, *page.asset_paths)}
    if pdfs:
        made |= {page.pdf_path(edition.suffix) for page in pages if page.pdf_template is not None for edition in EDITIONS}
    return made


def _keep_report(cache: Path, report_json: str) -> None:
    """A build that publishes nothing still leaves its report where the officer can read it."""
    folder = cache / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accessibility.json").write_text(report_json, encoding="utf-8")
