"""The content checks that need the whole linked site: statutory deadlines and facts typed twice.

Run by build() once the site is linked and its Markdown rendered; they only
report, and change nothing.
"""

from __future__ import annotations

from generator.checks.consistency import check_consistency
from generator.checks.deadlines import check_deadlines
from generator.content.loader import LoadedContent
from generator.content.site import Site
from generator.diagnostics import Diagnostics


def check_content(site: Site, content: LoadedContent, diagnostics: Diagnostics) -> None:
    """Every meeting's deadlines and consistency, in date order."""
    for folder, meeting in site.meetings.items():
        check_deadlines(meeting, content.meetings[folder], diagnostics, site.today)
        check_consistency(meeting, content.meetings[folder], diagnostics)
