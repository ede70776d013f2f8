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


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_what_builds_leave_beside_hidden_folders_is_git_ignored(tmp_path: Path) -> None:
    """The cache's and clerk serve's locks and staging folders are named `.clerk-cache.lock`,
    `.clerk-serve-staging-…`, as .gitignore says, not `..clerk-cache.lock`."""
    from generator import publish

    with publish.cache_lock(tmp_path / ".clerk-cache"), publish.build_lock(tmp_path / ".clerk-serve"):
        staging = publish.staging_folder(tmp_path / ".clerk-serve")
        left = sorted(p.name + ("/" if p.is_dir() else "") for p in tmp_path.iterdir())
    assert {".clerk-cache.lock", ".clerk-serve.lock"} <= set(left)
    assert staging.name.startswith(".clerk-serve-staging-")  # a folder: .gitignore matches it as name/
    for name in left:
        assert _git("check-ignore", "-q", "--no-index", name).returncode == 0, name
