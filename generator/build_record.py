"""What the last published build was made from: a build with nothing changed does nothing, and
a build after a few edits renders only what they touch.

The record holds:
- `structure`: a hash of everything but the content — templates and
  site.yaml by their bytes, Clerk's own code and its libraries' versions,
  the build date and the checks asked for;
- `inputs`: each content file's hash (with, where the publication record comes from git, a hash
  of the commits that touched it: a commit of bytes already built still changes its pages' dates);
- `outputs`: the size and modification time of every file published, and `folders`: the modification
  time of every folder of the output (or, where that time is too recent to stand for its entries, the
  entries' names): a file added anywhere changes its folder's time, so the output is checked by
  stat'ing what the record names, not by listing every folder;
- `file_hashes`: each content file's hash by its stat (inode, size, modification and change times),
  so that a fresh process reads and hashes only the files whose stat changed. As in git's index,
  a stat too recent to trust ("racily clean": an edit in the same tick of the file system's clock
  would leave it as it was) is not kept, and that file is read again next time;
- `dependencies`: for each page and PDF, the content it was made from
  (recorded while rendering, see render/dependencies.py), and for each PDF
  its page count, size and tables.

Same structure, same inputs and every published file as it was left: there
is nothing to do. Same structure and the same set of content files with
some edited: an incremental build, which takes from the last build every
page and PDF none of whose sources changed. Anything else (a template,
site.yaml, Clerk itself, a file added, removed or renamed, a deleted or
hand-edited output, other options) means a full build. The record lives in
the cache folder and is safe to delete. Each output folder has its own record:
`clerk serve` publishes an unchecked site into a folder of its own, and its
record must never stand for build/, nor make the next `clerk build` start afresh.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import stat as stat_mode
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

import orjson
import yaml

from generator.atomic_write import write_atomically
from generator.content.frontmatter import SAFE_LOADER
from generator.file_digests import file_digest, stat_key as _stat_key
from generator.git_history import checkout_of, head_commit, histories
from generator.render.incremental import BODY, Reuse, body_of
from generator.formats.facts import FormatFacts
from generator.render.pdf_facts import PdfFacts

GENERATOR = Path(__file__).resolve().parent
RECORDS = "build-records"
#: Where builds keep what they may reuse: PDFs, check results, this record. Safe to delete.
CACHE_FOLDER = ".clerk-cache"
#: Raised whenever what the record holds changes its shape: a record of another shape is no record (a full build).
RECORD_FORMAT = 2
#: How far back from the clock a stat is too recent to stand for a file's bytes: more than the coarsest
#: timestamps of a file system Clerk may run on (FAT's 2 s), so that an edit after the stat was taken
#: always gives the file a later time than the one recorded.
RACY_MARGIN_NS = 2_000_000_000
LIBRARIES = ("jinja2", "markdown-it-py", "mdit-py-plugins", "pydantic", "pyyaml", "weasyprint", "pikepdf", "pillow", "lxml", "tinycss2", "pagefind-bin", "cbor2", "feedgen", "icalendar")


@dataclass(frozen=True)
class BuildRecord:
    structure: str
    inputs: dict[str, str]
    outputs: dict[str, tuple[int, int]]
    """Each published file: (size, mtime in ns)."""
    dependencies: dict[str, frozenset[str]] = field(default_factory=dict)
    pdfs: dict[str, PdfFacts] = field(default_factory=dict)
    formats: dict[str, FormatFacts] = field(default_factory=dict)
    private: str = ""
    """A hash of the content files `inputs` does not name, with their hashes (see `save`)."""
    folders: dict[str, int | list[str]] = field(default_factory=dict)
    """Each folder of the output ('' for itself): its mtime in ns, or its entries' names where that time
    was too recent to trust (see `published_tree`); empty when unknown, and the output is then listed."""
    file_hashes: dict[tuple, str] = field(default_factory=dict)
    """Content files' hashes by path and stat (see `content_hashes`)."""
    history: CommitHistory | None = None
    """The Markdown files' commits as the build found them (see `with_history`)."""
    details: tuple[Path, str] | None = None
    """Of a record loaded from disk: where its dependencies, PDFs' and formats' facts are kept, and that
    file's hash. They are read only when something changed (`reuse`): half the record, which a build
    with nothing to do has no use for."""

    def __post_init__(self) -> None:
        if not self.private:
            object.__setattr__(self, "private", private_digest(self.inputs, set(self.inputs)))

    @classmethod
    def load(cls, cache: Path, output: Path) -> BuildRecord | None:
        """The record of the build published in `output`; None where there is none, or it is corrupt or of
        another shape (an older Clerk's): the build is then a full one, never a crash."""
        try:
            path = record_path(cache, output)
            data = orjson.loads(path.read_bytes())
            if data["format"] != RECORD_FORMAT:
                return None
            return cls(
                data["structure"],
                dict(data["inputs"]),
                {path: (size, mtime) for path, (size, mtime) in data["outputs"].items()},
                private=str(data["private"]),
                folders={folder: _folder_entry(entry) for folder, entry in data["folders"].items()},
                file_hashes={
                    (path, inode, size, mtime, ctime): str(digest) for path, inode, size, mtime, ctime, digest in data["file_hashes"]
                },
                history=CommitHistory.from_json(data.get("history")),
                details=(details_path(path), str(data["details"])),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def with_details(self) -> BuildRecord | None:
        """This record with its dependencies, PDFs' and formats' facts read; None where their file is
        missing, corrupt, or not the one saved with this record (its hash differs): then a full build."""
        if self.details is None:
            return self
        path, digest = self.details
        try:
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                return None
            details = orjson.loads(data)
            return replace(
                self,
                dependencies={path: frozenset(sources) for path, sources in details["dependencies"].items()},
                pdfs={path: PdfFacts(*facts) for path, facts in details["pdfs"].items()},
                formats={path: FormatFacts.from_json(facts) for path, facts in details["formats"].items()},
                details=None,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, cache: Path, output: Path, public: set[str] | None = None) -> None:
        """Write the record of the build published in `output`; with `public`, it names only those
        content files (the ones the site publishes), and the rest only as one hash: a withheld paper's
        file name is withheld too, and the cache is shared more widely than the site (see
        cache_guard.py). A change to one of the rest then means a full build, where the record kept in
        memory (`clerk serve`) knows better."""
        named = set(self.inputs) if public is None else set(self.inputs) & public
        unnamed = set(self.inputs) - named
        path = record_path(cache, output)
        path.parent.mkdir(parents=True, exist_ok=True)
        complete = self.with_details()
        assert complete is not None, "a record is saved as it was made, never as it was loaded"
        details = orjson.dumps({
            # Unnamed files are covered by `private`: a change to one is a full build, needing no dependency.
            "dependencies": {
                path: sorted(source for source in sources if source.removesuffix(BODY) not in unnamed)
                for path, sources in complete.dependencies.items()
            },
            "pdfs": {path: [facts.pages, facts.size, facts.tables] for path, facts in complete.pdfs.items()},
            "formats": {path: facts.to_json() for path, facts in complete.formats.items()},
        })  # fmt: skip
        write_atomically(details_path(path), details)
        data = {
            "format": RECORD_FORMAT,
            "structure": self.structure,
            "inputs": {path: digest for path, digest in self.inputs.items() if path in named},
            "private": private_digest(self.inputs, named),
            "outputs": self.outputs,
            "folders": self.folders,
            # Only the named files' stats: a withheld file's name must not reach the cache either.
            "file_hashes": [[*key, digest] for key, digest in self.file_hashes.items() if key[0] in named],
            "details": hashlib.sha256(details).hexdigest(),
            "history": self.history.to_json() if self.history is not None else None,
        }
        write_atomically(path, orjson.dumps(data))

    def still_published(self, output: Path) -> bool:
        """Every recorded file is in `output` unchanged, and nothing else is there."""
        return (bool(self.folders) and self._unchanged_by_stat(output)) or published_files(output) == self.outputs

    def _unchanged_by_stat(self, output: Path) -> bool:
        """Every recorded file still there with its size and time, and every folder with its time or its
        entries: no file can have been added, removed or renamed without changing one of them. False
        settles nothing (a folder touched and left as it was); the caller then lists the output."""
        base = os.fspath(output)
        lstat = os.lstat
        try:
            for relative, (size, mtime) in self.outputs.items():
                found = lstat(f"{base}/{relative}")
                if found.st_size != size or found.st_mtime_ns != mtime or not stat_mode.S_ISREG(found.st_mode):
                    return False
            for relative, entry in self.folders.items():
                folder = f"{base}/{relative}" if relative else base
                found = lstat(folder)
                if not stat_mode.S_ISDIR(found.st_mode):
                    return False
                if isinstance(entry, list):
                    if sorted(os.listdir(folder)) != entry:
                        return False
                elif found.st_mtime_ns != entry:
                    return False
        except OSError:
            return False
        return True

    def reuse(self, structure: str, inputs: dict[str, str], output: Path, output_trusted: bool = False) -> Reuse | None:
        """What a build of `inputs` may take from this one; None when it must be a full build.

        `output_trusted`: the caller published `output` itself and nothing else writes there
        (`clerk serve`), so it is not walked to see that it is as it was left.
        """
        if structure != self.structure or not set(self.inputs) <= set(inputs):
            return None
        if private_digest(inputs, set(self.inputs)) != self.private:
            return None
        if not output_trusted and not self.still_published(output):
            return None
        changed = {classify_change(path, before, inputs[path]) for path, before in self.inputs.items() if inputs[path] != before}
        if not all(placeable(path.removesuffix(BODY)) for path in changed):
            return None
        if not changed:
            return Reuse(output, changed, {}, {}, {})  # nothing to build: what it could take is never asked for
        complete = self.with_details()
        if complete is None:
            return None
        return Reuse(output, changed, complete.dependencies, complete.pdfs, complete.formats)


def _folder_entry(entry: object) -> int | list[str]:
    if isinstance(entry, int) or (isinstance(entry, list) and all(isinstance(name, str) for name in entry)):
        return entry
    raise TypeError(f"not a folder's time or entries: {entry!r}")


def record_path(cache: Path, output: Path) -> Path:
    """Where the record of the build published in `output` is kept: one file per output folder."""
    name = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:16]
    return cache / RECORDS / f"{output.name}-{name}.json"


