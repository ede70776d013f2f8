from __future__ import annotations

import os
import pickle
from dataclasses import replace
from pathlib import Path

import pytest
from filelock import FileLock

from generator.build import BuildResult
from tests.example_site import build_example


#: Tests run as of a fixed date, so the fixtures' 2029-30 meetings stay in the future for ever.
TEST_DATE_EPOCH = "1874102400"  # 2029-05-22


@pytest.fixture(autouse=True)
def fixed_build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", TEST_DATE_EPOCH)


@pytest.fixture(scope="session")
def shared_folder(tmp_path_factory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees (each worker has a base folder of its own)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def example_cache(shared_folder) -> Path:
    """A fresh cache per test run, so the full gate really runs over the example site."""
    return shared_folder / "example-cache"


@pytest.fixture(scope="session")
def example_result(shared_folder, example_cache) -> BuildResult:
    """The example site built once per test run, by whichever worker asks first; the others wait for it
    and read what it found (without the live site and writer, which only `clerk serve` needs)."""
    saved = shared_folder / "example-result.pickle"
    with FileLock(str(shared_folder / "example.lock")):
        if not saved.exists():
            result = build_example(shared_folder / "example" / "build", example_cache)
            assert result.ok, result.diagnostics.report()
            saved.write_bytes(pickle.dumps(replace(result, site=None, writer=None)))
        return pickle.loads(saved.read_bytes())


@pytest.fixture(scope="session")
def example_build(example_result) -> Path:
    assert example_result.output is not None
    return example_result.output
