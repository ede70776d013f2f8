"""Errors show the line they point at, with a caret under the column, as rustc and Hugo do."""

from __future__ import annotations

import os

from generator.build import build
from generator.diagnostics import Diagnostic, Diagnostics, Position, Severity
from tests.sitekit import PAPER, check, make_site, paper_with_body, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"


def _caret_column(report: str, first_line: str) -> tuple[str, str]:
    """The excerpt's source line and caret line printed under the diagnostic whose first line is `first_line`."""
    lines = report.split("\n")
    index = lines.index(first_line)
    return lines[index + 1], lines[index + 2]


def _under_caret(source: str, caret: str) -> str:
    """The character of `source` that the caret stands under, both lines after their gutter."""
    _, _, text = source.partition(" | ")
    _, _, marks = caret.partition(" | ")
    assert set(marks[:-1]) <= {" ", "\t"} and marks.endswith("^"), caret
    return text[len(marks) - 1]


def test_a_yaml_error_shows_its_line_with_a_caret_under_the_open_quote(tmp_path):
    root = make_site(tmp_path, {MEETING: read(MEETING).replace("venue: Council", 'venue: "Council')})
    report = check(root).report(root)
    first = f'{MEETING}:5:8: error[yaml-syntax]: YAML syntax error: the quote " opened here is never closed'
    assert report.split("\n")[:4] == [
        first,
        '    5 | venue: "Council Chamber, Town Hall',
        "      |        ^",
        '  hint: end the value with " on this line',
    ]


def test_a_markdown_error_inside_a_line_has_the_caret_under_its_first_character(tmp_path):
    root = make_site(tmp_path, {PAPER: paper_with_body("## Intro\n\nFirst line,\nthen <i>this</i>.\n")})
    report = check(root).report(root)
    source, caret = _caret_column(report, f"{PAPER}:19:6: error[raw-html]: raw HTML is not allowed: '<i>'")
    assert source == "   19 | then <i>this</i>."
    assert caret == "      |      ^"


def test_a_tab_before_the_mistake_is_copied_so_that_the_caret_stays_under_it(tmp_path):
    root = make_site(tmp_path, {PAPER: paper_with_body("## Intro\n\nSome\t\tcells <b>x</b>\n")})
    report = check(root).report(root)
    source, caret = _caret_column(report, f"{PAPER}:18:13: error[raw-html]: raw HTML is not allowed: '<b>'")
    assert caret == "      | " + "    \t\t      ^"
    assert _under_caret(source, caret) == "<"


def test_wide_characters_before_the_mistake_take_two_places(tmp_path):
    root = make_site(tmp_path, {PAPER: paper_with_body("## Intro\n\n東京 <b>x</b>\n")})
    report = check(root).report(root)
    _, caret = _caret_column(report, f"{PAPER}:18:4: error[raw-html]: raw HTML is not allowed: '<b>'")
    assert caret == "      |      ^"


def test_the_first_line_of_each_diagnostic_is_unchanged_for_tools_that_read_it(tmp_path):
    root = make_site(tmp_path, {PAPER: paper_with_body("## Intro\n\nThen <i>this</i>.\n")})
    diagnostics = check(root)
    with_source = diagnostics.report(root).split("\n")
    for diagnostic in diagnostics.sorted():
        assert diagnostic.format().split("\n")[0] in with_source
    assert not any(line.startswith("   18 |") for line in diagnostics.report().split("\n"))


def _report_of(tmp_path, position: Position) -> str:
    diagnostics = Diagnostics()
    diagnostics.add(Diagnostic(position, Severity.ERROR, "schema", "wrong", "fix it"))
    return diagnostics.report(tmp_path)