def details_path(record: Path) -> Path:
    """Where a record's dependencies and facts are kept (see BuildRecord.details)."""
    return record.with_suffix(".details.json")


def stats_trusted_before(cache: Path) -> int:
    """The time (ns) a file's or folder's stat must be older than to stand for its bytes or entries: now,
    less RACY_MARGIN_NS. "Now" is also read from the file system's own clock, by touching a file beside the
    records, and the earlier of the two taken, so that a file server whose clock is behind this machine's
    cannot make a fresh stat look old; where the cache cannot be written, nothing is trusted (0). Before
    the first record there is no such folder, and none is made here: a cache that holds anything before
    the build has linked the site is one cache_guard.py must empty first."""
    now = time.time_ns()
    clock = cache / RECORDS / "clock"
    if not clock.parent.is_dir():
        return now - RACY_MARGIN_NS
    try:
        clock.touch()
        os.utime(clock)
        now = min(now, clock.stat().st_mtime_ns)
    except OSError:
        return 0
    return now - RACY_MARGIN_NS


def private_digest(inputs: dict[str, str], named: set[str]) -> str:
    """One hash of the files of `inputs` not in `named`, by path and hash: any such file added,
    removed or changed changes it."""
    digest = hashlib.sha256()
    for path in sorted(set(inputs) - named):
        digest.update(f"{path}\0{inputs[path]}\0".encode())
    return digest.hexdigest()


