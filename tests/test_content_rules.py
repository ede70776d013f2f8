"""Each content rule, proved by a deliberately broken copy of the minimal site.

Every case names the rule it must fire and the exact place it must point at,
so a check that stopped firing, or pointed at the wrong line, fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator.build import build
from generator.cli import main
from generator.diagnostics import Diagnostics
from tests.sitekit import PAPER, check, loaded, make_site, paper_with_body, png, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
FOLDER = "content/meetings/2030-01-15-audit"
PERSON = "content/people/ann-chair.yaml"
COMMITTEE = "content/committees/audit.yaml"
MINUTES = "content/meetings/2029-12-10-audit/minutes.md"

#: "Billion laughs": five lines whose aliases expand to 100,000 values.
LAUGHS = "name: A\nkind: councillor\nx:\n  a: &a [l, l, l, l, l, l, l, l, l, l]\n" + "".join(
    f"  {name}: &{name} [{', '.join(['*' + inner] * 10)}]\n" for inner, name in zip("abcd", "bcde")
)


CASES = [
    ("yaml-syntax", {PERSON: "name: [Cllr Ann\nkind: councillor\n"}, f"{PERSON}:2:5"),
    ("yaml-syntax", {MEETING: read(MEETING).replace("venue: Council", 'venue: "Council')}, f"{MEETING}:5:8"),
    ("yaml-syntax", {MEETING: read(MEETING).replace("venue: Council", "venue: 'Council").replace('"10:00"', "'10:00'")}, f"{MEETING}:5:8"),
    ("duplicate-key", {PERSON: "name: A\nname: B\nkind: councillor\n"}, f"{PERSON}:2:1"),
    ("unknown-key", {PERSON: "name: A\nkind: councillor\nemial: a@example.gov.uk\n"}, f"{PERSON}:3:1"),
    ("missing-key", {PERSON: "kind: councillor\n"}, f"{PERSON}:1:1"),
    ("schema", {PERSON: "name: A\nkind: alderman\n"}, f"{PERSON}:2:7"),
    ("schema", {MEETING: read(MEETING).replace('time: "10:00"', "time: 10")}, f"{MEETING}:4:7"),
    ("schema", {MEETING: read(MEETING).replace("date: 2030-01-15", "date: 15/01/2030")}, f"{MEETING}:3:7"),
    ("front-matter-missing", {PAPER: "## Introduction\n\nText.\n"}, f"{PAPER}:1:1"),
    ("front-matter-unclosed", {PAPER: "---\nkind: report\ntitle: X\n"}, f"{PAPER}:1:1"),
    ("encoding", {PERSON: b"name: Ann \xff\nkind: councillor\n"}, f"{PERSON}:1:11"),
    ("missing-key", {PAPER: "---\ntitle: No kind\n---\n"}, f"{PAPER}:2:1"),
    ("unknown-person", {COMMITTEE: read(COMMITTEE).replace("person: ann-chair", "person: ann-chiar")}, f"{COMMITTEE}:3:13"),
    ("unknown-person", {MINUTES: read(MINUTES).replace("apologies: [bob-member]", "apologies: [bob-membr]")}, f"{MINUTES}:5:13"),
    ("unknown-committee", {MEETING: read(MEETING).replace("committee: audit", "committee: audits")}, f"{MEETING}:2:12"),
    ("unknown-paper", {MEETING: read(MEETING).replace("papers: [internal-audit]", "papers: [internal-audti]")}, f"{MEETING}:16:14"),
    ("unknown-meeting", {MEETING: read(MEETING).replace("minutes_of: 2029-12-10-audit", "minutes_of: 2029-12-11-audit")}, f"{MEETING}:12:17"),
    ("minutes-missing", {MINUTES: None}, f"{MEETING}:12:17"),
    ("duplicate-slug", {"content/people/ann-chair.yml": "name: Ann again\nkind: councillor\n"}, "content/people/ann-chair.yml:1:1"),
    ("duplicate-item", {MEETING: read(MEETING).replace("number: 5", "number: 4")}, f"{MEETING}:20:13"),
    ("paper-listed-twice", {MEETING: read(MEETING).replace("papers: [forward-plan]", "papers: [internal-audit]")}, f"{MEETING}:19:14"),
    ("meeting-folder", {MEETING: read(MEETING).replace("date: 2030-01-15", "date: 2030-01-16")}, f"{MEETING}:3:7"),
    ("file-name", {"content/people/Ann Chair.yaml": "name: Ann\nkind: councillor\n"}, "content/people/Ann Chair.yaml:1:1"),
    ("reserved-name", {"content/meetings/2030-01-15-audit/agenda-pack.md": "---\nkind: report\ntitle: X\n---\n"}, "content/meetings/2030-01-15-audit/agenda-pack.md:1:1"),
    ("to-follow-with-paper", {MEETING: read(MEETING).replace("papers: [forward-plan]", "papers: [forward-plan]\n    to_follow: true")}, f"{MEETING}:20:16"),
    ("duplicate-member", {COMMITTEE: read(COMMITTEE).replace("  - person: bob-member", "  - person: ann-chair")}, f"{COMMITTEE}:5:13"),
    (
        "correction-before-publication",
        {
            MEETING: read(MEETING).replace("contact: olive-officer\n", "contact: olive-officer\nagenda_published: 2030-01-02\n"),
            PAPER: read(PAPER).replace("kind: report\n", "kind: report\ncorrections:\n  - date: 2030-01-01\n    note: a total\n"),
        },
        f"{PAPER}:4:11",
    ),
    ("role-twice", {COMMITTEE: read(COMMITTEE).replace("  - person: bob-member", "  - person: bob-member\n    role: chair")}, f"{COMMITTEE}:3:3"),
    ("membership-overlap", {COMMITTEE: read(COMMITTEE).replace("  - person: bob-member", "  - person: bob-member\n    until: 2030-01-31\n  - person: bob-member\n    from: 2030-01-31")}, f"{COMMITTEE}:7:13"),
    ("membership-dates", {COMMITTEE: read(COMMITTEE).replace("  - person: bob-member", "  - person: bob-member\n    from: 2030-02-01\n    until: 2030-01-31")}, f"{COMMITTEE}:7:12"),
    ("raw-html", {PAPER: paper_with_body("## Intro\n\nSome <script>alert(1)</script> text.\n")}, f"{PAPER}:18:6"),
    ("raw-html", {PAPER: paper_with_body("## Intro\n\nFirst line,\nthen <i>this</i>.\n")}, f"{PAPER}:19:6"),
    ("raw-html", {PAPER: paper_with_body("## Intro\n\n- one\n- two <i>x</i>\n")}, f"{PAPER}:19:7"),
    ("image-alt", {PAPER: paper_with_body("## Intro\n\nText and ![](chart.png) here.\n")}, f"{PAPER}:18:10"),
    ("link-text", {PAPER: paper_with_body("## Intro\n\nSee [here](https://example.org).\n")}, f"{PAPER}:18:5"),
    ("raw-html", {PAPER: paper_with_body("## Intro\n\n<div>\nblock\n</div>\n")}, f"{PAPER}:18:1"),
    ("image-alt", {PAPER: paper_with_body("## Intro\n\nText.\n\n![](chart.png)\n")}, f"{PAPER}:20:1"),
    ("table-caption", {PAPER: paper_with_body("## Intro\n\n| A | B |\n|---|---|\n| x | 1 |\n")}, f"{PAPER}:18:1"),
    ("heading-level", {PAPER: paper_with_body("# Intro\n\nText.\n")}, f"{PAPER}:16:1"),
    ("heading-empty", {PAPER: paper_with_body("## Intro\n\n###\n")}, f"{PAPER}:18:1"),
    ("attribute", {PAPER: paper_with_body('## Intro\n\n{onclick="x"}\nText.\n')}, f"{PAPER}:18:1"),
    ("appendix-title", {PAPER: paper_with_body("## Intro\n\nText.\n\n::: appendix\nThe brochure.\n:::\n")}, f"{PAPER}:20:1"),
    ("image-missing", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](days.png)\n")}, f"{PAPER}:18:1"),
    ("image-path", {PAPER: paper_with_body("## Intro\n\n![Secret](../../people/x.png)\n")}, f"{PAPER}:18:1"),
    ("image-type", {PAPER: paper_with_body("## Intro\n\n![Notes](notes.txt)\n")}, f"{PAPER}:18:1"),
    ("image-remote", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](https://example.org/days.png)\n")}, f"{PAPER}:18:1"),
    ("image-remote", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](//example.org/days.png)\n")}, f"{PAPER}:18:1"),
    ("image-content", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](days.png)\n"), f"{FOLDER}/days.png": b"root:x:0:0:root:/root:/bin/bash\n"}, f"{PAPER}:18:1"),
    ("image-content", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](days.svg)\n"), f"{FOLDER}/days.svg": "<svg>\n<rect>\n</svg>\n"}, f"{FOLDER}/days.svg:3:7"),
    ("svg-unsafe", {PAPER: paper_with_body("## Intro\n\n![Audit days by team](days.svg)\n"), f"{FOLDER}/days.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>\n</svg>\n'}, f"{FOLDER}/days.svg:2:1"),
    ("meeting-missing", {MEETING: None, "content/meetings/2030-01-15-audit/forward-plan.md": None}, "content/meetings/2030-01-15-audit:1:1"),
    ("meeting-date-mismatch", {PAPER: read(PAPER).replace("title: Internal audit report", "title: Internal audit report\nmeeting_date: 2030-01-16")}, f"{PAPER}:4:15"),
    ("item-number-mismatch", {PAPER: read(PAPER).replace("title: Internal audit report", "title: Internal audit report\nitem: 4")}, f"{PAPER}:4:7"),
    ("present-and-apologies", {MINUTES: read(MINUTES).replace("apologies: [bob-member]", "apologies: [ann-chair]")}, f"{MINUTES}:5:13"),
    ("chair-not-member", {MINUTES: read(MINUTES).replace("person: ann-chair", "person: olive-officer")}, f"{MINUTES}:4:11"),
    ("raw-html", {MEETING: read(MEETING).replace("title: Apologies", "title: Apologies\n    details: |\n      Please <b>note</b>.")}, f"{MEETING}:11:14"),
    ("raw-html", {MEETING: read(MEETING).replace("title: Apologies", 'title: Apologies\n    details: "Please <b>note</b>."')}, f"{MEETING}:10:22"),
    ("slide-title", {PAPER: paper_with_body("## Appendix 1: Slides\n\n::: slides\nText before any title.\n\n### One\n:::\n")}, f"{PAPER}:19:1"),
    ("slide-title", {PAPER: paper_with_body("## Appendix 1: Slides\n\n::: slides\n### One\n\n---\n\nA slide with no title.\n:::\n")}, f"{PAPER}:23:1"),
    ("slides-empty", {PAPER: paper_with_body("## Appendix 1: Slides\n\n::: slides\n:::\n")}, f"{PAPER}:18:1"),
    ("slide-heading-level", {PAPER: paper_with_body("## Appendix 1: Slides\n\n::: slides\n### One\n\n## Two\n:::\n")}, f"{PAPER}:21:1"),
    ("image-alt", {PAPER: paper_with_body("## Appendix 1: Slides\n\n::: slides\n### One\n\n![](chart.png)\n:::\n")}, f"{PAPER}:21:1"),
    ("config-missing", {"site.yaml": None}, "site.yaml:1:1"),
    # Feeds need absolute addresses: a base_url without its scheme is refused where it is written.
    ("schema", {"site.yaml": read("site.yaml").replace("base_url: https://example.org/committees/", "base_url: example.org/committees/")}, "site.yaml:10:11"),
    ("content-missing", {"content": None}, "content:1:1"),
    ("yaml-key", {PERSON: "name: A\nkind: councillor\n[a, b]: x\n"}, f"{PERSON}:3:1"),
    ("yaml-value", {MEETING: read(MEETING).replace("date: 2030-01-15", "date: !!int soon")}, f"{MEETING}:3:7"),
    ("yaml-too-large", {PERSON: LAUGHS}, f"{PERSON}:4:25"),
    ("link-target", {PAPER: paper_with_body("## Intro\n\nSee the\n[risk register](risk-register.md).\n")}, f"{PAPER}:19:17"),
    ("link-target", {MEETING: read(MEETING).replace("title: Apologies", "title: Apologies\n    details: See [the plan](../forward-plan/).")}, f"{MEETING}:10:29"),
    ("key-decision-not-taken", {
        COMMITTEE: read(COMMITTEE) + "takes_key_decisions: false\n",
        f"{FOLDER}/forward-plan.md": read(f"{FOLDER}/forward-plan.md").replace("lead_officer: olive-officer\n", "lead_officer: olive-officer\n    key_decision: true\n"),
    }, f"{FOLDER}/forward-plan.md:10:19"),
]


@pytest.mark.parametrize(("rule", "changes", "where"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_fires_at_the_place_of_the_mistake_with_a_hint_how_to_fix_it(tmp_path, rule, changes, where):
    diagnostics = check(make_site(tmp_path, changes))
    found = [(d.rule, str(d.position)) for d in diagnostics.errors]
    assert (rule, where) in found, diagnostics.report()
    assert all(d.hint.strip() for d in diagnostics.items), diagnostics.report()


def test_the_minimal_site_has_no_errors(tmp_path):
    diagnostics = check(make_site(tmp_path))
    assert not diagnostics.items, diagnostics.report()


def test_an_unknown_key_suggests_the_key_meant(tmp_path):
    diagnostics = check(make_site(tmp_path, {PERSON: "name: A\nkind: councillor\nemial: a@example.gov.uk\n"}))
    (error,) = diagnostics.errors
    assert "did you mean 'email'?" in error.hint


def test_an_unknown_person_suggests_the_nearest_slug(tmp_path):
    diagnostics = check(make_site(tmp_path, {COMMITTEE: read(COMMITTEE).replace("ann-chair", "ann-chiar")}))
    assert any("did you mean 'ann-chair'?" in d.hint for d in diagnostics.errors)


def test_an_unquoted_time_is_read_as_the_officer_wrote_it(tmp_path):
    """YAML 1.1 reads an unquoted 10:00 as the number 600; Clerk reads the words."""
    site = loaded(make_site(tmp_path, {MEETING: read(MEETING).replace('time: "10:00"', "time: 10:00")}))
    assert site.meetings["2030-01-15-audit"].time == "10:00"


def test_all_mistakes_in_a_build_are_reported_together(tmp_path):
    diagnostics = check(
        make_site(
            tmp_path,
            {
                PERSON: "name: A\nkind: alderman\n",
                COMMITTEE: read(COMMITTEE).replace("bob-member", "bob-membr"),
                PAPER: paper_with_body("## Intro\n\n![](x.png)\n"),
            },
        )
    )
    rules = {d.rule for d in diagnostics.errors}
    assert {"schema", "unknown-person", "image-alt"} <= rules


def test_a_quote_left_open_is_reported_where_it_opens_with_a_hint_to_close_it(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: read(MEETING).replace("venue: Council", 'venue: "Council')}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("yaml-syntax", f"{MEETING}:5:8")
    assert error.message == 'YAML syntax error: the quote " opened here is never closed'
    assert error.hint == 'end the value with " on this line'


def test_a_date_that_does_not_exist_is_one_error_saying_so_with_the_form_to_use(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: read(MEETING).replace("date: 2030-01-15", "date: 2030-02-30")}))
    (error,) = diagnostics.errors
    assert (error.rule, str(error.position)) == ("schema", f"{MEETING}:3:7")
    assert "there is no such date as 2030-02-30" in error.message
    assert "YYYY-MM-DD" in error.hint and "a day that month has" in error.hint


def test_a_value_yaml_cannot_read_is_one_error(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: read(MEETING).replace("date: 2030-01-15", "date: !!int soon")}))
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("yaml-value", f"{MEETING}:3:7")]


def test_a_paper_left_off_the_agenda_is_held_back_with_the_reason_not_published(tmp_path, capsys):
    root = make_site(tmp_path, {MEETING: read(MEETING).replace("papers: [forward-plan]", "papers: []")})
    assert main(["build", "--root", str(root), "--no-browser-checks", "--no-pdfs"]) == 0
    assert not (root / "build/meetings/2030-01-15-audit/forward-plan").exists()
    assert "forward-plan" not in "".join(p.read_text() for p in (root / "build").rglob("*.html"))
    err = capsys.readouterr().err
    assert "Held back, not published (1):" in err
    assert "content/meetings/2030-01-15-audit/forward-plan.md: 'Forward Plan' (no agenda item lists it" in err


def test_a_paper_marked_published_outside_the_agenda_is_published_unlisted(tmp_path):
    plan = "content/meetings/2030-01-15-audit/forward-plan.md"
    root = make_site(tmp_path, {
        MEETING: read(MEETING).replace("papers: [forward-plan]", "papers: []"),
        plan: read(plan).replace("kind: forward-plan\n", "kind: forward-plan\npublished_outside_agenda: true\n"),
    })
    result = build(root, tmp_path / "out", gate=None, pdfs=False)
    assert result.ok and not result.held_back, result.diagnostics.report()
    assert (tmp_path / "out/meetings/2030-01-15-audit/forward-plan/index.html").is_file()


def test_a_stray_file_is_a_warning(tmp_path):
    diagnostics = check(make_site(tmp_path, {"content/meetings/2030-01-15-audit/notes.txt": "scratch"}))
    assert [d.rule for d in diagnostics.warnings] == ["unexpected-file"]


def test_a_link_out_of_content_is_refused(tmp_path):
    root = make_site(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: Secret\nkind: officer\n")
    os.symlink(outside, root / "content/people/secret.yaml")
    diagnostics = check(root)
    assert ("path-escape", "content/people/secret.yaml:1:1") in [(d.rule, str(d.position)) for d in diagnostics.errors]


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = "name: A\nkind: councillor\n# " + "x" * (3 * 1024 * 1024) + "\n"
    diagnostics = check(make_site(tmp_path, {PERSON: big}))
    assert [d.rule for d in diagnostics.errors] == ["file-too-large"]


def test_an_image_with_alt_text_is_published_beside_its_page(tmp_path):
    from generator.build import build

    image = png()
    root = make_site(
        tmp_path,
        {
            PAPER: paper_with_body("## Intro\n\n![Audit days by team, 2029](charts/days.png)\n"),
            "content/meetings/2030-01-15-audit/charts/days.png": image,
        },
    )
    result = build(root, tmp_path / "out", gate=None)
    assert result.ok, result.diagnostics.report()
    page = tmp_path / "out/meetings/2030-01-15-audit/internal-audit"
    assert (page / "charts/days.png").read_bytes() == image
    assert '<img src="charts/days.png" alt="Audit days by team, 2029"' in (page / "index.html").read_text()


def _build_in_a_subprocess(root) -> subprocess.CompletedProcess:
    """`clerk build`, killed after a minute: a build that hangs fails the test rather than hanging it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--no-browser-checks", "--no-pdfs"],
        capture_output=True, text=True, check=False, timeout=60,
    )


