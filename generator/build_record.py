"""What the last published build was made from: a build with nothing changed does nothing, and
a build after a few edits renders only what they touch.

The record holds:
- `structure`: a hash of everything but the content — templates and
  site.yaml by their bytes, Clerk's own code and its libraries' versions,
  the build date and the checks asked for;
- `inputs`: each content file's hash (with, where the publication record comes from git, a hash
  of the commits that touched it: a commit of bytes already built still changes its pages' dates);
- `outputs`: the size and modification time of every file published;
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
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import yaml

from generator.atomic_write import write_atomically
from generator.content.frontmatter import SAFE_LOADER
from generator.git_history import histories
from generator.render.incremental import BODY, Reuse, body_of
from generator.formats.facts import FormatFacts
from generator.render.pdf_facts import PdfFacts

GENERATOR = Path(__file__).resolve().parent
RECORDS = "build-records"
#: Where builds keep what they may reuse: PDFs, check results, this record. Safe to delete.
CACHE_FOLDER = ".clerk-cache"
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

    def __post_init__(self) -> None:
        if not self.private:
            object.__setattr__(self, "private", private_digest(self.inputs, set(self.inputs)))

    @classmethod
    def load(cls, cache: Path, output: Path) -> BuildRecord | None:
        try:
            data = json.loads(record_path(cache, output).read_text(encoding="utf-8"))
            return cls(
                data["structure"],
                dict(data["inputs"]),
                {path: (size, mtime) for path, (size, mtime) in data["outputs"].items()},
                {path: frozenset(sources) for path, sources in data["dependencies"].items()},
                {path: PdfFacts(*facts) for path, facts in data["pdfs"].items()},
                {path: FormatFacts.from_json(facts) for path, facts in data["formats"].items()},
                str(data["private"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
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
        data = {
            "structure": self.structure,
            "inputs": {path: digest for path, digest in self.inputs.items() if path in named},
            "private": private_digest(self.inputs, named),
            "outputs": self.outputs,
            # Unnamed files are covered by `private`: a change to one is a full build, needing no dependency.
            "dependencies": {
                path: sorted(source for source in sources if source.removesuffix(BODY) not in unnamed)
                for path, sources in self.dependencies.items()
            },
            "pdfs": {path: [facts.pages, facts.size, facts.tables] for path, facts in self.pdfs.items()},
            "formats": {path: facts.to_json() for path, facts in self.formats.items()},
        }
        write_atomically(path, json.dumps(data))

    def still_published(self, output: Path) -> bool:
        """Every recorded file is in `output` unchanged, and nothing else is there."""
        return published_files(output) == self.outputs

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
        return Reuse(output, changed, self.dependencies, self.pdfs, self.formats)


def record_path(cache: Path, output: Path) -> Path:
    """Where the record of the build published in `output` is kept: one file per output folder."""
    name = hashlib.sha256(os.fsencode(output.resolve())).hexdigest()[:16]
    return cache / RECORDS / f"{output.name}-{name}.json"
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


def file_digest(path: str, data: bytes) -> str:
    """A hash of a file; of a Markdown file with front matter, one of the front matter and one of the rest."""
    length = front_matter_length(data) if path.endswith(".md") else None
    if length is not None:
        return hashlib.sha256(data[:length]).hexdigest() + ":" + hashlib.sha256(data[length:]).hexdigest()
    return hashlib.sha256(data).hexdigest()


def front_matter_length(data: bytes) -> int | None:
    """Bytes up to and including the line that closes the front matter, found as the loader finds
    it (frontmatter.split_front_matter: the first line that is '---' or '...' after a first '---').

    Never shorter than the loader's front matter: a line that is a fence here, with ASCII white
    space stripped, is one there too, so nothing of the front matter is counted as body."""
    lines = data.split(b"\n")
    if lines[0].rstrip() != b"---":
        return None
    length = len(lines[0]) + 1
    for line in lines[1:]:
        length += len(line) + 1
        if line.rstrip() in (b"---", b"..."):
            return min(length, len(data))
    return None


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
    `record` (`clerk serve` keeps the one it published; see BuildRecord.reuse for `output_trusted`)."""
    structure = structure_fingerprint(root, options)
    inputs = with_history(root, content_hashes(root, remembered_hashes))
    record = record if record is not None else BuildRecord.load(cache, output)
    reuse = record.reuse(structure, inputs, output, output_trusted) if record is not None else None
    return Comparison(structure, inputs, record, reuse)


def content_hashes(root: Path, remembered: dict[tuple, str] | None = None) -> dict[str, str]:
    """Each content file, by its path from the project folder, and a hash of its bytes.

    `remembered` (kept by `clerk serve`) holds the hashes of the last call by file and stat,
    so that only files saved since are read; it is left holding this call's.
    """
    hashes = {}
    seen: dict[tuple, str] = {}
    for relative, entry in _walk(str(root / "content"), "content/", set()):
        key: tuple = ()
        if remembered is not None:
            stat = entry.stat(follow_symlinks=False)
            key = (relative, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
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
        if remembered is not None:
            seen[key] = hashes[relative]
    if remembered is not None:
        remembered.clear()
        remembered.update(seen)
    return hashes


def with_history(root: Path, inputs: dict[str, str]) -> dict[str, str]:
    """`inputs` with each Markdown file's commits folded into the hash of its front matter, when the
    site's publication record comes from git (content/publication_record.py): a new commit of a file
    changes its dates even when its bytes are those already built, and it counts as a change to the
    whole file, since the dates are shown beside its front matter's facts (on its agenda too)."""
    if _publication_record_source(root) != "git":
        return inputs
    history = histories(root, [path for path in inputs if path.endswith(".md")], pathspec=["content"], texts=False)
    if history.checkout != "full":
        return inputs  # the build falls back to the front matter, whose bytes are already in the hashes
    folded = dict(inputs)
    for path in history.versions:
        front, colon, body = inputs[path].partition(":")
        folded[path] = f"{front}+{history.fingerprint(path)}{colon}{body}"
    return folded


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


def published_files(folder: Path, only: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file in `folder`, or of the files `only` names."""
    if only is not None:
        return {relative: _size_and_time(os.stat(folder / relative)) for relative in only}
    return {relative: _size_and_time(entry.stat(follow_symlinks=False)) for relative, entry in _walk(str(folder), "", set())}


def _size_and_time(stat: os.stat_result) -> tuple[int, int]:
    return stat.st_size, stat.st_mtime_ns
