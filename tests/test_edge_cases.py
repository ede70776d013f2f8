"""Edge cases found in review: each was a leak, a traceback or a wrong answer before it was fixed."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from generator.build import build, load_site
from generator.cli import main
from generator.diagnostics import Diagnostics
from generator.markdown import MarkdownRenderer
from generator.markdown.context import MarkdownContext
from generator.publish import build_lock
from tests.sitekit import check, make_site, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
FOLDER = "content/meetings/2030-01-15-audit"
PAPER = f"{FOLDER}/internal-audit.md"


def render(text: str, **options) -> tuple[str, Diagnostics]:
    diagnostics = Diagnostics()
    result = MarkdownRenderer().render(text, MarkdownContext("p.md", 1, diagnostics, **options))
    return result.html, diagnostics


def test_a_draft_under_an_exempt_item_is_held_back_whole_title_included(tmp_path):
    agenda = read(MEETING).replace(
        "  - number: 5\n    title: Risk register\n    to_follow: true\n",
        "  - number: 5\n    title: Land sale\n    exempt_paragraph: 3\n    papers: [land]\n",
    )
    root = make_site(tmp_path, {MEETING: agenda, f"{FOLDER}/land.md": "---\nkind: report\ntitle: Offer from SECRET-BUYER\nstatus: draft\n---\n"})
    assert build(root, tmp_path / "out", gate=None).ok
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file() and b"SECRET-BUYER" in p.read_bytes()]


def test_a_background_paper_link_must_be_a_web_or_mail_address(tmp_path):
    changed = read(PAPER).replace("url: https://example.gov.uk/audit-plan", 'url: "javascript:alert(1)"')
    assert ("schema", f"{PAPER}:14:10") in [(d.rule, str(d.position)) for d in check(make_site(tmp_path, {PAPER: changed})).errors]


def test_an_image_that_links_out_of_its_folder_is_refused(tmp_path):
    front = read(PAPER).split("---\n")[1]
    root = make_site(tmp_path, {PAPER: f"---\n{front}---\n## A\n\n![Plan of the site](plan.png)\n"})
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG secret")
    os.symlink(secret, root / FOLDER / "plan.png")
    assert "image-path" in {d.rule for d in check(root).errors}


def test_a_broken_link_in_content_is_a_diagnostic_not_a_traceback(tmp_path):
    root = make_site(tmp_path)
    os.symlink(root / "content/people/nobody.yaml", root / "content/people/ghost.yaml")
    assert ("unreadable", "content/people/ghost.yaml:1:1") in [(d.rule, str(d.position)) for d in check(root).errors]


def test_a_broken_template_fails_the_build_cleanly(tmp_path, capsys):
    root = make_site(tmp_path, {"templates/person.html": '{% extends "base.html" %}{% block main %}{{ nope }}{% endblock %}'})
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 1
    err = capsys.readouterr().err
    assert "error[template]" in err and "templates/person.html" in err and "Traceback" not in err


def test_an_alias_that_contains_itself_is_reported(tmp_path):
    diagnostics = check(make_site(tmp_path, {"content/people/ann-chair.yaml": "name: &a [*a]\nkind: councillor\n"}))
    assert "yaml-alias" in {d.rule for d in diagnostics.errors}


def test_an_appendix_heading_inside_a_quotation_does_not_split_the_page():
    diagnostics = Diagnostics()
    result = MarkdownRenderer().render("## A\n\n> ## Appendix 1\n> quoted\n\nText.\n", MarkdownContext("p.md", 1, diagnostics, numbering="all"))
    assert result.appendices == ""
    assert result.main.count("<blockquote>") == result.main.count("</blockquote>") == 1


def test_text_on_the_meeting_page_cannot_take_the_agendas_ids(tmp_path):
    agenda = read(MEETING).replace("---\n", "---\n", 1) + "## Agenda\n\nIntroduction.\n"
    root = make_site(tmp_path, {MEETING: agenda})
    assert build(root, tmp_path / "out", gate=None).ok
    html = (tmp_path / "out/meetings/2030-01-15-audit/index.html").read_text()
    assert html.count('id="agenda"') == 1


def test_footnotes_under_a_heading_take_the_next_level():
    html, _ = render("Text[^1].\n\n[^1]: Note.\n", heading_base=4)
    assert '<h4 id="footnotes-doc">Footnotes</h4>' in html


def test_table_cells_are_checked_like_any_text():
    _, diagnostics = render("Table: T\n\n| a | b |\n|---|---|\n| ![](x.png) | [click here](https://example.org) |\n")
    assert {"image-alt", "link-text"} <= {d.rule for d in diagnostics.errors}


def test_a_caption_written_table_dot_drops_its_lead_in():
    html, _ = render("Table. Budget\n\n| a | b |\n|---|---|\n| x | 1 |\n")
    assert ">Budget</caption>" in html


def test_an_embargoed_paper_counts_as_published_when_its_embargo_ends(tmp_path):
    changes = {
        MEETING: read(MEETING).replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-02\n"),
        PAPER: read(PAPER).replace("title: Internal audit report\n", "title: Internal audit report\npublish_from: 2030-01-13\n"),
    }
    diagnostics = Diagnostics()
    load_site(make_site(tmp_path, changes), diagnostics, dt.date(2030, 1, 13))
    assert "late-paper" in {d.rule for d in diagnostics.errors}


def test_browsers_side_by_side_must_be_at_least_one(tmp_path):
    with pytest.raises(SystemExit):
        main(["build", "--root", str(make_site(tmp_path)), "--processes", "0"])


def test_a_checker_failure_cannot_be_switched_off(tmp_path):
    site = read("site.yaml") + "checks:\n  rules:\n    pa11y:failed:\n      severity: off\n      reason: flaky\n"
    result = build(make_site(tmp_path, {"site.yaml": site}), tmp_path / "out", gate=None)
    assert [d.rule for d in result.diagnostics.errors] == ["policy-rule"]


def test_leftovers_of_a_hyphenated_output_folder_are_cleared(tmp_path):
    output = tmp_path / "public-site"
    (tmp_path / ".public-site-staging-abc").mkdir()
    with build_lock(output):
        pass
    assert not (tmp_path / ".public-site-staging-abc").exists()
