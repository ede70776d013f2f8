"""How a site is made, in order: load, link, render Markdown, check content, plan, write, check the site, publish.

Everything is read and checked before anything is written; the new site is
written to a staging folder, checked there, and swapped into build/ only
when the whole build has no error, so a failed or killed build leaves the
previous site untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.checks.gate import GateOptions, GateRun, started_browser
from generator.checks.policy import apply_policy, validate_policy
from generator.checks.report import AccessibilityReport
from generator.checks.gate_options import UNCHECKED_MARKER
from generator.checks.content_checks import check_content
from generator.checks.result_cache import ResultCache
from generator.checks.site_checks import SiteChecks
from generator.atomic_write import write_atomically
from generator.cache_guard import CacheGuard, published_whole
from generator.content.feeds import site_feeds
from generator.content.linker import link
from generator.content.loader import Loader
from generator.content.publication_record import record_publication
from generator.content.rendering import render_markdown
from generator.content.site import HeldBack, Site
from generator.diagnostics import Diagnostics, Position
from generator.disk_cache import CacheFolder, SharedPlace
from generator.executors import DASK_HINT, ExecutorChoice, ExecutorUnavailable, Units, choose_executor
from generator.formats.registry import enabled as enabled_formats
from generator.publish import BuildLocked, build_lock, cache_lock, staging_folder
from generator.build_record import Comparison, code_fingerprint
from generator.content_cache import FOLDER as CONTENT_FOLDER, ContentCache
from generator.dates import build_date
from generator.heap import held_for_the_build, made_to_last, settled
from generator.incremental_build import IncrementalBuild
from generator.memory import Memory
from generator.preview_build import cache_for, preview_config, refused_folder
from generator.render.search_index import SEARCH_KEPT, SearchKept, index_search
from generator.render.pages import Page, plan_accessibility_pages, plan_large_print_view, plan_pages
from generator.render.writer import SiteWriter
from generator.shared_store import SharedStore


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[Page]
    output: Path | None
    report: AccessibilityReport | None = None
    gate_run: GateRun | None = None
    held_back: list[HeldBack] = field(default_factory=list)
    """Papers not published (exempt, confidential, draft, embargoed, on no agenda): said in the terminal, nowhere else."""
    pdfs_rendered: int = 0
    """PDFs rendered by this build; the others were unchanged and reused."""
    unchanged: bool = False
    """Nothing the build reads had changed since the last published build, so nothing was done."""
    formats_rendered: int = 0
    """Format files (plain text, braille…) rendered by this build; the others were unchanged and reused."""
    pages_rendered: int = 0
    """Pages rendered by this build (the accessibility pages included); the others came from the last build."""
    written: list[str] | None = None
    """When only what changed was published (`clerk serve`): the files that changed; else None."""
    site: Site | None = None
    writer: SiteWriter | None = None
    """The published site and what wrote it, for `clerk serve` to render a page again (preview.py)."""

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
    record_publication(site, content, diagnostics, memory)
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
    formats: bool = True,
    preview: bool = False,
    executor: ExecutorChoice | None = None,
    base_url: str | None = None,
    shared_cache: str | None = None,
) -> BuildResult:
    """Build the site in `root` into `output`; nothing is published that fails a check.

    `gate=None` skips the external checkers (content lint still runs);
    `publish_site=False` checks everything and leaves `output` alone (`clerk check`);
    `pdfs=False` makes no PDFs, and the report says so; `formats=False` no plain text, braille, audio or EPUB
    (formats/registry.py), and the report says that too.
    `memory` is what a long-running `clerk serve` remembers between builds.
    `compared`: what `compare` found for this root, output, cache and these options, when the
    caller has already asked (`clerk build` does, to stop before loading the rest of Clerk).
    `preview`: `clerk preview`, drafts and embargoed papers shown, every page marked (preview_build.py);
    never into build/ nor with .clerk-cache/.
    `executor`: where PDFs, the other formats and (but on the local executor) the gate's checks run (executors.py), over
    site.yaml's `build:`.
    `base_url`: the address the site is published at, over site.yaml's (a portal publishes each council
    under its own slug: portal_build.py).
    `shared_cache`: an fsspec URL shared by builds on many machines (shared_store.py), over site.yaml's
    `build: shared_cache:`; never used by a preview.
    """
    cache = cache_folder or cache_for(root, preview)
    refusal = refused_folder(root, output, cache) if preview else None
    if refusal is not None:
        diagnostics = Diagnostics()
        diagnostics.error(Position(str(output)), "preview-folder", refusal, "leave out --output to preview into build-preview/")
        return BuildResult(diagnostics, [], None)
    # The lock first: a build that cannot run says so before anything else, not after every warning.
    try:
        with build_lock(output), cache_lock(cache, _say_waiting), held_for_the_build():
            return _build(
                root, output, today, gate, cache, publish_site, pdfs, memory, compared, formats, preview, executor, base_url,
                None if preview else shared_cache,
            )  # fmt: skip
    except BuildLocked as error:
        diagnostics = Diagnostics()
        diagnostics.error(Position(str(output)), "build-locked", str(error), "wait for it to finish, then build again")
        return BuildResult(diagnostics, [], None)


def _say_waiting() -> None:
    print("Waiting for another build that uses the same .clerk-cache/ to finish…", file=sys.stderr, flush=True)


def _build(
    root: Path,
    output: Path,
    today: dt.date | None,
    gate: GateOptions | None,
    cache: Path,
    publish_site: bool,
    pdfs: bool,
    memory: Memory | None,
    compared: Comparison | None,
    formats: bool,
    preview: bool,
    executor: ExecutorChoice | None = None,
    base_url: str | None = None,
    shared_cache: str | None = None,
) -> BuildResult:
    """`build`, with the output folder's lock held: the pipeline, stage by stage."""
    today = today or build_date()
    processes = os.cpu_count() or 1
    incremental = IncrementalBuild.start(
        root, output, cache, (today, gate, pdfs, formats, base_url), memory, compared, publishes=publish_site
    )
    if incremental.up_to_date:
        return BuildResult(Diagnostics(), [], output, unchanged=True)
    diagnostics = Diagnostics()
    code = code_fingerprint()
    kept = ContentCache(cache / CONTENT_FOLDER, code)  # what earlier processes read and rendered
    search_kept = SearchKept(cache / SEARCH_KEPT, code)  # the last search index (render/search_kept.py)
    with made_to_last():  # the site's objects, made to last the build: not collected meanwhile, then set aside (heap.py)
        # every file read and validated; those whose stat compare just found unchanged taken from `kept` unread
        content = Loader(root, diagnostics, memory, kept, incremental.file_hashes).load()
        if preview and content.config is not None:
            content.config = preview_config(content.config)
        elif base_url is not None and content.config is not None:
            content.config = content.config.model_copy(update={"base_url": base_url})
        site = link(content, diagnostics, today, memory=memory, preview=preview)  # references resolved; what is withheld decided
        guard = CacheGuard(cache, site) if site is not None else None
        if guard is not None and not guard.must_empty:
            # Nothing to empty: the guard's work is done at once, and what is published whole is written as it is made,
            # not all held until the end. (Something withdrawn: the cache is emptied after the Markdown stage, which reads it.)
            guard.apply()
            kept.write_whole(published_whole(site))
        if site is not None:
            record_publication(site, content, diagnostics, memory)  # when each document was published and changed
            site = render_markdown(site, content, diagnostics, memory, processes, kept)  # and linted; never a withheld paper's
            check_content(site, content, diagnostics)  # deadlines, consistency
    if memory is not None:
        memory.sweep()
    if site is None or guard is None:
        return BuildResult(diagnostics, [], None)
    guard.apply()  # (if not applied already)
    kept.keep(published_whole(site))  # after the guard: only what is published whole, into a cache it has cleared
    url = shared_cache or site.config.build.shared_cache
    store = SharedStore(url) if url else None
    store_guard = CacheGuard(store, site) if store is not None else None
    if store_guard is not None:
        store_guard.apply()  # before anything is written to the store, as for the local cache
    validate_policy(site.config.checks, diagnostics)
    diagnostics, suppressed = apply_policy(diagnostics, site.config.checks)
    pages = plan_pages(site, diagnostics)
    late = list(plan_accessibility_pages(site))
    pages += plan_large_print_view(pages)
    late += plan_large_print_view(late)
    settled()  # the planned pages
    if diagnostics.has_errors:
        return BuildResult(diagnostics, pages, None, held_back=site.held_back)
    if gate is not None and gate.processes is None and site.config.checks.browser_processes:
        gate = replace(gate, processes=site.config.checks.browser_processes)
    settings = site.config.build
    choice = choose_executor(executor, settings.executor, settings.dask.address)
    staging = staging_folder(output)
    started = contextlib.ExitStack()

    def place(kind: str) -> CacheFolder:
        """The costly kinds' folders, with the shared store behind them when there is one."""
        return SharedPlace(cache / kind, store, kind) if store is not None else cache / kind

    try:
        # On the local executor the gate's Chromium starts while the site is written; on the others the pages
        # are checked as units, each in a Chromium of its own.
        browser = started.enter_context(started_browser(root, gate if choice.kind == "local" else None))
        (cache / "templates").mkdir(parents=True, exist_ok=True)
        made = enabled_formats(site.config) if formats else ()
        writer = SiteWriter(root, site, today, staging, diagnostics, compiled=cache / "templates", formats=made)
        writer.processes = processes
        incremental.prepare_writer(writer, pages, pdfs, made, gate)
        writer.renderer.large_print_pages = {page.href for page in pages + late if not page.large_print}
        # PDFs first: each page lists its PDF's size and page count.
        try:
            with Units(choice, processes) as units:
                documents = writer.write_pdfs(pages, units, cache=place("pdf")) if pdfs else []
                writer.write_formats(pages, units, cache=place("formats"))
        except ExecutorUnavailable as error:
            diagnostics.error(Position(str(root / "site.yaml")), "executor-unavailable", str(error), DASK_HINT)
            return BuildResult(diagnostics, pages, None, held_back=site.held_back)
        writer.write(pages)
        writer.write_calendars(site)
        writer.write_feeds(site_feeds(site))
        if not writer.sparse:
            writer.copy_static()
        writer.write_open_data(pages + late)  # the data, its schemas and sitemap.xml
        if not writer.sparse and site.config.search.enabled:
            # From the whole staged site, before the gate: the search page is checked with results.
            # Serve's builds that stage only what changed keep the last index.
            index_search(staging, diagnostics, kept=search_kept)
        if diagnostics.has_errors:  # a template failed: some pages are missing
            return BuildResult(diagnostics, pages, None, held_back=site.held_back)
        # A second Units, not the PDFs' kept open: a Dask client's threads would have kept the pages' writers from forking.
        # It starts its cluster (or connects) only if a page is to be checked.
        checking = started.enter_context(Units(choice, processes)) if choice.kind != "local" else None
        checks = SiteChecks(
            root, staging, writer.built, pages, late, documents, gate, ResultCache(place("checks")), site.config.checks,
            diagnostics, suppressed, notes=skipped_outputs(pdfs, formats), browser=browser, units=checking,
        )
        # The statement and report describe the other pages' results: written from what is known
        # before the checks, checked with the rest, and written and checked again if the results changed them.
        writer.write_accessibility_pages(late, checks.check_pdfs())
        found = checks.check_pages()
        checked = checks.check_changed(writer.rewrite_changed(late, found))
        report_json = checked.report.to_json()
        result = BuildResult(
            diagnostics, pages + late, None, checked.report, checked.run, site.held_back, writer.pdfs_rendered,
            pages_rendered=writer.pages_rendered, formats_rendered=writer.formats_rendered,
        )
        if diagnostics.has_errors or not publish_site:
            _keep_report(cache, report_json)
            return result
        (staging / "_reports").mkdir(exist_ok=True)
        (staging / "_reports" / "accessibility.json").write_text(report_json, encoding="utf-8")
        notice = checked.report.unchecked_notice()
        if notice is not None:
            (staging / UNCHECKED_MARKER).write_text(notice, encoding="utf-8")
        # Under serve, a build that staged only what changed indexes the whole published site afresh,
        # so that search finds an edit as soon as the page shows it.
        index = None
        if site.config.search.enabled:
            index = lambda site_folder, into: index_search(site_folder, diagnostics, into, search_kept)  # noqa: E731
        result.written = incremental.publish(staging, writer, public_sources(root, pages), index)
        result.output, result.site, result.writer = output, site, writer
        return result
    finally:
        started.close()
        # Published, staging has been moved into the output folder already; else it is discarded.
        shutil.rmtree(staging, ignore_errors=True)
        if store is not None and store_guard is not None:
            store_guard.take_back_if_withdrawn(store)
            store.report(diagnostics, str(root / "site.yaml"))


def skipped_outputs(pdfs: bool, formats: bool) -> list[str]:
    """What the report, the terminal and UNCHECKED.txt say this build did not make."""
    return ["no PDFs were made (--no-pdfs)"] * (not pdfs) + ["no plain text, braille, audio or EPUB was made (--no-formats)"] * (
        not formats
    )


def public_sources(root: Path, pages: list[Page]) -> set[str]:
    """The content files the published site is made from, by their path from `root`: the only
    ones the saved build record may name (a withheld paper's file name is withheld too)."""
    top = root.resolve()
    public = {page.source for page in pages}
    return public | {source.resolve().relative_to(top).as_posix() for page in pages for _, source in page.assets}


def _keep_report(cache: Path, report_json: str) -> None:
    """A build that publishes nothing still leaves its report where the officer can read it."""
    write_atomically(cache / "reports" / "accessibility.json", report_json)
