"""Every hostile or careless input in tests/red_team.py is refused with its place, or built safely:
no hang, no traceback, no error without a place, no withheld text in build/ or .clerk-cache/."""

from __future__ import annotations

import pytest

from tests.red_team import CANARY, PROBES, Probe, ProbeResult, _paper, _with_paper, run_all, run_probe


@pytest.fixture(scope="module")
def results() -> dict[str, ProbeResult]:
    return {result.probe.name: result for result in run_all()}


@pytest.mark.parametrize("name", [probe.name for probe in PROBES])
def test_a_probe_is_refused_with_its_place_or_built_safely(results: dict[str, ProbeResult], name: str) -> None:
    result = results[name]
    assert result.problems() == [], result.output[-3000:]


def test_probe_names_are_unique() -> None:
    names = [probe.name for probe in PROBES]
    assert len(names) == len(set(names))


def test_the_canary_search_reads_inside_the_compressed_search_index(tmp_path) -> None:
    """A control: text that is published reaches Pagefind's gzip'd index, and the probes' search finds it
    there, so that a withheld canary's absence from the index is proved, not merely unseen."""
    published = Probe("published-canary-control", _with_paper("visible", _paper(f"{CANARY} text.\n")), expect="ok", secret=CANARY)
    result = run_probe(published, tmp_path)
    assert result.returncode == 0, result.output[-3000:]
    assert [path for path in result.leaked if path.startswith("build/pagefind/fragment/")], result.leaked