def test_no_excerpt_is_shown_where_the_line_cannot_be_read_and_nothing_fails(tmp_path):
    (tmp_path / "short.yaml").write_text("one: 1\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("secret: 1\n")
    os.symlink(outside, tmp_path / "escape.yaml")
    for path, line in [
        ("gone.yaml", 1), ("short.yaml", 3), ("short.yaml", 0), ("picture.png", 1), ("folder", 1),
        ("pipe.yaml", 1), ("loop.yaml", 1), ("escape.yaml", 1), ("clerk", 1), ("/etc/passwd", 1),
    ]:
        report = _report_of(tmp_path, Position(path, line, 1))
        assert report.split("\n")[:2] == [f"{path}:{line}:1: error[schema]: wrong", "  hint: fix it"], path


def test_a_column_past_the_end_of_the_line_points_just_after_it(tmp_path):
    (tmp_path / "a.yaml").write_text("title: x\n")
    assert _report_of(tmp_path, Position("a.yaml", 1, 40)).split("\n")[1:3] == ["    1 | title: x", "      |         ^"]


def test_control_characters_in_the_line_are_not_sent_to_the_terminal(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"title: \x1b[2Jx\n")
    source = _report_of(tmp_path, Position("a.yaml", 1, 8)).split("\n")[1]
    assert "\x1b" not in source and source == "    1 | title: \ufffd[2Jx"


def test_a_long_line_is_cut_around_the_column_with_the_caret_still_under_it(tmp_path):
    (tmp_path / "a.md").write_text("word " * 100 + "<b>x</b> " + "word " * 100 + "\n")
    lines = _report_of(tmp_path, Position("a.md", 1, 501)).split("\n")
    assert len(lines[1]) < 120 and lines[1].startswith("    1 | …") and lines[1].endswith("…")
    assert _under_caret(lines[1], lines[2]) == "<"


def test_a_template_error_names_the_page_being_rendered_and_the_template_line(tmp_path):
    template = "templates/person.html"
    broken = '{% extends "base.html" %}\n{% block main %}\n<h1>{{ person.nmae }}</h1>\n{% endblock %}\n'
    root = make_site(tmp_path, {template: broken})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    errors = [d for d in result.diagnostics.errors if d.rule == "template"]
    ann = [d for d in errors if "/people/ann-chair/ " in d.message and "large-print" not in d.message]
    assert len(ann) == 1, result.diagnostics.report()
    (error,) = ann
    assert str(error.position) == f"{template}:3:15"
    assert "while rendering /people/ann-chair/ (from content/people/ann-chair.yaml)" in error.message
    assert error.hint == "`nmae` is not defined for this page: check its spelling in the template line `<h1>{{ person.nmae }}</h1>`"
    report = result.diagnostics.report(root)
    source, caret = _caret_column(report, error.format().split("\n")[0])
    assert _under_caret(source, caret) == "n" and source.endswith("<h1>{{ person.nmae }}</h1>")


def test_a_template_whose_own_code_fails_is_an_error_at_its_line_not_a_traceback(tmp_path):
    template = "templates/person.html"
    broken = '{% extends "base.html" %}\n{% block main %}\n<h1>{{ person.name }} {{ 1 // 0 }}</h1>\n{% endblock %}\n'
    root = make_site(tmp_path, {template: broken})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    ann = [d for d in result.diagnostics.errors if "/people/ann-chair/ " in d.message and "large-print" not in d.message]
    assert len(ann) == 1, result.diagnostics.report()
    (error,) = ann
    assert (error.rule, error.position.path, error.position.line) == ("template", template, 3)
    assert error.message.endswith("ZeroDivisionError: integer division or modulo by zero")
    assert error.hint == "look at the template line `<h1>{{ person.name }} {{ 1 // 0 }}</h1>`"
    assert not result.ok and result.output is None


def test_a_template_that_cannot_be_parsed_is_one_error_at_its_line_with_the_line_in_the_hint(tmp_path):
    template = "templates/person.html"
    broken = '{% extends "base.html" %}\n{% block main %}\n<h1>{{ person.name }</h1>\n{% endblock %}\n'
    root = make_site(tmp_path, {template: broken})
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    (error,) = result.diagnostics.errors
    assert (error.rule, str(error.position)) == ("template", f"{template}:3:1")
    assert error.hint == "fix the template line `<h1>{{ person.name }</h1>`"


def test_every_diagnostic_is_kept_past_the_limit_and_the_report_shows_the_first_and_counts_the_rest():
    diagnostics = Diagnostics(limit=2)
    for line in range(1, 6):
        diagnostics.error(Position("a.yaml", line), "schema", "wrong")
    assert len(diagnostics.items) == 5
    report = diagnostics.report().split("\n")
    assert report == ["a.yaml:1:1: error[schema]: wrong", "a.yaml:2:1: error[schema]: wrong", "… and 3 more", "5 error(s), 0 warning(s)"]