#: Files whose body the site reads beyond their own pages: the minutes' RESOLVED blocks are the
#: decisions that the registers, committee archives and issue histories list (content/decisions.py).
#: An edit to their body is an edit to the file.
SITE_WIDE_BODIES = ("/minutes.md",)


def classify_change(path: str, before: str, after: str) -> str:
    """The file, or only its body when its front matter is byte for byte as it was."""
    if body_only(before, after) and not path.endswith(SITE_WIDE_BODIES):
        return body_of(path)
    return path


def body_only(before: str, after: str) -> bool:
    """The two digests (`file_digest`) differ only in the Markdown after the front matter."""
    front_before, _, body_before = before.partition(":")
    front_after, _, body_after = after.partition(":")
    return bool(body_before and body_after and front_before == front_after)


def placeable(path: str) -> bool:
    """A change whose effects the recorded dependencies cover exactly: a paper, minutes or image in a
    meeting's folder. An agenda (meeting.md), a person or a committee feeds references the linker
    works out backwards (which item confirms which minutes, who is on which committee), so a change
    to one of them means a full build."""
    parts = path.split("/")
    return len(parts) == 4 and parts[:2] == ["content", "meetings"] and parts[3] != "meeting.md"


def options_key(today: dt.date, gate: object | None, pdfs: bool, formats: bool = True, base_url: str | None = None) -> str:
    """The options that change what a build makes or checks, as one string for the fingerprint; `base_url`
    when given over site.yaml's (a portal's council)."""
    if gate is None:
        checks = "none"
    else:
        checks = f"browser={getattr(gate, 'browser', True)},html={getattr(gate, 'html_validity', True)}"
    address = "" if base_url is None else f"|base_url={base_url}"
    return f"today={today.isoformat()}|checks={checks}|pdfs={pdfs}|formats={formats}{address}"


