"""`clerk portal build`: several councils' sites, each built alone, published together under one portal.

Each council is built by `build()` exactly as `clerk build` builds it (its own site.yaml, withholding,
gate and `.clerk-cache/`), into a folder of its own beside the portal's output
(`.<output>-councils/<slug>/`, kept between builds so that each council's build stays incremental), at
the address `<portal base_url><slug>/`. Only when every council asked for has built does the portal
stage its output: each council's published folder hard-linked in under its slug (a council not asked
for by `--only` is linked from the portal's last output, so its files are the very same files), then the
portal's own pages, feed and search index, made from those published folders alone
(render/portal.py), checked by the same gate; the whole is swapped into place in one step (publish.py).
A council that fails, or a portal page that fails its checks, publishes nothing: the last portal output
stays as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import build, skipped_outputs
from generator.checks.findings import to_diagnostic
from generator.checks.gate import Gate
from generator.checks.gate_options import UNCHECKED_MARKER, GateOptions
from generator.checks.result_cache import ResultCache
from generator.checks.site_checks import _checked
from generator.dates import build_date
from generator.diagnostics import Diagnostic, Diagnostics, Position
from generator.executors import ExecutorChoice
from generator.portal_config import Council, Portal, load_portal
from generator.publish import BuildLocked, build_lock, publish, staging_folder
from generator.render.pages import Page
from generator.render.portal import read_published, write_portal

PORTAL_OUTPUT = "build-portal"
#: The portal's own cache (its pages' check results), beside portal.yaml; each council keeps its own .clerk-cache/.
PORTAL_CACHE = ".clerk-portal-cache"


@dataclass
class PortalResult:
    diagnostics: Diagnostics
    folder: Path
    """portal.yaml's folder: the diagnostics' paths are from it."""
    output: Path | None = None
    """Where the portal was published; None when nothing was."""
    built: list[str] = field(default_factory=list)
    """The councils built by this run, by slug."""
    pages: list[Page] = field(default_factory=list)
    unchecked: str | None = None
    """What did not run (no browser checks, no PDFs…), as UNCHECKED.txt at the portal's root says."""

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


def council_folder(output: Path, slug: str) -> Path:
    """Where a council of the portal publishing into `output` is built and kept between builds."""
    return output.parent / f".{output.name.lstrip('.')}-councils" / slug


def build_portal(
    file: Path,
    output: Path | None = None,
    *,
    only: tuple[str, ...] = (),
    today: dt.date | None = None,
    gate: GateOptions | None = GateOptions(),
    pdfs: bool = True,
    formats: bool = True,
    executor: ExecutorChoice | None = None,
) -> PortalResult:
    """Build the portal `file` describes into `output` (default: build-portal/ beside it); `only`: the
    councils to build again, by slug (the others are published as they were)."""
    diagnostics = Diagnostics()
    portal = load_portal(file, diagnostics)
    if portal is None:
        return PortalResult(diagnostics, file.parent)
    output = output or portal.folder / PORTAL_OUTPUT
    slugs = [council.slug for council in portal.councils]
    for slug in only:
        if slug not in slugs:
            diagnostics.error(
                Position(file.name), "portal-unknown-council", f"--only {slug}: the portal has no council of that slug",
                f"its councils are: {', '.join(slugs)}",
            )  # fmt: skip
    if diagnostics.has_errors:
        return PortalResult(diagnostics, portal.folder)
    try:
        with build_lock(output):
            return _build_portal(portal, output, set(only), today or build_date(), gate, pdfs, formats, executor, diagnostics)
    except BuildLocked as error:
        diagnostics.error(Position(str(output)), "build-locked", str(error), "wait for it to finish, then build again")
        return PortalResult(diagnostics, portal.folder)


