"""The repository holds sources only: a build's run-time files are never tracked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _git(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_the_build_lock_is_neither_tracked_nor_left_to_be_added() -> None:
    tracked = _git("ls-files", "--", ".build.lock").stdout.split()
    assert tracked == []
    assert _git("check-ignore", "-q", ".build.lock").returncode == 0