@dataclass(frozen=True)
class Comparison:
    """What a build would read, against the record of the build published in its output."""

    structure: str
    inputs: dict[str, str]
    record: BuildRecord | None
    reuse: Reuse | None
    """What the build may take from the last one; None for a full build."""
    file_hashes: dict[tuple, str] = field(default_factory=dict)
    """The content files' hashes by path and stat, for the next build's record (see `content_hashes`)."""
    history: CommitHistory | None = None
    """The Markdown files' commits, for the next build's record (see `with_history`)."""

    @property
    def up_to_date(self) -> bool:
        """Nothing a build would read has changed since the build published in the output."""
        return self.reuse is not None and not self.reuse.changed


def compare(
    root: Path,
    output: Path,
    cache: Path,
    options: str,
    *,
    remembered_hashes: dict[tuple, str] | None = None,
    record: BuildRecord | None = None,
    output_trusted: bool = False,
) -> Comparison:
    """Hash what the build reads and hold it against the record: the one saved in `cache`, or
    `record` (`clerk serve` keeps the one it published; see BuildRecord.reuse for `output_trusted`).
    Content files are read only where their stat is not that of a hash `remembered_hashes` (serve's)
    or the record holds."""
    structure = structure_fingerprint(root, options)
    record = record if record is not None else BuildRecord.load(cache, output)
    if remembered_hashes is None:
        remembered_hashes = dict(record.file_hashes) if record is not None else {}
    hashes = content_hashes(root, remembered_hashes, stats_trusted_before(cache))
    inputs, history = with_history(root, hashes, record.history if record is not None else None)
    reuse = record.reuse(structure, inputs, output, output_trusted) if record is not None else None
    return Comparison(structure, inputs, record, reuse, dict(remembered_hashes), history)