def _build_portal(
    portal: Portal,
    output: Path,
    only: set[str],
    today: dt.date,
    gate: GateOptions | None,
    pdfs: bool,
    formats: bool,
    executor: ExecutorChoice | None,
    diagnostics: Diagnostics,
) -> PortalResult:
    result = PortalResult(diagnostics, portal.folder)
    chosen = [council for council in portal.councils if not only or council.slug in only]
    for council in portal.councils:
        if council not in chosen and not (output / council.slug).is_dir():
            diagnostics.error(
                Position(portal.file.name), "portal-council-unbuilt",
                f"council '{council.slug}' is not in {output} yet, so it cannot be left as it was",
                "build the whole portal once without --only",
            )  # fmt: skip
    if diagnostics.has_errors:
        return result
    for council in chosen:
        built = build(
            council.root, council_folder(output, council.slug), today=today, gate=gate, pdfs=pdfs, formats=formats,
            executor=executor, base_url=portal.council_url(council),
        )  # fmt: skip
        for diagnostic in built.diagnostics.items:
            diagnostics.add(_of_council(diagnostic, council, portal.folder))
        result.built.append(council.slug)
    if diagnostics.has_errors:
        return result  # every council's mistakes, together; the portal's last output untouched
    staging = staging_folder(output)
    try:
        published = []
        for council in portal.councils:
            source = council_folder(output, council.slug) if council in chosen else output / council.slug
            shutil.copytree(source, staging / council.slug, copy_function=_link, symlinks=True)
            published.append(read_published(council.slug, staging / council.slug, portal.council_url(council), portal.config.base_url, today))
        result.pages = write_portal(portal, published, staging, diagnostics)
        if not diagnostics.has_errors and gate is not None:
            check_portal_pages(portal, staging, output.name, result.pages, gate, diagnostics)
        if diagnostics.has_errors:
            return result
        result.unchecked = _unchecked(gate, pdfs, formats)
        if result.unchecked is not None:
            (staging / UNCHECKED_MARKER).write_text(result.unchecked, encoding="utf-8")
        publish(staging, output)
        result.output = output
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _of_council(diagnostic: Diagnostic, council: Council, folder: Path) -> Diagnostic:
    """A council's diagnostic as the portal reports it: its file from portal.yaml's folder, its message naming the council."""
    path = os.path.relpath(council.root / diagnostic.position.path, folder)
    position = Position(path, diagnostic.position.line, diagnostic.position.column)
    return Diagnostic(position, diagnostic.severity, diagnostic.rule, f"council '{council.slug}': {diagnostic.message}", diagnostic.hint)


def _link(source: str, target: str) -> None:
    """A published file in the portal's staging folder: the same file (a hard link, same bytes and
    mtime), or a copy keeping its mtime where the file system has no hard links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def check_portal_pages(
    portal: Portal, staging: Path, output: str, pages: list[Page], gate: GateOptions, diagnostics: Diagnostics
) -> None:
    """The portal's own pages through the councils' gate (the councils' pages were checked by their builds)."""
    checker = Gate(portal.folder, staging, gate, ResultCache(portal.folder / PORTAL_CACHE / "checks"))
    checked = [_checked(page) for page in pages]
    run = checker.check(checked)
    for page in checked:
        for finding in run.findings.get(page.output_path, []):
            diagnostics.add(to_diagnostic(page, finding, output))
    for failure in run.failures:
        diagnostics.error(Position(portal.file.name), "checker-missing", f"a check could not run: {failure}", "nothing is published unchecked")


def _unchecked(gate: GateOptions | None, pdfs: bool, formats: bool) -> str | None:
    skipped = skipped_outputs(pdfs, formats)
    if gate is None:
        skipped.append("no page was checked in a browser or by the Nu HTML Checker")
    elif not gate.browser:
        skipped.append("no page was checked in a browser (--no-browser-checks)")
    if not skipped:
        return None
    return "This portal is not fully checked; do not publish it. Not run:\n" + "".join(f"- {line}\n" for line in skipped)
