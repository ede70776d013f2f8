"""Check a written site, its PDFs and then every page, and turn the findings into the build's diagnostics and report.

The checks only read what was written; the build writes. The accessibility
statement and the report page describe the other pages' results, so the
build asks in three steps: `check_pdfs` gives the report as known before the
pages are checked (usually all it will say), from which the build writes
those two pages; `check_pages` checks every page, those two with them, and
gives the report the build writes them again from; `check_changed` checks
again those that came out different, and gives the final report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from generator.checks.browser_checks import BrowserSession
from generator.checks.findings import CheckedPage, to_diagnostic
from generator.checks.gate import Gate, GateOptions, GateRun
from generator.checks.pdf_structure import check_pdf
from generator.checks.policy import Suppressed, apply_policy
from generator.checks.report import AccessibilityReport, lint_and_checks
from generator.checks.result_cache import ResultCache
from generator.config import ChecksConfig
from generator.diagnostics import Diagnostics, Position
from generator.executors import Units
from generator.render.pages import SEARCH_CHECKED_WITH, SEARCH_RESULTS_SHOWN, SEARCH_URL, Page
from generator.render.pdf import PdfDocument


@dataclass
class Checked:
    report: AccessibilityReport
    run: GateRun


class SiteChecks:
    def __init__(
        self,
        root: Path,
        staging: Path,
        built: Callable[[str], Path],
        pages: list[Page],
        late: list[Page],
        pdfs: list[PdfDocument],
        gate: GateOptions | None,
        cache: ResultCache,
        policy: ChecksConfig,
        diagnostics: Diagnostics,
        suppressed: list[Suppressed],
        notes: Sequence[str] = (),
        browser: BrowserSession | None = None,
        units: Units | None = None,
    ):
        """`built` says where a written file is (staged, or still published when staging is sparse);
        `late` are the statement and report page; findings go to `diagnostics` after the `policy`;
        `browser`: the gate's Chromium, started while the site was written (gate.started_browser);
        `units`: the executor the pages are checked on, when it is not the local one (check_units.py)."""
        self.built = built
        self.pages = pages
        self.late = late
        self.pdfs = pdfs
        self.policy = policy
        self.diagnostics = diagnostics
        self.notes = list(notes)
        self.switched_off = list(suppressed)
        self.gate = Gate(root, staging, gate, cache, browser, units) if gate is not None else None
        self.run = GateRun(skipped=["external checks were not run"])

    def check_pdfs(self) -> AccessibilityReport:
        """Check every PDF; the report as known before the pages are checked."""
        found = Diagnostics(limit=10_000)
        for pdf in self.pdfs:
            for finding in check_pdf(self.built(pdf.path), tables=pdf.tables):
                found.add(to_diagnostic(CheckedPage(pdf.path, pdf.path), finding))
        self._absorb(found)
        if self.gate is not None:
            self.run = self.gate.describe()
        return self._report()

    def check_pages(self) -> AccessibilityReport:
        """Check every page, the accessibility pages too; the report with the other pages' findings."""
        if self.gate is not None:
            self.run = self.gate.check([_checked(page) for page in self.pages + self.late])
        self._absorb(_diagnostics(self.pages, self.run))
        return self._report()

    def check_changed(self, changed: list[Page]) -> Checked:
        """Check again the accessibility pages that the findings changed; the final report."""
        if self.gate is not None and changed:
            again = self.gate.check([_checked(page) for page in changed])
            self.run.findings.update(again.findings)
            # A checker that could not run the second time must not leave those pages looking clean.
            self.run.failures.extend(failure for failure in again.failures if failure not in self.run.failures)
        self._absorb(_diagnostics(self.late, self.run))
        for failure in self.run.failures:
            self.diagnostics.error(
                Position("site.yaml"), "checker-missing", f"a check could not run: {failure}", "nothing is published unchecked"
            )
        # The JSON holds everything, the statement's and report's own results too.
        return Checked(self._report(), self.run)

    def _absorb(self, found: Diagnostics) -> None:
        """Findings of the checkers, after the policy, into the build's diagnostics."""
        kept, dropped = apply_policy(found, self.policy)
        self.diagnostics.extend(kept)
        self.switched_off = combine(self.switched_off, dropped)

    def _report(self) -> AccessibilityReport:
        return AccessibilityReport(
            pages=[page.output_path for page in self.pages + self.late],
            documents=[pdf.path for pdf in self.pdfs],
            diagnostics=lint_and_checks(self.diagnostics),
            suppressed=list(self.switched_off),
            tools=self.run.tools,
            skipped=self.run.skipped + self.notes,
            failures=self.run.failures,
        )


def combine(first: list[Suppressed], second: list[Suppressed]) -> list[Suppressed]:
    counts: dict[str, Suppressed] = {}
    for item in first + second:
        previous = counts.get(item.rule)
        counts[item.rule] = Suppressed(item.rule, item.reason, item.count + (previous.count if previous else 0))
    return [counts[rule] for rule in sorted(counts)]


def _checked(page: Page) -> CheckedPage:
    if (page.standard_url or page.url) == SEARCH_URL:
        # Checked as a reader uses it, its script showing results, which the page alone never has.
        return CheckedPage(page.output_path, page.source, query=SEARCH_CHECKED_WITH, ready=SEARCH_RESULTS_SHOWN)
    return CheckedPage(output_path=page.output_path, source=page.source)


def _diagnostics(pages: list[Page], run: GateRun) -> Diagnostics:
    found = Diagnostics(limit=10_000)
    for page in pages:
        checked = _checked(page)
        for finding in run.findings.get(page.output_path, []):
            found.add(to_diagnostic(checked, finding))
    return found