def content_hashes(root: Path, remembered: dict[tuple, str] | None = None, trusted_before: int = 0) -> dict[str, str]:
    """Each content file, by its path from the project folder, and a hash of its bytes.

    `remembered` holds hashes of an earlier call by file and stat (path, inode, size, mtime, ctime),
    so that only files whose stat changed since are read; it is left holding this call's, but only
    those whose times are older than `trusted_before` (see `stats_trusted_before`): a file written
    in the same tick of the file system's clock as its stat was taken could be edited again within
    that tick, to the same size, and keep the stat.
    """
    hashes = {}
    seen: dict[tuple, str] = {}
    for relative, entry in _walk(str(root / "content"), "content/", set()):
        key: tuple = ()
        if remembered is not None:
            # Taken before the file is read: an edit after the stat is an edit after the hash too.
            key = _stat_key(relative, entry.stat(follow_symlinks=False))
            if key in remembered:
                hashes[relative] = seen[key] = remembered[key]
                continue
        try:
            with open(entry.path, "rb") as file:
                hashes[relative] = file_digest(relative, file.read())
        except OSError as error:
            # Unreadable, or gone since the folder was listed: the build's loader reports it at its
            # place; here it only has to count as changed, never as a reason to stop.
            hashes[relative] = f"unreadable:{error.errno}"
            continue
        if remembered is not None and max(key[3], key[4]) < trusted_before:
            seen[key] = hashes[relative]
    if remembered is not None:
        remembered.clear()
        remembered.update(seen)
    return hashes


def with_history(root: Path, inputs: dict[str, str], kept: CommitHistory | None = None) -> tuple[dict[str, str], CommitHistory | None]:
    """`inputs` with each Markdown file's commits folded into the hash of its front matter, when the
    site's publication record comes from git (content/publication_record.py): a new commit of a file
    changes its dates even when its bytes are those already built, and it counts as a change to the
    whole file, since the dates are shown beside its front matter's facts (on its agenda too). With the
    commits' fingerprints, for the record.

    The commits are those git's log gives from the commit checked out, so while that commit and the
    Markdown files' names are those of `kept` (the last record's), its fingerprints are taken rather than
    asked of `git log`, which reads the whole history of content/ (a council's years of commits, on every
    build with nothing to do)."""
    if _publication_record_source(root) != "git" or checkout_of(root) != "full":
        return inputs, None  # not a full clone: the build falls back to the front matter, whose bytes are in the hashes
    markdown = sorted(path for path in inputs if path.endswith(".md"))
    history = CommitHistory.of_full_clone(root, markdown, kept)
    if history is None:
        return inputs, None
    folded = dict(inputs)
    for path, fingerprint in zip(markdown, history.fingerprints):
        if fingerprint is not None:
            front, colon, body = inputs[path].partition(":")
            folded[path] = f"{front}+{fingerprint}{colon}{body}"
    return folded, history


@dataclass(frozen=True)
class CommitHistory:
    """For each Markdown file (sorted by path), a hash of the commits that touched it (None: none did), as git's
    log gives them from the commit `head`. The files are named only by a hash of their sorted paths, `names`: the
    record names no withheld file (see `save`)."""

    head: str
    names: str
    fingerprints: tuple[str | None, ...]

    @classmethod
    def of_full_clone(cls, root: Path, markdown: list[str], kept: CommitHistory | None) -> CommitHistory | None:
        """`kept` while the same commit is checked out and the files are the same; else read from git. None before
        the first commit. `root` is in a full clone (the caller has asked `checkout_of`)."""
        head = head_commit(root)
        if head is None:
            return None
        names = hashlib.sha256("\0".join(markdown).encode("utf-8")).hexdigest()
        if kept is not None and (kept.head, kept.names) == (head, names) and len(kept.fingerprints) == len(markdown):
            return kept
        history = histories(root, markdown, pathspec=["content"], texts=False, checkout="full")
        return cls(head, names, tuple(history.fingerprint(path) if path in history.versions else None for path in markdown))

    def to_json(self) -> list:
        return [self.head, self.names, list(self.fingerprints)]

    @classmethod
    def from_json(cls, data: object) -> CommitHistory | None:
        if not isinstance(data, list) or len(data) != 3 or not isinstance(data[2], list):
            return None
        return cls(str(data[0]), str(data[1]), tuple(None if value is None else str(value) for value in data[2]))