def test_a_named_pipe_in_content_is_an_error_at_its_name_and_the_build_finishes(tmp_path):
    root = make_site(tmp_path)
    os.mkfifo(root / "content/people/pipe.yaml")
    os.mkfifo(root / "content/meetings/2030-01-15-audit/pipe.md")
    completed = _build_in_a_subprocess(root)
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "content/people/pipe.yaml:1:1: error[not-a-file]: 'pipe.yaml' is a named pipe" in completed.stderr
    assert "content/meetings/2030-01-15-audit/pipe.md:1:1: error[not-a-file]" in completed.stderr


def test_a_named_pipe_in_place_of_meeting_md_is_an_error_at_its_name(tmp_path):
    root = make_site(tmp_path, {MEETING: None})
    os.mkfifo(root / MEETING)
    completed = _build_in_a_subprocess(root)
    assert f"{MEETING}:1:1: error[not-a-file]" in completed.stderr
    assert "meeting-missing" not in completed.stderr


def test_links_that_loop_are_errors_at_their_names_without_a_traceback(tmp_path):
    root = make_site(tmp_path)
    os.symlink("b.yaml", root / "content/people/a.yaml")
    os.symlink("a.yaml", root / "content/people/b.yaml")
    os.symlink("..", root / "content/meetings/2030-01-15-audit/up")
    os.symlink(".", root / "content/meetings/2030-02-01-audit")
    diagnostics = check(root)
    found = [(d.rule, str(d.position)) for d in diagnostics.errors]
    assert ("symlink-loop", "content/people/a.yaml:1:1") in found
    assert ("symlink-loop", "content/people/b.yaml:1:1") in found
    assert ("symlink-loop", "content/meetings/2030-01-15-audit/up:1:1") in found
    assert ("symlink-loop", "content/meetings/2030-02-01-audit:1:1") in found
    completed = _build_in_a_subprocess(root)
    assert "Traceback" not in completed.stderr and "error[symlink-loop]" in completed.stderr


