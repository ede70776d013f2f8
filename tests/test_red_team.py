"""Every hostile or careless input in tests/red_team.py is refused with its place, or built safely:
no hang, no traceback, no error without a place, no withheld text in build/ or .clerk-cache/."""

from __future__ import annotations

import pytest

from tests.red_team import PROBES, ProbeResult, run_all


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
