"""How a site is made, in order: load, link, plan, render, publish.

Everything is read and checked before anything is written, and the new site
is written to a staging folder that replaces build/ only when the whole
build succeeded, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from generator.checks.findings import CheckedPage, to_diagnostic
from generator.checks.gate import Gate, GateOptions, GateRun
from generator.checks.policy import Suppressed, apply_policy, validate_policy
from generator.checks.report import AccessibilityReport, lint_and_checks
from generator.checks.result_cache import ResultCache
from generator.content.loader import Loader
from generator.content.linker import link
from generator.content.site import Site
from generator.diagnostics import Diagnostics, Position
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import Page, plan_accessibility_pages, plan_pages

#: Cached check results and kept reports; safe to delete.
CACHE_FOLDER = ".clerk-cache"


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    pages: list[Page]
    output: Path | None
    report: AccessibilityReport | None = None
    gate_run: GateRun | None = None

    @property
    def ok(self) -> bool:
        return not self.diagnostics.has_errors


def build_date() -> dt.date:
    """The date 'upcoming' is measured from: SOURCE_DATE_EPOCH when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def load_site(root: Path, diagnostics: Diagnostics) -> Site | None:
    content = Loader(root, diagnostics).load()
    return link(content, diagnostics)


def build(
    root: Path,
    output: Path,
    *,
    today: dt.date | None = None,
    gate: GateOptions | None = GateOptions(),
    cache_folder: Path | None = None,
    publish_site: bool = True,
) -> BuildResult:
    """Build the site in `root` into `output`; with `gate`, nothing is published that fails the checks.

    `gate=None` skips the external checkers entirely (content lint still runs);
    `publish_site=False` checks everything and leaves `output` alone (`clerk check`).
    """
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics)
    if site is not None:
        validate_policy(site.config.checks, diagnostics)
        diagnostics, suppressed = apply_policy(diagnostics, site.config.checks)
    if site is None or diagnostics.has_errors:
        return BuildResult(diagnostics, [], None)
    pages = plan_pages(site, diagnostics)
    late = list(plan_accessibility_pages(site))
    if diagnostics.has_errors:
        return BuildResult(diagnostics, pages, None)
    folders = template_folders(root)
    renderer = HtmlRenderer(folders, site, today or build_date())
    cache = ResultCache((cache_folder or root / CACHE_FOLDER) / "checks")
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-staging-", dir=output.parent))
    try:
        _render(renderer, pages, staging, diagnostics, root)
        for folder in reversed(folders):
            _copy_static(folder / "static", staging / "static")
        gatekeeper = Gate(root, staging, gate, cache) if gate is not None else None
        expected = gatekeeper.describe() if gatekeeper else GateRun(skipped=["external checks were not run"])
        # The statement and the report describe the checks of the other pages
        # and of the source. They are written first from what is known before
        # the checks (usually all they will say), checked with everything
        # else, and written again, and re-checked, only if the results changed them.
        report = AccessibilityReport(
            pages=[page.output_path for page in pages + late],
            diagnostics=lint_and_checks(diagnostics),
            suppressed=suppressed,
            tools=expected.tools,
            skipped=expected.skipped,
            failures=expected.failures,
        )
        for page in late:
            page.context["report"] = report
        _render(renderer, late, staging, diagnostics, root)
        run = gatekeeper.check([_checked(page) for page in pages + late]) if gatekeeper else expected
        content_findings, content_suppressed = apply_policy(_external_diagnostics(pages, run), site.config.checks)
        diagnostics.extend(content_findings)
        report.diagnostics = lint_and_checks(diagnostics)
        report.suppressed = _combine(suppressed, content_suppressed)
        report.tools, report.skipped, report.failures = run.tools, run.skipped, run.failures
        if gatekeeper is not None and _render_changed(renderer, late, staging):
            late_run = gatekeeper.check([_checked(page) for page in late])
            for path, findings in late_run.findings.items():
                run.findings[path] = findings
            for checker, count in late_run.checked.items():
                run.checked[checker] = run.checked.get(checker, 0) + count
        late_findings, late_suppressed = apply_policy(_external_diagnostics(late, run), site.config.checks)
        diagnostics.extend(late_findings)
        # The JSON has everything, the statement's and report's own results included.
        final = AccessibilityReport(
            pages=report.pages,
            diagnostics=lint_and_checks(diagnostics),
            suppressed=_combine(report.suppressed, late_suppressed),
            tools=run.tools,
            skipped=run.skipped,
            failures=run.failures,
        )
        for failure in run.failures:
            diagnostics.error(
                Position("site.yaml"), "checker-missing", f"a check could not run: {failure}", "nothing is published unchecked"
            )
        report = final
        pages = pages + late
        report_json = report.to_json()
        if diagnostics.has_errors or not publish_site:
            _keep_report(cache_folder or root / CACHE_FOLDER, report_json)
            shutil.rmtree(staging, ignore_errors=True)
            return BuildResult(diagnostics, pages, None, report, run)
        (staging / "_reports").mkdir(exist_ok=True)
        (staging / "_reports" / "accessibility.json").write_text(report_json, encoding="utf-8")
        publish(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(diagnostics, pages, output, report, run)


def _render(renderer: HtmlRenderer, pages: list[Page], staging: Path, diagnostics: Diagnostics, root: Path) -> None:
    for page in pages:
        try:
            html = renderer.render(page)
        except TemplateError as error:
            diagnostics.error(_template_position(root, error), "template", f"the template failed: {error}")
            continue
        target = staging / page.output_path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        for relative, source in page.assets:
            asset = staging / page.url / relative
            asset.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, asset)


