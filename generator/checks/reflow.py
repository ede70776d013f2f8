"""Reflow (WCAG 2.2 1.4.10): no page scrolls sideways at 320 CSS pixels.

`reflow_runner.js` is a pa11y runner: `browser_checks.js` runs it on each page
that pa11y's other runners have just checked, with the viewport narrowed to
320 CSS pixels, and this module says what it found as findings.
"""

from __future__ import annotations

from pathlib import Path

from generator.checks.findings import Finding

REFLOW_RUNNER = Path(__file__).with_name("reflow_runner.js")
REFLOW_VIEWPORT = {"width": 320, "height": 640, "deviceScaleFactor": 1}


def reflow_findings(problem: dict) -> list[Finding]:
    """The findings for one page that scrolls sideways: its outermost elements that stick out."""
    return [
        Finding(
            rule="reflow:horizontal-scroll",
            severity="error",
            message=(
                f"at 320 CSS pixels wide the page scrolls sideways ({problem['width']} px wide); "
                f"this element reaches {element['right']} px (WCAG 2.2 1.4.10 Reflow)"
            ),
            selector=element["selector"],
            context=element["html"],
        )
        for element in problem["elements"] or [{"selector": "html", "right": problem["width"], "html": ""}]
    ]
