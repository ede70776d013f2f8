"""The executor seam (generator/executors.py): a lost worker's unit is tried again, then reported at its
document; a unit that raises is a located error on every executor; Dask asked for and missing is named."""

from __future__ import annotations



import generator.executors
import generator.render.pdf
from generator.build import build
from generator.executors import ExecutorChoice, UnitFailed, Units
from tests import dying_worker
from tests.sitekit import make_site, site_yaml

PAPER = "content/meetings/2030-01-15-audit/internal-audit.md"
#: The paper's meeting: its agenda pack holds the paper, so its PDF's unit fails too.
PACK = "content/meetings/2030-01-15-audit/meeting.md"


def test_a_unit_that_kills_its_worker_every_time_is_reported_lost_and_every_other_unit_is_made():
    items = ["a", "b", "killer", "c", "d"]
    with Units(ExecutorChoice("local"), processes=2) as units:
        results = units.run(dying_worker.doubled_unless_killer, items, "Testing")
    assert results[:2] + results[3:] == ["aa", "bb", "cc", "dd"]
    failed = results[2]
    assert isinstance(failed, UnitFailed) and failed.lost
    assert "lost" in failed.reason and "3 times" in failed.reason


def test_a_unit_whose_worker_is_killed_once_is_made_when_it_is_tried_again(tmp_path):
    marker = str(tmp_path / "killed")
    # A second unit, so that the pool is used (one unit runs in the build's process), whose marker is already
    # there: it is never killed. Both markers in tmp_path: a relative one was written into the checkout.
    spared = tmp_path / "spared"
    spared.write_text("already killed once")
    with Units(ExecutorChoice("local"), processes=2) as units:
        assert units.run(dying_worker.killed_once, [marker, str(spared)], "Testing") == ["made", "made"]


def test_a_unit_that_raises_gives_the_same_failure_in_process_and_in_the_pool():
    failures = []
    for kind in ("in-process", "local"):
        with Units(ExecutorChoice(kind), processes=2) as units:
            failures.append(units.run(dying_worker.raising, ["the pack", "a paper"], "Testing"))
    assert failures[0] == failures[1]
    assert failures[0][0] == UnitFailed("ValueError: cannot make the pack", lost=False)


def _build_with_pdfs(tmp_path, monkeypatch, unit_maker):
    root = make_site(tmp_path)
    output = tmp_path / "out"
    output.mkdir()
    (output / "index.html").write_text("the previous build")
    monkeypatch.setattr(generator.render.pdf, "render_pdf", unit_maker)
    # Two processes, whatever the machine has: the pool, not the build's own process, is to lose its worker.
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 2)
    result = build(root, output, gate=None, cache_folder=tmp_path / "cache", formats=False)
    return result, output


def test_a_pdf_whose_worker_is_killed_each_time_fails_the_build_at_its_paper_and_publishes_nothing(tmp_path, monkeypatch):
    result, output = _build_with_pdfs(tmp_path, monkeypatch, dying_worker.pdf_killed_for_one_paper)
    assert not result.ok
    errors = [d for d in result.diagnostics.items if d.rule == "pdf-failed"]
    assert errors and {d.position.path for d in errors} == {PAPER, PACK}
    assert "lost" in errors[0].message and "memory" in errors[0].hint
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "the previous build"


def test_a_pdf_that_raises_is_a_located_error_not_a_traceback(tmp_path, monkeypatch):
    result, output = _build_with_pdfs(tmp_path, monkeypatch, dying_worker.pdf_raising_for_one_paper)
    assert not result.ok
    errors = [d for d in result.diagnostics.items if d.rule == "pdf-failed"]
    assert errors and {d.position.path for d in errors} == {PAPER, PACK}
    assert "RuntimeError: the drawing library gave up" in errors[0].message
    assert (output / "index.html").read_text() == "the previous build"


def test_asking_for_dask_when_it_is_not_installed_is_an_error_at_site_yaml_with_a_hint(tmp_path, monkeypatch):
    yaml = site_yaml() + "build:\n  executor: dask\n"
    root = make_site(tmp_path, {"site.yaml": yaml})
    real = generator.executors.importlib.util.find_spec
    monkeypatch.setattr(
        generator.executors.importlib.util, "find_spec", lambda name, *rest: None if name == "distributed" else real(name, *rest)
    )
    result = build(root, tmp_path / "out", gate=None, cache_folder=tmp_path / "cache", pdfs=False, formats=False)
    [error] = [d for d in result.diagnostics.items if d.rule == "executor-unavailable"]
    assert error.position.path.endswith("site.yaml")
    assert "not installed" in error.message and "clerk[dask]" in error.hint
    assert not (tmp_path / "out").exists()


def test_after_a_round_on_dask_the_build_has_no_other_thread_and_may_fork_again():
    """The pages are written by forked workers after the PDFs, and forking is done only without other threads
    (parallel.can_fork): Dask's offload thread must not outlive the build's cluster."""
    import threading

    import pytest

    pytest.importorskip("distributed")
    from generator.parallel import can_fork

    for _ in range(2):  # and Dask works again in the same process
        with Units(ExecutorChoice("dask"), processes=1) as units:
            assert units.run(abs, [-3], "A unit") == [3]
        assert [thread.name for thread in threading.enumerate()] == ["MainThread"]
    assert can_fork(10, 2, minimum=1)
