from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildResult
from tests.example_site import build_example


#: Tests run as of a fixed date, so the fixtures' 2029-30 meetings stay in the future for ever.
TEST_DATE_EPOCH = "1874102400"  # 2029-05-22


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_DATE_EPOCH)


@pytest.fixture(scope="session")
def example_cache(tmp_path_factory) -> Path:
    """A fresh cache per test session, so the full gate really runs over the example site."""
    return tmp_path_factory.mktemp("example-cache")


@pytest.fixture(scope="session")
def example_result(tmp_path_factory, example_cache) -> BuildResult:
    output = tmp_path_factory.mktemp("example") / "build"
    result = build_example(output, example_cache)
    assert result.ok, result.diagnostics.report()
    return result


@pytest.fixture(scope="session")
def example_build(example_result) -> Path:
    assert example_result.output is not None
    return example_result.output
