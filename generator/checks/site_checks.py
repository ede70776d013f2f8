"""Run the gate over a written site and turn its findings into the build's diagnostics and report.

The accessibility statement and the report page describe the other pages'
results. They are written first from what is known before the checks
(usually all they will say), checked with everything else, and written and
checked again only if the results changed them.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.checks.findings import CheckedPage, to_diagnostic
from generator.checks.gate import Gate, GateOptions, GateRun
from generator.checks.pdf_structure import check_pdf
from generator.render.pdf import PdfDocument
from generator.checks.policy import Suppressed, apply_policy
from generator.checks.report import AccessibilityReport, lint_and_checks
from generator.checks.result_cache import ResultCache
from generator.config import ChecksConfig
from generator.diagnostics import Diagnostics, Position
from generator.render.pages import Page
from generator.render.writer import SiteWriter


@dataclass
class Checked:
    report: AccessibilityReport
    run: GateRun


def check_site(
    writer: SiteWriter,
    pages: list[Page],
    pdfs: list[PdfDocument],
    late: list[Page],
    gate: GateOptions | None,
    cache: ResultCache,
    policy: ChecksConfig,
    diagnostics: Diagnostics,
    suppressed: list[Suppressed],
    notes: list[str] = (),
) -> Checked:
    """Write `late` (statement, report), check every page and PDF, and add the findings to `diagnostics`."""
    switched_off = list(suppressed)

    def absorb(found: Diagnostics) -> None:
        """Findings of the checkers, after the policy, into the build's diagnostics."""
        kept, dropped = apply_policy(found, policy)
        diagnostics.extend(kept)
        switched_off[:] = combine(switched_off, dropped)

    def report_of(run: GateRun) -> AccessibilityReport:
        return AccessibilityReport(
            pages=[page.output_path for page in pages + late],
            documents=[pdf.path for pdf in pdfs],
            diagnostics=lint_and_checks(diagnostics),
            suppressed=list(switched_off),
            tools=run.tools,
            skipped=run.skipped + list(notes),
            failures=run.failures,
        )

    pdf_findings = Diagnostics(limit=10_000)
    for pdf in pdfs:
        for finding in check_pdf(writer.built(pdf.path), tables=pdf.tables):
            pdf_findings.add(to_diagnostic(CheckedPage(pdf.path, pdf.path), finding))
    absorb(pdf_findings)
    gatekeeper = Gate(writer.root, writer.staging, gate, cache) if gate is not None else None
    expected = gatekeeper.describe() if gatekeeper else GateRun(skipped=["external checks were not run"])
    for page in late:
        page.context["report"] = report_of(expected)
    writer.write(late, fresh=True)
    run = gatekeeper.check([_checked(page) for page in pages + late]) if gatekeeper else expected
    absorb(_diagnostics(pages, run))
    for page in late:
        page.context["report"] = report_of(run)
    changed = writer.rewrite_changed(late)
    if gatekeeper is not None and changed:
        run.findings.update(gatekeeper.check([_checked(page) for page in changed]).findings)
    absorb(_diagnostics(late, run))
    for failure in run.failures:
        diagnostics.error(
            Position("site.yaml"), "checker-missing", f"a check could not run: {failure}", "nothing is published unchecked"
        )
    # The JSON holds everything, the statement's and report's own results too.
    return Checked(report_of(run), run)


def combine(first: list[Suppressed], second: list[Suppressed]) -> list[Suppressed]:
    counts: dict[str, Suppressed] = {}
    for item in first + second:
        previous = counts.get(item.rule)
        counts[item.rule] = Suppressed(item.rule, item.reason, item.count + (previous.count if previous else 0))
    return [counts[rule] for rule in sorted(counts)]


def _checked(page: Page) -> CheckedPage:
    return CheckedPage(output_path=page.output_path, source=page.source)


def _diagnostics(pages: list[Page], run: GateRun) -> Diagnostics:
    found = Diagnostics(limit=10_000)
    for page in pages:
        checked = _checked(page)
        for finding in run.findings.get(page.output_path, []):
            found.add(to_diagnostic(checked, finding))
    return found