def test_mistakes_in_a_meeting_and_in_its_papers_are_reported_in_one_build(tmp_path):
    diagnostics = check(
        make_site(
            tmp_path,
            {
                MEETING: read(MEETING).replace("venue: Council", "venu: Council"),
                PAPER: read(PAPER).replace("contacts: [olive-officer]", "contacts: [olive-officer]\nsumary: x"),
                MINUTES.replace("2029-12-10", "2030-01-15"): "no front matter\n",
            },
        )
    )
    found = [(d.rule, str(d.position)) for d in diagnostics.errors]
    assert ("unknown-key", f"{MEETING}:5:1") in found
    assert ("unknown-key", f"{PAPER}:12:1") in found
    assert ("front-matter-missing", "content/meetings/2030-01-15-audit/minutes.md:1:1") in found


def test_the_papers_of_a_folder_without_meeting_md_are_still_checked(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: None, PAPER: "no front matter\n"}))
    found = [(d.rule, str(d.position)) for d in diagnostics.errors]
    assert ("meeting-missing", "content/meetings/2030-01-15-audit:1:1") in found
    assert ("front-matter-missing", f"{PAPER}:1:1") in found


RAW_HTML_BODY = read(PAPER).replace("This report sets out the audits completed.", "This report sets out <b>the audits</b> completed.")
UNREADABLE_MEETING = read(MEETING).replace("venue: Council", 'venue: "Council')
UNLINKABLE_MEETING = read(MEETING).replace("committee: audit", "committee: audiit")


