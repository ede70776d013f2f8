"""`clerk build` as an officer meets it: messages, exit codes, and a site that is never half-published."""

from __future__ import annotations

import subprocess
import sys

from generator.cli import main
from tests.sitekit import make_site, read

PERSON = "content/people/ann-chair.yaml"


def test_a_good_build_publishes_and_exits_zero(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--today", "2030-01-01", "--no-browser-checks"]) == 0
    assert (root / "build/index.html").is_file()
    captured = capsys.readouterr()
    assert "Built 42 pages" in captured.out, (
        "21 pages and their large-print views: 12, the registers (decisions, the committee's decisions, declarations,"
        " key decisions, issues), the committee's forward plan, the open data page, search and its plain index"
    )
    assert "not run: browser checks (pa11y: axe, HTML CodeSniffer; reflow) were skipped: --no-browser-checks" in captured.err


def test_a_failed_build_reports_every_error_and_leaves_the_previous_site_untouched(tmp_path, capsys):
    root = make_site(tmp_path)
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 0
    before = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    (root / PERSON).write_text("name: A\nkind: alderman\n")
    (root / "content/committees/audit.yaml").write_text(read("content/committees/audit.yaml").replace("bob-member", "bob-membr"))
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 1
    err = capsys.readouterr().err
    assert "content/people/ann-chair.yaml:2:7: error[schema]" in err
    assert "content/committees/audit.yaml:5:13: error[unknown-person]: no person called 'bob-membr'" in err
    assert "  hint: did you mean 'bob-member'?" in err
    assert "the previous build/ is unchanged" in err
    after = {p: p.read_bytes() for p in (root / "build").rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in root.iterdir() if p.name.startswith(".build-")], "no staging folders are left behind"


def test_content_mistakes_never_print_a_traceback(tmp_path):
    root = make_site(tmp_path, {PERSON: b"\xff\xfe not yaml: [", "content/meetings/2030-01-15-audit/internal-audit.md": "---\nkind: memo\n---\n"})
    completed = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--no-browser-checks"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "error[encoding]" in completed.stderr and "error[schema]" in completed.stderr


def test_warnings_do_not_fail_the_build(tmp_path, capsys):
    root = make_site(tmp_path, {"content/meetings/2030-01-15-audit/notes.txt": "scratch"})
    assert main(["build", "--root", str(root), "--no-browser-checks"]) == 0
    assert "warning[unexpected-file]" in capsys.readouterr().err
