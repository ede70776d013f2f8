"""The accessibility report: per page and per rule, for the terminal, JSON and the HTML report page.

Its JSON is part of the published site, so it holds nothing that changes
between two builds of the same input (no timings, no cache hits).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator.checks.gate import GateRun

from generator.checks.policy import Suppressed
from generator.diagnostics import Diagnostic, Diagnostics

STANDARD_DESCRIPTION = (
    "WCAG 2.2 AA where the checkers support it: axe with its wcag2a, wcag21a, wcag2aa, wcag21aa, "
    "wcag22a and wcag22aa rules; HTML CodeSniffer with WCAG2AA"
)


@dataclass(frozen=True)
class RuleCount:
    rule: str
    severity: str
    findings: int
    pages: int


@dataclass
class AccessibilityReport:
    pages: list[str]
    """Output paths of the pages checked."""
    diagnostics: list[Diagnostic]
    """Every finding after the policy: content lint, HTML validity, pa11y, reflow, PDF structure."""
    documents: list[str] = field(default_factory=list)
    """Output paths of the PDFs checked."""
    suppressed: list[Suppressed] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity.value == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity.value == "warning"]

    @property
    def complete(self) -> bool:
        """Every checker ran over every page."""
        return not self.skipped and not self.failures

    @property
    def compliant(self) -> bool:
        """What the statement may claim: every check ran, none found an error, none was switched off."""
        return self.complete and not self.errors and not self.suppressed

    def unchecked_notice(self) -> str | None:
        """For the root of a published site not every check ran on (UNCHECKED_MARKER): None when every one did."""
        if self.complete:
            return None
        lines = [
            "THIS SITE WAS NOT FULLY CHECKED. Do not publish it.",
            "",
            "Checks that did not run:",
            *(f"  - {note}" for note in self.skipped + self.failures),
            "",
            "`clerk build` without --no-browser-checks, --no-pdfs or --no-formats makes a checked site, without this file.",
        ]
        return "\n".join(lines) + "\n"

    def by_rule(self) -> list[RuleCount]:
        findings: Counter[tuple[str, str]] = Counter()
        pages: dict[tuple[str, str], set[str]] = {}
        for item in self.diagnostics:
            key = (item.rule, item.severity.value)
            findings[key] += 1
            pages.setdefault(key, set()).add(item.position.path)
        return [
            RuleCount(rule, severity, count, len(pages[(rule, severity)]))
            for (rule, severity), count in sorted(findings.items(), key=lambda pair: (pair[0][1], pair[0][0]))
        ]

    def by_page(self) -> list[tuple[str, list[Diagnostic]]]:
        groups: dict[str, list[Diagnostic]] = {}
        for item in sorted(self.diagnostics, key=lambda d: (d.position, d.rule, d.message)):
            groups.setdefault(item.position.path, []).append(item)
        return sorted(groups.items())

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "standard": STANDARD_DESCRIPTION,
            "tools": self.tools,
            "pages_checked": len(self.pages),
            "pdfs_checked": len(self.documents),
            "complete": self.complete,
            "skipped": self.skipped,
            "failures": self.failures,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "rules": [vars(count) for count in self.by_rule()],
            "switched_off": [vars(item) for item in self.suppressed],
            "findings": [
                {
                    "file": item.position.path,
                    "line": item.position.line,
                    "column": item.position.column,
                    "rule": item.rule,
                    "severity": item.severity.value,
                    "message": item.message,
                    "hint": item.hint,
                }
                for item in sorted(self.diagnostics, key=lambda d: (d.position, d.rule, d.message))
            ],
            "pages": self.pages,
            "pdfs": self.documents,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def summary(self, run: GateRun | None = None) -> str:
        """Lines for the terminal: what ran, then counts per rule."""
        lines = [
            f"Accessibility checks: {len(self.pages)} pages, {len(self.documents)} PDFs, "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"
        ]
        if run is not None:
            for checker, count in sorted(run.checked.items()):
                lines.append(f"  {checker}: {count} page(s) checked, {len(self.pages) - count} unchanged (results reused)")
        for note in self.skipped + self.failures:
            lines.append(f"  not run: {note}")
        for count in self.by_rule():
            lines.append(f"  {count.severity:7} {count.rule}: {count.findings} on {count.pages} page(s)/file(s)")
        for item in self.suppressed:
            lines.append(f"  off     {item.rule}: {item.count} finding(s) not reported, because: {item.reason}")
        return "\n".join(lines)


def lint_and_checks(diagnostics: Diagnostics) -> list[Diagnostic]:
    """The findings of check rules (lint and external), which the report covers."""
    from generator.checks.policy import is_check_rule

    return [item for item in diagnostics.items if is_check_rule(item.rule)]