def _stranded_findings(tmp_path, meeting: str, paper: str) -> list[tuple[str, str]]:
    return [(d.rule, str(d.position)) for d in check(make_site(tmp_path, {MEETING: meeting, PAPER: paper})).errors]


def test_the_text_of_a_public_paper_whose_meeting_cannot_be_linked_is_still_checked(tmp_path):
    found = _stranded_findings(tmp_path, UNLINKABLE_MEETING, RAW_HTML_BODY)
    assert ("raw-html", f"{PAPER}:18:22") in found and ("unknown-committee", f"{MEETING}:2:12") in found, found


def test_a_paper_whose_meeting_cannot_be_read_is_checked_only_if_published_outside_the_agenda(tmp_path):
    """With no agenda to say an item lists it, a paper counts as unlisted, so withheld: its text is not shown."""
    assert [rule for rule, _ in _stranded_findings(tmp_path / "listed", UNREADABLE_MEETING, RAW_HTML_BODY)] == ["yaml-syntax"]
    outside = RAW_HTML_BODY.replace("kind: report\n", "kind: report\npublished_outside_agenda: true\n")
    found = _stranded_findings(tmp_path / "outside", UNREADABLE_MEETING, outside)
    assert ("raw-html", f"{PAPER}:19:22") in found, found


