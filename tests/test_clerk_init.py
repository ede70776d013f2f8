"""`clerk init`: a new council's site, in a new folder only, dated from today, every setting explained.

That the new site builds and passes the whole gate is shown in tests/test_ci_pipelines.py, which
builds it as its CI pipeline does, in a fresh clone.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import typing
from pathlib import PurePosixPath

import pydantic
import yaml

from generator.checks.deadlines import AGENDA_WORKING_DAYS
from generator.cli import main
from generator.config import SiteConfig
from generator.statutory.working_days import clear_working_days, is_working_day
from generator.init_site import template_files
from tests.sitekit import REPO, loaded


def test_init_refuses_a_folder_that_is_not_empty_and_says_what_is_in_it(tmp_path, capsys):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["init", str(folder), "--council", "Example District Council"]) == 1
    error = capsys.readouterr().err
    assert f"clerk init: error: {folder} is not empty (it holds notes.txt)" in error
    assert [path.name for path in folder.iterdir()] == ["notes.txt"], "nothing is written beside it"


def test_init_without_a_council_and_without_a_terminal_says_what_it_needs(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["init", str(tmp_path / "site")]) == 2
    assert "--council is needed (there is no terminal to ask on)" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_init_asks_for_the_council_on_a_terminal(tmp_path, monkeypatch):
    terminal = io.StringIO("Example District Council\n")
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", terminal)
    assert main(["init", str(tmp_path / "site"), "--today", "2029-05-22"]) == 0
    assert loaded(tmp_path / "site").config.council == "Example District Council"


def test_the_first_meeting_moves_with_today_and_its_agenda_meets_the_five_clear_working_days(tmp_path):
    for today in (dt.date(2029, 5, 22), dt.date(2030, 12, 2)):
        root = tmp_path / today.isoformat()
        assert main(["init", str(root), "--council", "Example District Council", "--today", today.isoformat()]) == 0
        [meeting] = loaded(root).meetings.values()
        assert meeting.date > today and is_working_day(meeting.date)
        assert meeting.agenda_published == today
        assert clear_working_days(today, meeting.date) >= AGENDA_WORKING_DAYS
        assert (root / f"content/meetings/{meeting.date.isoformat()}-audit-and-governance/meeting.md").is_file()


def test_a_council_name_with_yaml_punctuation_is_kept_as_written(tmp_path):
    name = 'St Mary\'s: "Town" Council #1'
    assert main(["init", str(tmp_path / "site"), "--council", name, "--today", "2029-05-22"]) == 0
    assert loaded(tmp_path / "site").config.council == name


def test_site_yaml_names_every_setting_clerk_reads(tmp_path):
    """Set or commented out, each with what it is for: a setting added to config.py must be added here too."""
    assert main(["init", str(tmp_path / "site"), "--council", "Example District Council", "--today", "2029-05-22"]) == 0
    text = (tmp_path / "site/site.yaml").read_text()
    yaml.safe_load(text)
    missing = [name for name in _setting_names(SiteConfig) if f"{name}:" not in text]
    assert not missing, f"site.yaml of a new site does not mention {missing}"


def _setting_names(model: type[pydantic.BaseModel]) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        names.append(field.alias or name)
        for kind in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(kind, type) and issubclass(kind, pydantic.BaseModel):
                names += _setting_names(kind)
    return names


def test_an_installed_clerk_carries_every_file_of_the_site_template(tmp_path):
    """What setuptools puts in the package (pyproject.toml's package-data): its file list is made afresh, not
    read from the clerk.egg-info of the editable install."""
    subprocess.run(
        [sys.executable, "-c", "import setuptools; setuptools.setup()", "-q", "egg_info", "--egg-base", str(tmp_path), "build_py", "-d", str(tmp_path)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    packaged = tmp_path / "generator/site_template"
    assert sorted(PurePosixPath(path.relative_to(packaged).as_posix()) for path in packaged.rglob("*") if path.is_file()) == template_files()


def test_git_ignores_what_builds_make_in_a_new_site_and_a_node_modules_link(tmp_path):
    """A symlinked node_modules is a file to git, which "/node_modules/" does not ignore (it was once committed so)."""
    root = tmp_path / "site"
    assert main(["init", str(root), "--council", "Example District Council", "--today", "2029-05-22"]) == 0
    for made in ("build", ".clerk-cache", ".clerk-serve"):
        (root / made).mkdir()
        (root / made / "file").write_text("made")
    (root / "node_modules").symlink_to(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "-uall"], cwd=root, check=True, capture_output=True, text=True).stdout
    listed = {line[3:].split("/")[0] for line in status.splitlines()}
    assert listed == {".github", ".gitignore", ".gitlab-ci.yml", "README.md", "content", "site.yaml"}


def test_a_new_sites_git_ignores_what_its_builds_and_previews_write(tmp_path):
    """A preview holds drafts: committed by mistake, they would be public in the repository."""
    from generator.preview_build import PREVIEW_CACHE_FOLDER, PREVIEW_FOLDER

    folder = tmp_path / "site"
    assert main(["init", str(folder), "--council", "Example District Council"]) == 0
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    written = ["build/index.html", ".clerk-cache/pdf/x", f"{PREVIEW_FOLDER}/index.html", f"{PREVIEW_CACHE_FOLDER}/pdf/x",
               f".{PREVIEW_FOLDER}.lock", ".clerk-serve/index.html"]
    ignored = subprocess.run(["git", "-C", str(folder), "check-ignore", "--no-index", *written],
                             capture_output=True, text=True).stdout.split()
    assert sorted(ignored) == sorted(written)
