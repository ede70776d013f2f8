"""The progress bar shows on a terminal for long stages, and never in CI, in pipes or for short stages."""

from __future__ import annotations

import io

from generator import progress as progress_module
from generator.progress import progress, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_a_terminal_outside_ci_gets_a_bar_and_only_for_a_long_stage(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", Terminal())
    assert wanted(500) and not wanted(3)
    monkeypatch.setenv("CI", "true")
    assert not wanted(500)
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert not wanted(500)


def test_a_quiet_progress_writes_nothing_and_still_counts_nothing_wrong(monkeypatch, capsys):
    monkeypatch.setattr(progress_module, "wanted", lambda total: False)
    with progress("Writing pages", 100) as advance:
        for _ in range(100):
            advance()
    assert capsys.readouterr() == ("", "")


def test_on_a_terminal_the_bar_is_drawn(monkeypatch):
    terminal = Terminal()
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", terminal)
    with progress("Writing pages", 40) as advance:
        for _ in range(40):
            advance()
    assert "Writing pages" in terminal.getvalue()