def _publication_record_source(root: Path) -> str:
    """site.yaml's `publication_record`, read without the rest of the settings (this runs before the
    build loads anything); a site.yaml that cannot be read is the build's to report, so here it is git."""
    try:
        settings = yaml.load((root / "site.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, ValueError, yaml.YAMLError):
        return "git"
    value = settings.get("publication_record", "git") if isinstance(settings, dict) else "git"
    return value if isinstance(value, str) else "git"


def structure_fingerprint(root: Path, options: str) -> str:
    """A hash of everything a build reads but the content; `options` carries the date and the checks asked for."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("options", options.encode())
    add("code", code_fingerprint().encode())
    templates_of_clerk = GENERATOR.parent / "templates"
    for path in _files(templates_of_clerk, skip=set()):
        add("clerk-templates/" + path.relative_to(templates_of_clerk).as_posix(), path.read_bytes())
    lock = GENERATOR.parent / "package-lock.json"
    add("package-lock", lock.read_bytes() if lock.is_file() else b"")
    for path in _files(root / "templates", skip=set()):
        add(path.relative_to(root).as_posix(), path.read_bytes())
    settings = root / "site.yaml"
    add("site.yaml", settings.read_bytes() if settings.is_file() else b"")
    return digest.hexdigest()


@functools.cache
def code_fingerprint() -> str:
    """A hash of Clerk's own code and its libraries' versions: what every result Clerk keeps is made by."""
    digest = hashlib.sha256()
    for name in LIBRARIES:
        try:
            version = metadata.version(name).encode()
        except metadata.PackageNotFoundError:
            version = b"absent"
        digest.update(f"{name}\0{len(version)}\0".encode() + version)
    for path in _files(GENERATOR, skip={"__pycache__"}):
        data = path.read_bytes()
        digest.update(f"generator/{path.relative_to(GENERATOR).as_posix()}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def _files(folder: Path, skip: set[str]) -> list[Path]:
    return [folder / relative for relative, _ in _walk(str(folder), "", skip)]


def _walk(folder: str, prefix: str, skip: set[str]):
    """(path relative to the top, entry) for every file below `folder`, sorted; strings and scandir,
    not pathlib, because a council's build has tens of thousands of files and this runs on every build."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in skip:
                yield from _walk(entry.path, relative + "/", skip)
        elif entry.is_file(follow_symlinks=False):
            yield relative, entry


def published_tree(folder: Path, trusted_before: int) -> tuple[dict[str, tuple[int, int]], dict[str, int | list[str]]]:
    """`published_files(folder)`, and each folder's mtime, or its entries' names where that time is not
    older than `trusted_before` (see `stats_trusted_before`): a file added in the same tick as the
    folder's last change would leave its time as it was."""
    files, subfolders = _listing(os.fspath(folder))
    # The names as listed, not listed again: an entry added since is then one the next check does not expect.
    names: dict[str, list[str]] = {"": [], **{relative: [] for relative in subfolders}}
    for relative in [*files, *subfolders]:
        parent, _, name = relative.rpartition("/")
        names[parent].append(name)
    folders: dict[str, int | list[str]] = {}
    for relative, entries in names.items():
        # A time older than `trusted_before` was older when the folder was listed (taken before it).
        mtime = os.lstat(f"{os.fspath(folder)}/{relative}" if relative else folder).st_mtime_ns
        folders[relative] = mtime if mtime < trusted_before else sorted(entries)
    return files, folders


def published_files(folder: Path, only: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file in `folder`, or of the files `only` names."""
    if only is not None:
        return {relative: _size_and_time(os.stat(folder / relative)) for relative in only}
    return _listing(os.fspath(folder))[0]


def _listing(folder: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Size and mtime of every file below `folder`, and every folder below it (empty ones too: a file
    added to an empty folder changes only that folder's time), by path relative to it. Unsorted, by
    scandir from a stack: this runs over tens of thousands of files on every build."""
    files: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    pending = [(folder, "")]
    while pending:
        path, prefix = pending.pop()
        try:
            entries = os.scandir(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(relative)
                    pending.append((entry.path, relative + "/"))
                elif entry.is_file(follow_symlinks=False):
                    files[relative] = _size_and_time(entry.stat(follow_symlinks=False))
    return files, folders


def _size_and_time(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns
