"""A build shared out across processes makes exactly what one process makes."""

from __future__ import annotations

import filecmp
import gc
import os
import signal

import pytest

import generator.content.prerender as prerender
import generator.parallel as parallel
import generator.render.writer as writer
from generator.build import build
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO, make_site


def _files(folder) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Every stage forks even for the example site, and each fork is counted."""
    monkeypatch.setattr(parallel, "MINIMUM_ITEMS", 2)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(prerender, "FEWEST_MEETINGS", 2)
    monkeypatch.setattr(prerender, "MEETINGS_AT_A_TIME", 1)
    counted: list[int] = []
    real = parallel.forked

    def counting(job, items, processes, **options):
        counted.append(items)
        return real(job, items, processes, **options)

    monkeypatch.setattr(prerender, "forked", counting)
    monkeypatch.setattr(writer, "forked", counting)
    return counted


def test_a_build_across_two_processes_equals_a_build_in_one(tmp_path, monkeypatch, forks):
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    one = build(REPO, tmp_path / "one", today=EXAMPLE_TODAY, gate=None, pdfs=False, formats=False, cache_folder=tmp_path / "cache-one")
    assert one.ok and forks == []
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    two = build(REPO, tmp_path / "two", today=EXAMPLE_TODAY, gate=None, pdfs=False, formats=False, cache_folder=tmp_path / "cache-two")
    assert two.ok
    assert len(forks) >= 2, "the Markdown and the pages were each shared out"
    assert sorted(two.diagnostics.items, key=str) == sorted(one.diagnostics.items, key=str)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", _files(tmp_path / "one"), shallow=False)
    assert mismatch == [] and errors == []


def test_a_worker_carries_on_while_its_build_lives_whatever_its_pid():
    """A worker ends itself only if its build is gone, told by the build's own pid (in a container
    the build may be process 1, so 'my parent is 1' does not mean it is gone)."""
    import subprocess
    import sys

    code = "import os, sys; from generator.parallel import die_with_parent; die_with_parent(int(sys.argv[1])); print('alive')"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    alive = subprocess.run([sys.executable, "-c", code, str(os.getpid())], capture_output=True, text=True, env=env)
    assert alive.stdout.strip() == "alive"
    orphan = subprocess.run([sys.executable, "-c", code, "1"], capture_output=True, text=True, env=env)
    assert orphan.returncode == 1 and orphan.stdout == ""


def test_the_collector_walks_none_of_the_linked_site_while_pages_are_written_and_all_of_it_after_the_build(tmp_path, monkeypatch):
    """A full collection walks every object the build holds, and a forked writer that walks them copies
    their memory: while pages are written the site is frozen out of the collector (heap.py), and the build
    unfreezes it at its end, so that under serve what one build dropped is collected."""
    frozen_while_writing: list[int] = []
    real_write = writer.SiteWriter.write

    def write(self, pages, *arguments, **options):
        frozen_while_writing.append(gc.get_freeze_count())
        return real_write(self, pages, *arguments, **options)

    monkeypatch.setattr(writer.SiteWriter, "write", write)
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", gate=None, pdfs=False, formats=False, cache_folder=tmp_path / "cache")
    assert result.ok
    assert frozen_while_writing and min(frozen_while_writing) > 10_000, frozen_while_writing
    assert gc.get_freeze_count() == 0


def _termination_handling(_: range) -> bool:
    return signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_forked_worker_ends_on_sigterm_rather_than_raising_the_clis_keyboardinterrupt():
    """Pool.terminate stops workers with SIGTERM; a worker that kept the CLI's handler raised KeyboardInterrupt
    wherever it was, once holding the pool's queue lock, and the build waited on it for ever."""
    from generator.cli import _termination_unwinds
    from generator.parallel import forked

    with _termination_unwinds():
        assert signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
        with forked(_termination_handling, 2, 2, chunk=1) as results:
            assert list(results) == [True, True]
