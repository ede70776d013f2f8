"""One cache folder shared by builds running at the same time (a CI cache, a cluster's shared disk): an
entry is written beside its place and renamed into it (atomic_write.py), and checked against its trailing
hash when read (disk_cache.py), so a writer killed mid-write leaves nothing that another build uses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.build import build
from generator.disk_cache import DiskCache
from tests.sitekit import REPO, make_site

#: Run in a child: put one entry (or build the site) with the rename into place held back until the
#: child is killed, as if the machine died between writing the entry and renaming it.
HELD_BEFORE_RENAME = """
import os, sys, time
import generator.atomic_write
def held(source, target):
    if "{watch}" in str(target):
        open(os.path.join({signal_folder!r}, "writing"), "w").close()
        time.sleep(600)
    os.replace(source, target)
generator.atomic_write.os = type(os)("os_held")
generator.atomic_write.os.__dict__.update(os.__dict__)
generator.atomic_write.os.replace = held
"""


def _child(code: str, watch: str, signal_folder: Path) -> subprocess.Popen:
    prelude = HELD_BEFORE_RENAME.format(watch=watch, signal_folder=str(signal_folder))
    return subprocess.Popen([sys.executable, "-c", prelude + code], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for(path: Path, child: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never reached its write"
        time.sleep(0.05)


def test_an_entry_whose_writer_is_killed_mid_write_is_never_read_and_another_writer_puts_it_whole(tmp_path):
    folder = tmp_path / "cache"
    data = os.urandom(1 << 20)
    (tmp_path / "data").write_bytes(data)
    code = f"from generator.disk_cache import DiskCache\nfrom pathlib import Path\nDiskCache(Path({str(folder)!r}), '.pdf').put('key', Path({str(tmp_path / 'data')!r}).read_bytes())\n"
    child = _child(code, ".pdf", tmp_path)
    _wait_for(tmp_path / "writing", child)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")], "killed after writing, before renaming"
    cache = DiskCache(folder, ".pdf")
    assert cache.get("key") is None, "a half-made entry is not an entry"
    cache.put("key", data)
    assert cache.get("key") == data


def test_a_truncated_entry_left_at_its_place_is_dropped_not_used(tmp_path):
    # What a store without an atomic rename (a network disk, an object store's partial upload) can leave.
    cache = DiskCache(tmp_path, ".pdf")
    cache.put("key", b"%PDF-1.7 whole")
    entry = tmp_path / "key.pdf"
    entry.write_bytes(entry.read_bytes()[:-5])
    assert cache.get("key") is None and not entry.exists()


def test_two_builds_sharing_one_cache_one_killed_mid_write_leave_the_other_a_whole_and_identical_site(tmp_path):
    root = make_site(tmp_path / "site")
    cache = tmp_path / "cache"
    first = _child(
        "from pathlib import Path\nfrom generator.build import build\n"
        f"build(Path({str(root)!r}), Path({str(tmp_path / 'first')!r}), gate=None, formats=False, cache_folder=Path({str(cache)!r}))\n",
        str(cache / "pdf"),
        tmp_path,
    )
    _wait_for(tmp_path / "writing", first)
    # The second build starts while the first is writing into the cache: it waits for the cache's lock.
    second: list = []
    waiting = threading.Thread(target=lambda: second.append(build(root, tmp_path / "second", gate=None, formats=False, cache_folder=cache)))
    waiting.start()
    time.sleep(1)
    assert not second, "the second build waits for the first to let go of the cache"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    waiting.join(timeout=600)
    assert not (tmp_path / "first").exists(), "the killed build published nothing"
    [second_result] = second
    clean = build(root, tmp_path / "clean", gate=None, formats=False, cache_folder=tmp_path / "fresh-cache")
    assert second_result.ok and clean.ok
    assert second_result.pdfs_rendered >= 1, "the entry the killed build was writing is made again"
    assert _every_file(tmp_path / "second") == _every_file(tmp_path / "clean")


def _every_file(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
