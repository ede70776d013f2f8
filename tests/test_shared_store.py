"""The shared cache on an object store (shared_store.py): builds on several machines reuse each other's PDFs and
check results through one store, a torn entry is never used, withheld material never reaches it, and a store
that cannot be reached costs a warning, not the build.

The store is a real S3 API on loopback (moto's ThreadedMotoServer) reached through s3fs, as a council's
bucket would be; `memory://` stands in where one process is enough.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import fsspec
import pytest

from generator.build import BuildResult, build
from generator.checks.gate_options import GateOptions
from tests.sitekit import REPO, make_site, read
from tests.test_publishing_safely import (
    CANARIES, FOLDER, MEETING, WITHHOLDING, every_text, leaks_of, site_with_public_paper, withheld_site,
)

pytest.importorskip("s3fs")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    _end_fsspecs_io_thread()


def _end_fsspecs_io_thread() -> None:
    """s3fs runs fsspec's event loop on a thread that lives as long as the process: left running, it keeps
    every later build in this test process from forking its workers (parallel.can_fork wants no other thread),
    and a test of forking that the same process runs next fails for it."""
    import fsspec.asyn

    loop, thread = fsspec.asyn.loop[0], fsspec.asyn.iothread[0]
    if loop is None or thread is None:
        return
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=30)
    loop.run_until_complete(loop.shutdown_default_executor())  # its resolver's thread
    loop.close()
    fsspec.asyn.reset_lock()


@pytest.fixture
def s3_url(s3_endpoint, monkeypatch) -> str:
    """A fresh bucket on the loopback S3 server, reached as a council's would be: the usual AWS environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    bucket = f"clerk-{uuid.uuid4().hex[:12]}"
    fsspec.filesystem("s3", skip_instance_cache=True).mkdir(bucket)
    return f"s3://{bucket}/cache"


def stored_objects(url: str, into: Path) -> Path:
    """Every object under `url`, copied into the folder `into` to be read as files."""
    filesystem, root = fsspec.core.url_to_fs(url, skip_instance_cache=True)
    into.mkdir(parents=True)
    for name in filesystem.find(root):
        target = into / name[len(root) + 1 :]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(filesystem.cat_file(name))
    return into


