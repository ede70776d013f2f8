"""The code has no undefined names, unused imports or syntax errors (pyflakes rules, via ruff)."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.sitekit import REPO


def test_ruff_finds_no_errors_of_the_pyflakes_kind():
    ruff = shutil.which("ruff") or str(REPO / ".venv/bin/ruff")
    completed = subprocess.run(
        [ruff, "check", "--select", "F,E9", "--output-format", "concise", "generator", "tests", "bench"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_package_runs_as_a_module():
    completed = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=False)
    assert completed.stdout.startswith("clerk ")
