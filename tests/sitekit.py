"""Helpers for tests: copy the minimal fixture site, change files in it, build it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

from PIL import Image

from generator.build import load_site
from generator.content.site import Site
from generator.diagnostics import Diagnostics
from generator.render.pages import plan_pages

TESTS = Path(__file__).resolve().parent
MINIMAL = TESTS / "fixtures" / "minimal"
REPO = TESTS.parent
SEED = TESTS / "data" / "norfolk-die-2017-10-12-agenda-pack.txt"
PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"


def make_site(tmp_path: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """A copy of the minimal site with `changes` applied: text or bytes replaces a file, None deletes it."""
    root = tmp_path / "site"
    shutil.copytree(MINIMAL, root)
    for relative, content in (changes or {}).items():
        target = root / relative
        if content is None:
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def check(root: Path) -> Diagnostics:
    """Everything a build checks before writing: load, link and plan."""
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics)
    if site is not None:
        plan_pages(site, diagnostics)
    return diagnostics


def loaded(root: Path) -> Site:
    """The site's content, loaded and linked; the test fails on any error."""
    diagnostics = Diagnostics()
    site = load_site(root, diagnostics)
    assert site is not None and not diagnostics.errors, [str(d) for d in diagnostics.errors]
    return site


def read(relative: str) -> str:
    return (MINIMAL / relative).read_text(encoding="utf-8")


#: Where the minimal site says it is published (site.yaml `base_url`): its feeds, calendars' links,
#: sitemap and open data give addresses under it.
BASE_URL = "https://example.org/committees/"
#: Where the example site says it is published.
EXAMPLE_BASE_URL = "https://norfolk.example.org/"


def site_yaml(base_url: str | None = BASE_URL) -> str:
    """The minimal site's site.yaml published at `base_url`; None leaves `base_url` out (no feeds, no sitemap)."""
    line = f"base_url: {BASE_URL}\n"
    text = read("site.yaml")
    assert line in text, "the minimal site.yaml gives its base_url on a line of its own"
    return text.replace(line, "" if base_url is None else f"base_url: {base_url}\n")


def paper_with_body(body: str) -> str:
    """The minimal site's paper with its front matter and `body` after it (its first line is line 16)."""
    front = read(PAPER).split("---\n")[1]
    return f"---\n{front}---\n{body}"


def png(width: int = 1, height: int = 1, colour: str = "navy", kind: str = "PNG") -> bytes:
    """A real image file's bytes (PNG unless `kind` says otherwise)."""
    data = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(data, kind)
    return data.getvalue()


def git(root: Path, *arguments: str, date: str | None = None) -> str:
    """Run git in `root` as a test author; `date` (ISO 8601) is the commit's author and committer date."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    done = subprocess.run(
        ["git", "-c", "user.name=Clerk tests", "-c", "user.email=tests@example.org", "-c", "commit.gpgsign=false", *arguments],
        cwd=root, check=True, capture_output=True, env=env,
    )
    return done.stdout.decode()


def commit(root: Path, message: str, date: str | None = None) -> None:
    """Commit the site's content and site.yaml as they are, dated `date` if given."""
    git(root, "add", "-A", "content", "site.yaml")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date=date)