def test_the_text_of_a_withheld_paper_whose_meeting_cannot_be_linked_is_left_alone_as_a_build_would(tmp_path):
    exempt_item = UNLINKABLE_MEETING.replace("    papers: [internal-audit]\n", "    exempt_paragraph: 3\n    papers: [internal-audit]\n")
    found = _stranded_findings(tmp_path / "exempt-item", exempt_item, RAW_HTML_BODY)
    assert "unknown-committee" in {rule for rule, _ in found} and "raw-html" not in {rule for rule, _ in found}, found
    draft = RAW_HTML_BODY.replace("kind: report\n", "kind: report\nstatus: draft\n")
    found = _stranded_findings(tmp_path / "draft", UNLINKABLE_MEETING, draft)
    assert "unknown-committee" in {rule for rule, _ in found} and "raw-html" not in {rule for rule, _ in found}, found


def test_two_pages_planned_for_one_address_are_refused_at_the_second_source():
    from generator.render.pages import Page, _refuse_clashes

    diagnostics = Diagnostics()
    pages = [Page("people/ann/", "person.html", "Ann", "content/people/ann.yaml"), Page("people/ann/", "person.html", "Ann", PERSON)]
    _refuse_clashes(pages, diagnostics)
    assert [(d.rule, str(d.position)) for d in diagnostics.errors] == [("url-clash", f"{PERSON}:1:1")]
    assert "as would content/people/ann.yaml" in diagnostics.errors[0].message
