"""Each content-lint rule fires on a deliberately bad line, at that line, and stays quiet on good text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext
from generator.markdown.lint import LINT_RULES
from generator.markdown.lint.dates import NUMERIC_DATE
from generator.markdown.lint.phones import RUN_TOGETHER_PHONE
from tests.sitekit import check, make_site, read

RENDERER = MarkdownRenderer()


def findings(text: str, heading_base: int = 2) -> list[tuple[str, int, str]]:
    diagnostics = Diagnostics()
    RENDERER.render(text, MarkdownContext("p.md", 1, diagnostics, numbering="all", heading_base=heading_base))
    return [(d.rule, d.position.line, d.severity.value) for d in diagnostics.items]


BAD = [
    ("heading-level", "Intro.\n\n# Title\n", 3),
    ("heading-skip", "## One\n\n#### Three\n", 3),
    ("heading-empty", "## One\n\n### \n", 3),
    ("image-alt", "## A\n\n![](map.png)\n", 3),
    ("alt-file-name", "## A\n\n![IMG_0042.JPG](IMG_0042.JPG)\n", 3),
    ("alt-meaningless", "## A\n\n![Chart](chart.png)\n", 3),
    ("image-text", '## A\n\n![Poster for the consultation](poster.png "text")\n', 3),
    ("link-text", "## A\n\nFor the budget [click here](https://example.org/budget).\n", 3),
    ("link-text", "## A\n\nSee [](https://example.org/empty).\n", 3),
    ("link-bare-url", "## A\n\nSee <https://example.org/a/very/long/address>.\n", 3),
    ("link-bare-url", "## A\n\nSee [www.example.org](https://www.example.org).\n", 3),
    ("unsafe-link", "## A\n\nSee [the report](javascript:alert(1)).\n", 3),
    ("table-caption", "## A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 3),
    ("table-header", "## A\n\nTable: Empty heads\n\n| | |\n|---|---|\n| x | 2 |\n", 5),
    ("caps-run", "## A\n\nCAUTION: THERE ARE OFFENCES RELATING TO FALSIFYING A CERTIFICATE.\n", 3),
    ("bold-heading", "## A\n\n**Revenue budget**\n\nText.\n", 3),
    ("date-format", "## A\n\nThe site went live on 08/09/2017.\n", 3),
    ("phone-format", "## A\n\nCall 01603222948 for help.\n", 3),
]


@pytest.mark.parametrize(("rule", "text", "line"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_each_lint_rule_fires_at_its_line_with_its_default_severity(rule, text, line):
    assert (rule, line, LINT_RULES[rule]) in findings(text)


@pytest.mark.parametrize(("rule", "text", "line"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_each_lint_finding_says_how_to_fix_it(rule, text, line):
    diagnostics = Diagnostics()
    RENDERER.render(text, MarkdownContext("p.md", 1, diagnostics, numbering="all", heading_base=2))
    assert diagnostics.items and all(d.hint.strip() for d in diagnostics.items)


def test_every_lint_rule_has_a_failing_case():
    assert {rule for rule, _, _ in BAD} == set(LINT_RULES)


GOOD = [
    "## Proposal\n\nMembers have a key role.\n\n### Revenue\n\nText.\n\n## Evidence\n\n### Sub\n\n#### Deeper\n",
    '## A\n\n![Bar chart of calls abandoned each month](calls.png)\n\n![](rule.png "decorative")\n',
    "## A\n\nRead [the 2017-20 budget book](https://example.org/book).\n",
    "## A\n\nTable: Budget\n\n| | £m |\n|---|---|\n| IMT | 5.030 |\n",
    "## A\n\nThe RESOLVED block, IMT and BBfN are short capitals.\n",
    "## A\n\n1. **A bold recommendation**\n2. **Another**\n\nThe meeting is on 12 October 2017 at 10am; call 01603 222948. Budget 1.683 and 2017-18.\n",
]


@pytest.mark.parametrize("text", GOOD)
def test_good_text_raises_no_finding(text):
    assert findings(text) == []


@pytest.mark.parametrize("numbers", ["20/60/20", "3/4/5", "70/30/00", "0/5/2017", "13/13/2017", "32.1.20"])
def test_numbers_that_cannot_be_a_day_and_a_month_are_not_taken_for_a_date(numbers):
    assert findings(f"## A\n\nThe split is {numbers} across the three teams.\n") == []


@pytest.mark.parametrize("date", ["08/09/2017", "12/10/17", "31.12.17", "12/31/2017", "1/1/00"])
def test_numbers_that_could_be_a_day_and_a_month_are_taken_for_a_date(date):
    assert findings(f"## A\n\nIt went live on {date}.\n") == [("date-format", 3, "warning")]


def _hints(text: str) -> list[str]:
    diagnostics = Diagnostics()
    RENDERER.render(text, MarkdownContext("p.md", 1, diagnostics, numbering="all", heading_base=2))
    return [d.hint for d in diagnostics.items]


@pytest.mark.parametrize(
    ("link", "example"),
    [
        ("<https://www.norfolk.gov.uk>", "[the Norfolk website](https://www.norfolk.gov.uk)"),
        ("[www.norfolk.gov.uk](https://www.norfolk.gov.uk/)", "[the Norfolk website](https://www.norfolk.gov.uk/)"),
        ("<https://www.norfolk.gov.uk/what-we-do/digital-inclusion-strategy>",
         "[the digital inclusion strategy page on the Norfolk website](https://www.norfolk.gov.uk/what-we-do/digital-inclusion-strategy)"),
        ("<https://www.ofcom.org.uk/phones>", "[the … page on the Ofcom website](https://www.ofcom.org.uk/phones)"),
        ("<mailto:tim.shaw@norfolk.gov.uk>", "[email Tim Shaw](mailto:tim.shaw@norfolk.gov.uk)"),
    ],
)
def test_the_bare_address_hint_shows_words_for_the_links_own_address(link, example):
    (hint,) = _hints(f"## A\n\nSee {link}.\n")
    assert example in hint


def test_text_under_a_heading_starts_its_headings_one_level_down():
    assert findings("### Background\n\nText.\n", heading_base=3) == []
    assert ("heading-level", 1, "error") in findings("## Background\n", heading_base=3)
    assert ("heading-skip", 1, "error") in findings("#### Deep\n", heading_base=3)


def test_an_agenda_items_details_sit_under_its_heading(tmp_path):
    meeting = "content/meetings/2030-01-15-audit/meeting.md"
    changed = read(meeting).replace("title: Apologies", "title: Apologies\n    details: |\n      ### Rules")
    diagnostics = check(make_site(tmp_path, {meeting: changed}))
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("heading-level", f"{meeting}:11:7")]


def _caps_run_by_hand(text: str) -> bool:
    """The rule as written down: five words in a row whose letters (two or more) are all capitals."""
    run = 0
    for word in text.split():
        letters = "".join(character for character in word if character.isascii() and character.isalpha())
        if len(letters) >= 2 and letters.isupper():
            run += 1
            if run == 5:
                return True
        elif letters:
            run = 0
    return False


WORDS = st.sampled_from(["THE", "Council", "IMT", "a", "U.K.", "AB-CD", "—", "2017", "BBfN", "OK,", "X", "NOTE:", "word"])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=14))
def test_the_caps_run_rule_finds_exactly_the_runs_of_five(words):
    text = " ".join(words)
    found = any(rule == "caps-run" for rule, _, _ in findings(f"## A\n\n{text}\n"))
    assert found == _caps_run_by_hand(text)


#: The patterns as first written, with a look behind first; the build's own start with a digit.
DATE_AS_WRITTEN = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?![\d/]|\.\d)")
PHONE_AS_WRITTEN = re.compile(r"(?<![\d.£])(0\d{9,10}|0\d{3,4}[.-]\d{3}[.-]?\d{3,4})(?![\d.])")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789/.-£ a", max_size=40))
def test_the_date_and_phone_patterns_match_what_they_were_written_to(text):
    def spans(pattern):
        return [match.span() for match in pattern.finditer(text)]

    assert spans(NUMERIC_DATE) == spans(DATE_AS_WRITTEN)
    assert spans(RUN_TOGETHER_PHONE) == spans(PHONE_AS_WRITTEN)
