"""The CI pipelines (GitHub Actions, GitLab CI): one source, valid YAML, real commands, and a build that passes.

The GitHub workflow's build job is run here step by step in a fresh clone of a `clerk init` site, except
what needs the network or GitHub itself: installing Debian packages, Clerk and its checkers (this
checkout's venv and node_modules stand in for them), and the `uses:` steps (checkout is the clone;
the cache and the artifacts are GitHub's services).
"""

from __future__ import annotations

import json
import re
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.checks.gate_options import UNCHECKED_MARKER
from generator.cli import command_line, main
from generator.init_site import CI_FILES, ci_template
from tests.sitekit import REPO

GITHUB = ".github/workflows/publish.yml"
GITLAB = ".gitlab-ci.yml"
#: The workflow's steps that install from the network, skipped here (their names must stay in the workflow).
INSTALL_STEPS = {"Install git and make", "Install Clerk, its Debian packages and its checkers"}


def pipeline(name: str) -> dict:
    return yaml.safe_load((REPO / name).read_text(encoding="utf-8"))


def test_the_projects_ci_files_are_the_ones_clerk_init_writes(tmp_path):
    assert set(CI_FILES) == {GITHUB, GITLAB}
    assert main(["init", str(tmp_path / "site"), "--council", "Example District Council"]) == 0
    for name in CI_FILES:
        assert (REPO / name).read_bytes() == ci_template(name).read_bytes(), f"{name} differs from Clerk's template"
        assert (tmp_path / "site" / name).read_bytes() == ci_template(name).read_bytes()


def test_the_pipelines_build_on_every_change_keep_the_report_publish_from_main_and_run_hourly():
    github = pipeline(GITHUB)
    triggers = github[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"] == [{"cron": "17 * * * *"}]
    steps = github["jobs"]["build"]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/checkout", "actions/cache", "actions/upload-artifact", "actions/upload-pages-artifact"]
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache"))
    assert cache["with"]["path"] == ".clerk-cache" and "github.ref_name" in cache["with"]["key"]
    artifact = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    assert "build/_reports/" in artifact["with"]["path"] and artifact["if"] == "always()"
    assert [step["uses"].split("@")[0] for step in github["jobs"]["deploy"]["steps"]] == ["actions/deploy-pages"]
    assert "refs/heads/main" in github["jobs"]["deploy"]["if"]

    gitlab = pipeline(GITLAB)
    assert gitlab[".clerk-build"]["cache"]["paths"] == [".clerk-cache/"]
    assert "build/_reports/" in gitlab["build"]["artifacts"]["paths"] and gitlab["build"]["artifacts"]["when"] == "always"
    assert "public/" in gitlab["pages"]["artifacts"]["paths"] and "mv build public" in gitlab["pages"]["script"]
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


@pytest.mark.parametrize("name", [GITHUB, GITLAB])
def test_every_clerk_command_the_pipelines_run_exists(name):
    commands = [words for line in _shell_lines(pipeline(name)) for words in _clerk_commands(line)]
    assert ["clerk", "build"] in commands
    parser = command_line()
    for words in commands:
        try:
            parser.parse_args(words[1:])
        except SystemExit:
            pytest.fail(f"{name} runs `{shlex.join(words)}`, which clerk does not have")


def test_the_github_build_job_run_in_a_fresh_clone_of_a_new_site_passes_the_whole_gate(tmp_path):
    """The slow one: a `clerk init` site, committed, cloned, and built with every check as CI builds it."""
    origin = tmp_path / "origin"
    assert main(["init", str(origin), "--council", "Example District Council"]) == 0
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=origin, check=True)
    subprocess.run([*git, "add", "."], cwd=origin, check=True)
    subprocess.run([*git, "commit", "-qm", "A new site"], cwd=origin, check=True)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)

    workflow = pipeline(GITHUB)
    steps = workflow["jobs"]["build"]["steps"]
    assert INSTALL_STEPS <= {step.get("name") for step in steps}, "the skipped install steps are still in the workflow"
    literal = {key: str(value) for key, value in workflow["env"].items() if "${{" not in str(value)}
    # What the install step leaves: Clerk at CLERK_HOME, its venv's bin on the PATH.
    env = {**os.environ, **literal, "CLERK_HOME": str(REPO), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    ran = []
    for step in steps:
        if "run" not in step or step["name"] in INSTALL_STEPS:
            continue
        assert "if" not in step, "every build step runs on every change"
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], check=False, cwd=clone, env=env, capture_output=True, text=True
        )
        assert completed.returncode == 0, f"step '{step['name']}' failed:\n{completed.stdout}\n{completed.stderr}"
        ran.append(step["run"].strip())
    assert ran == ["clerk build", f"test ! -e build/{UNCHECKED_MARKER}"]
    report = json.loads((clone / "build/_reports/accessibility.json").read_text())
    assert report["complete"] is True and report["errors"] == 0
    assert report["pages_checked"] > 0 and report["findings"] == []
    assert (clone / "build/index.html").is_file() and list((clone / "build").rglob("*.pdf"))


def _shell_lines(node: object) -> list[str]:
    """Every shell line a pipeline runs: GitHub's `run:` and GitLab's script lists, nested lists flattened."""
    if isinstance(node, dict):
        lines = []
        for key, value in node.items():
            if key in ("run", "script", "before_script", "after_script"):
                lines += [line for text in _flatten(value) for line in text.splitlines()]
            else:
                lines += _shell_lines(value)
        return lines
    if isinstance(node, list):
        return [line for item in node for line in _shell_lines(item)]
    return []


def _flatten(value: object) -> list[str]:
    if isinstance(value, list):
        return [text for item in value for text in _flatten(item)]
    return [str(value)]


def _clerk_commands(line: str) -> list[list[str]]:
    words = shlex.split(line, comments=True)
    starts = [index for index, word in enumerate(words) if word == "clerk" or word.endswith("/clerk")]
    commands = []
    for start in starts:
        end = next((index for index in range(start, len(words)) if words[index] in ("&&", "||", ";", "|")), len(words))
        commands.append(["clerk", *words[start + 1 : end]])
    return commands


def test_publishing_md_names_every_debian_package_the_makefile_installs():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    packages = re.findall(r'missing="\$\$missing ([a-z0-9.+-]+)"', makefile)
    assert len(packages) >= 15, "the Makefile's system-packages target is read"
    guide = (REPO / "docs/publishing.md").read_text(encoding="utf-8")
    assert [package for package in packages if f"`{package}`" not in guide] == []
