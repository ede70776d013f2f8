"""`clerk serve`: serves on loopback, rebuilds on a save, reloads pages, shows errors as a banner and recovers."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.serve import serve_folder
from tests.sitekit import REPO, make_site

PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"
PAGE = "meetings/2030-01-15-audit/internal-audit/"
WAIT = 90


class Served:
    def __init__(self, root: Path):
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=root,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.address = self._wait_for_line(r"at (http://127\.0\.0\.1:\d+/)").group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def _wait_for_line(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if match := re.search(pattern, line):
                    return match
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.lines)}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.address + path, timeout=10) as response:
            return response.read().decode()

    def wait_until(self, path: str, condition) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            text = self.get(path)
            if condition(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{path} never met the condition; output:\n{''.join(self.lines)}")

    def count(self, word: str) -> int:
        return sum(line.startswith(word) for line in self.lines)

    def settled_count(self, word: str, settle: float = 1.0) -> int:
        """The count of lines starting with `word` once no new line has come for `settle` seconds.

        The rebuilt page reaches the disk a moment before serve prints its summary line, so a
        count taken as soon as the page changes can miss that line.
        """
        deadline = time.monotonic() + WAIT
        seen = len(self.lines)
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if len(self.lines) != seen:
                seen, quiet_since = len(self.lines), time.monotonic()
            elif time.monotonic() - quiet_since >= settle:
                break
        return self.count(word)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def served(tmp_path):
    root = make_site(tmp_path)
    server = Served(root)
    yield root, server
    server.close()


def test_it_serves_on_loopback_and_an_edit_is_served_after_one_rebuild(served):
    root, server = served
    assert server.address.startswith("http://127.0.0.1:")
    page = server.get(PAGE)
    assert "No significant weaknesses" in page
    assert "EventSource" in page, "the live-reload script is added while serving"
    assert "EventSource" not in (serve_folder(root) / PAGE / "index.html").read_text(), "but never written to the site"
    assert not (root / "build").exists(), "serve never writes build/, which gets deployed"
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("No significant weaknesses", "Two minor weaknesses"))
    server.wait_until(PAGE, lambda text: "Two minor weaknesses" in text)
    assert server.settled_count("Rebuilt") == 2, "the first build and one rebuild"
    assert server.count("Updated 2 pages") == 1, "an edit to the body alone is previewed before the rebuild"


def test_a_browser_is_told_to_reload_after_a_rebuild(served):
    root, server = served
    events: list[str] = []

    def listen() -> None:
        with urllib.request.urlopen(server.address + "_clerk/events", timeout=WAIT) as stream:
            for raw in stream:
                events.append(raw.decode())
                if raw.startswith(b"event: reload"):
                    return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    time.sleep(0.5)
    paper = root / PAPER
    paper.write_text(paper.read_text().replace("No significant", "No material"))
    listener.join(timeout=WAIT)
    assert "event: reload\n" in events


def test_an_editors_save_pattern_causes_one_rebuild(served):
    root, server = served
    paper = root / PAPER
    text = paper.read_text()
    # Vim-like: a probe file, a backup, a swap file, then write a temporary file and rename it over the original.
    (paper.parent / "4913").write_text("")
    (paper.parent / "4913").unlink()
    (paper.parent / ".internal-audit.md.swp").write_text("swap")
    temporary = paper.parent / "internal-audit.md.tmp"
    for step in range(3):
        temporary.write_text(text.replace("No significant", f"Step {step}"))
    os.replace(temporary, paper)
    (paper.parent / ".internal-audit.md.swp").unlink()
    server.wait_until(PAGE, lambda page: "Step 2" in page)
    assert server.settled_count("Rebuilt") == 2, "".join(server.lines)


def test_an_error_keeps_the_last_good_site_shows_a_banner_and_fixing_it_clears_it(served):
    root, server = served
    paper = root / PAPER
    good = paper.read_text()
    paper.write_text(good.replace("title: Internal audit report", "title: Internal audit report\nresponsible_oficers: []"))
    page = server.wait_until(PAGE, lambda text: 'role="alert"' in text)
    assert "No significant weaknesses" in page, "the last good page is still served"
    assert "The site was not rebuilt: 1 error in the content" in page
    assert "internal-audit.md:4:1" in page and "responsible_oficers" in page
    assert server.settled_count("Not rebuilt") == 1
    paper.write_text(good.replace("No significant", "No serious"))
    # The new page reaches the disk a moment before serve clears its errors and tells browsers to
    # reload, so a poll can see the new text with the old banner; a browser reloads after both.
    server.wait_until(PAGE, lambda text: "No serious" in text and 'role="alert"' not in text)
    assert server.settled_count("Rebuilt") == 2


def test_a_path_no_file_can_have_is_answered_404_without_a_traceback(served):
    _, server = served
    host, port = server.address.removeprefix("http://").rstrip("/").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/%00")
    response = connection.getresponse()
    response.read()
    assert response.status in (400, 404)
    assert "No significant weaknesses" in server.get(PAGE), "the server carries on"
    time.sleep(0.3)
    assert "Traceback" not in "".join(server.lines)