def _render_changed(renderer: HtmlRenderer, pages: list[Page], staging: Path) -> bool:
    """Render `pages` again; whether any came out different from what is on disk."""
    changed = False
    for page in pages:
        html = renderer.render(page)
        target = staging / page.output_path
        if target.read_text(encoding="utf-8") != html:
            target.write_text(html, encoding="utf-8")
            changed = True
    return changed


def _checked(page: Page) -> CheckedPage:
    return CheckedPage(output_path=page.output_path, source=page.source)


def _external_diagnostics(pages: list[Page], run: GateRun) -> Diagnostics:
    found = Diagnostics(limit=10_000)
    for page in pages:
        checked = _checked(page)
        for finding in run.findings.get(page.output_path, []):
            found.add(to_diagnostic(checked, finding))
    return found


def _combine(first: list[Suppressed], second: list[Suppressed]) -> list[Suppressed]:
    counts: dict[str, Suppressed] = {}
    for item in first + second:
        previous = counts.get(item.rule)
        counts[item.rule] = Suppressed(item.rule, item.reason, item.count + (previous.count if previous else 0))
    return [counts[rule] for rule in sorted(counts)]


def _keep_report(cache: Path, report_json: str) -> None:
    """A build that publishes nothing still leaves its report where the officer can read it."""
    folder = cache / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "accessibility.json").write_text(report_json, encoding="utf-8")


def publish(staging: Path, output: Path) -> None:
    """Swap the staged site in; the old one is removed only once the new one is in place."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        os.replace(output, old / "site")
    os.replace(staging, output)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _copy_static(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def _template_position(root: Path, error: TemplateError) -> Position:
    """Where in a template it failed: Jinja's own line, else the innermost template frame."""
    name = getattr(error, "filename", None)
    line = getattr(error, "lineno", None)
    if name is None:
        frames = traceback.extract_tb(error.__traceback__)
        for frame in reversed(frames):
            if frame.filename.endswith(".html"):
                name, line = frame.filename, frame.lineno
                break
    name = name or "templates"
    try:
        name = Path(name).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    return Position(str(name), line or 1, 1)