def every_file(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


#: Run in a child build: the first PDF it puts in the store waits for the parent's word, is then written cut
#: short (what a store without an atomic put, or a client cut off mid-body, can leave), and the child hangs
#: there until it is killed.
TORN_PUT = """
import os, sys, time
from pathlib import Path
from generator import shared_store
whole = shared_store.SharedStore.put
def torn(self, name, data):
    if name.endswith(".pdf"):
        Path({signals!r}, "ready").touch()
        while not Path({signals!r}, "go").exists():
            time.sleep(0.05)
        whole(self, name, data[: len(data) // 2])
        Path({signals!r}, "torn").touch()
        time.sleep(600)
    whole(self, name, data)
shared_store.SharedStore.put = torn
from generator.build import build
build(Path({root!r}), Path({output!r}), gate=None, formats=False, cache_folder=Path({cache!r}), shared_cache={url!r})
"""


def _wait_for(path: Path, child: subprocess.Popen, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, f"the child never reached {path.name}"
        time.sleep(0.05)


def test_builds_sharing_one_store_one_killed_mid_write_use_no_torn_entry_and_match_a_clean_build(tmp_path, s3_url):
    root = make_site(tmp_path / "site")
    signals = tmp_path / "signals"
    signals.mkdir()
    code = TORN_PUT.format(signals=str(signals), root=str(root), output=str(tmp_path / "first"), cache=str(tmp_path / "first-cache"), url=s3_url)
    first = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(signals / "ready", first)
        # A second machine builds the same site through the same store, while the first is mid-build: no lock between them.
        second = build(root, tmp_path / "second", gate=None, formats=False, cache_folder=tmp_path / "second-cache", shared_cache=s3_url)
        (signals / "go").touch()
        _wait_for(signals / "torn", first)  # the first now cuts short one of the PDFs the second stored whole
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
    third = build(root, tmp_path / "third", gate=None, formats=False, cache_folder=tmp_path / "third-cache", shared_cache=s3_url)
    clean = build(root, tmp_path / "clean", gate=None, formats=False, cache_folder=tmp_path / "clean-cache")
    assert second.ok and third.ok and clean.ok, (second.diagnostics.report(), third.diagnostics.report())
    assert not (tmp_path / "first").exists(), "the killed build published nothing"
    assert second.pdfs_rendered == clean.pdfs_rendered >= 4
    assert third.pdfs_rendered == 1, "the torn PDF is made again; the others come from the store"
    assert every_file(tmp_path / "second") == every_file(tmp_path / "clean")
    assert every_file(tmp_path / "third") == every_file(tmp_path / "clean")
    fourth = build(root, tmp_path / "fourth", gate=None, formats=False, cache_folder=tmp_path / "fourth-cache", shared_cache=s3_url)
    assert fourth.pdfs_rendered == 0, "the third build put the torn entry back whole"


def _checked_pages(result: BuildResult) -> int:
    assert result.gate_run is not None
    return sum(result.gate_run.checked.values())


def test_a_second_machine_with_an_empty_cache_reuses_the_first_ones_pdfs_formats_and_check_results(tmp_path, s3_url):
    gate = GateOptions(browser=False)  # the Nu checker: the gate's results, without a browser's minutes
    first = build(make_site(tmp_path / "one"), tmp_path / "one-build", gate=gate, cache_folder=tmp_path / "one-cache", shared_cache=s3_url)
    assert first.ok, first.diagnostics.report()
    assert first.pdfs_rendered >= 4 and first.formats_rendered >= 4 and _checked_pages(first) >= 10
    # Another machine: a fresh copy of the site, no .clerk-cache/, the same store.
    second = build(make_site(tmp_path / "two"), tmp_path / "two-build", gate=gate, cache_folder=tmp_path / "two-cache", shared_cache=s3_url)
    assert second.ok, second.diagnostics.report()
    assert (second.pdfs_rendered, second.formats_rendered, _checked_pages(second)) == (0, 0, 0)
    assert every_file(tmp_path / "two-build") == every_file(tmp_path / "one-build")


def test_nothing_withheld_is_in_any_object_of_the_store(tmp_path, s3_url):
    root = withheld_site(tmp_path)
    result = build(root, tmp_path / "out", today=dt.date(2030, 1, 1), gate=None, cache_folder=tmp_path / "cache", shared_cache=s3_url)
    assert result.ok, result.diagnostics.report()
    stored = every_text(stored_objects(s3_url, tmp_path / "stored"))
    assert len([path for path, _ in stored if path.suffix == ".pdf"]) >= 4, "the store holds the published PDFs"
    for name, canary in CANARIES.items():
        assert not leaks_of(canary, stored), f"{name} canary found in the store: {leaks_of(canary, stored)}"


STORE_CANARY = "CANARY-STORED-a91c"


def test_a_paper_published_then_made_confidential_leaves_nothing_of_it_in_the_store(tmp_path, s3_url):
    root, paper, public = site_with_public_paper(tmp_path, STORE_CANARY)
    options = dict(today=dt.date(2030, 1, 1), gate=None, formats=False, cache_folder=tmp_path / "cache", shared_cache=s3_url)
    assert build(root, tmp_path / "out", **options).ok
    assert leaks_of(STORE_CANARY, every_text(stored_objects(s3_url, tmp_path / "before"))), "published, it is stored"
    paper.write_text(public.replace("kind: report\n", "kind: report\n" + WITHHOLDING["confidential"]))
    # Built on another machine (its own local cache), which finds it withdrawn against the store's marker.
    assert build(root, tmp_path / "out", **(options | {"cache_folder": tmp_path / "other-cache"})).ok
    after = every_text(stored_objects(s3_url, tmp_path / "after"))
    assert [path for path, _ in after if path.suffix == ".pdf"], "the store is filled again with what is published"
    assert not leaks_of(STORE_CANARY, after)


def test_a_build_of_an_older_revision_takes_back_what_it_stored_once_another_build_withdrew_something(tmp_path):
    """No lock across machines: a build still storing a paper that another build has just withdrawn deletes its entries."""
    from generator.build import load_site
    from generator.cache_guard import CacheGuard
    from generator.diagnostics import Diagnostics
    from generator.shared_store import SharedStore

    url = f"memory://clerk-{uuid.uuid4().hex}/cache"
    slug = "depot-sale"
    agenda = read(MEETING).replace("    title: Risk register\n    to_follow: true\n", f"    title: Risk register\n    papers: [{slug}]\n")
    public = "---\nkind: report\ntitle: Sale of the old depot\n---\n## Terms\n\nSold.\n"
    older = load_site(make_site(tmp_path / "older", {MEETING: agenda, f"{FOLDER}/{slug}.md": public}), Diagnostics(), dt.date(2030, 1, 1))
    newer = load_site(make_site(tmp_path / "newer", {MEETING: agenda, f"{FOLDER}/{slug}.md": public.replace("---\nkind", "---\nconfidential: true\nkind")}), Diagnostics(), dt.date(2030, 1, 1))
    assert older is not None and newer is not None
    slow = SharedStore(url)
    slow_guard = CacheGuard(slow, older)
    slow_guard.apply()
    slow.put("pdf/depot.pdf", b"the depot's PDF")
    withdrawing = SharedStore(url)
    assert CacheGuard(withdrawing, newer).apply() is True, "the newer build empties the store"
    slow.put("pdf/depot-pack.pdf", b"stored after the emptying")
    slow_guard.take_back_if_withdrawn(slow)
    filesystem, root = fsspec.core.url_to_fs(url)
    assert sorted(filesystem.find(root)) == [f"{root}/published.json"]


def test_an_unreachable_store_is_a_miss_and_one_warning_naming_it(tmp_path, monkeypatch):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    url = "s3://council-bucket/clerk"
    root = make_site(tmp_path)
    result = build(root, tmp_path / "out", gate=None, formats=False, cache_folder=tmp_path / "cache", shared_cache=url)
    clean = build(root, tmp_path / "clean", gate=None, formats=False, cache_folder=tmp_path / "clean-cache")
    assert result.ok and clean.ok and result.pdfs_rendered >= 4
    [warning] = [d for d in result.diagnostics.items if d.rule.startswith("shared-cache")]
    assert warning.rule == "shared-cache-unreachable" and url in warning.message
    assert every_file(tmp_path / "out") == every_file(tmp_path / "clean")


def test_a_store_that_cannot_be_written_is_one_warning_and_the_build_succeeds(tmp_path, monkeypatch):
    from fsspec.implementations.memory import MemoryFileSystem

    def refused(self, path, data, **kwargs):
        raise PermissionError("Access Denied")

    monkeypatch.setattr(MemoryFileSystem, "pipe_file", refused)
    url = f"memory://clerk-{uuid.uuid4().hex}/cache"
    result = build(make_site(tmp_path), tmp_path / "out", gate=None, formats=False, cache_folder=tmp_path / "cache", shared_cache=url)
    assert result.ok and result.pdfs_rendered >= 4
    [warning] = [d for d in result.diagnostics.items if d.rule.startswith("shared-cache")]
    assert warning.rule == "shared-cache-unwritable" and url in warning.message and "Access Denied" in warning.message


def test_a_preview_never_uses_the_shared_cache_named_in_site_yaml(tmp_path):
    url = f"memory://clerk-{uuid.uuid4().hex}/cache"
    root = make_site(tmp_path, {"site.yaml": read("site.yaml") + f"build:\n  shared_cache: {url}\n"})
    result = build(root, root / "build-preview", gate=None, formats=False, preview=True)
    assert result.ok, result.diagnostics.report()
    filesystem, path = fsspec.core.url_to_fs(url)
    assert not filesystem.exists(path), "a preview holds drafts: nothing of it goes where other machines read"
    public = build(root, root / "build", gate=None, formats=False)
    assert public.ok and filesystem.find(path), "a public build uses the store site.yaml names"
