"""content/ and site.yaml → validated source models, with every problem reported.

Nothing here follows references between files; `site.py` does that once
everything is read, so a missing person is reported with the file that
names them, not the order files happened to load in.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from generator.config import SiteConfig
from generator.content.folders import Entry, list_folder, report_loop, report_not_a_file
from generator.content.frontmatter import YamlDocument, decode, parse_yaml, split_front_matter
from generator.content.model import (
    SLUG_PATTERN,
    CommitteeSource,
    MeetingSource,
    MinutesSource,
    PaperSource,
    PersonSource,
)
from generator.content.validation import validate
from generator.diagnostics import Diagnostics, Position, relative
from generator.file_digests import StatKey, file_digest, stat_key
from generator.markdown.images import IMAGE_SUFFIXES
from generator.memory import Memory, remembered, reporting_to

if TYPE_CHECKING:
    from generator.content_cache import ContentCache
from generator.regular_files import read_regular_file

T = TypeVar("T")

MAX_FILE_BYTES = 2 * 1024 * 1024
YAML_SUFFIXES = (".yaml", ".yml")
RESERVED_PAPER_SLUGS = {"meeting", "minutes", "index", "agenda-pack"}


@dataclass(frozen=True)
class Loaded:
    """A validated source with the YAML it came from, for positions in later messages."""

    slug: str
    source: Any
    document: YamlDocument


@dataclass(frozen=True)
class LoadedMarkdown(Loaded):
    body: str = ""
    body_line: int = 1


@dataclass
class LoadedMeeting:
    folder: str
    meeting: LoadedMarkdown
    minutes: LoadedMarkdown | None = None
    papers: dict[str, LoadedMarkdown] = field(default_factory=dict)


@dataclass(frozen=True)
class StrandedText:
    """A paper or minutes whose meeting could not be linked, with its agenda if meeting.md could be read."""

    loaded: LoadedMarkdown
    agenda: MeetingSource | None


def stranded(meeting: LoadedMarkdown | None, minutes: LoadedMarkdown | None, papers: dict[str, LoadedMarkdown]) -> list[StrandedText]:
    agenda = meeting.source if meeting is not None else None
    return [StrandedText(text, agenda) for text in (*papers.values(), *([minutes] if minutes is not None else []))]


@dataclass
class LoadedContent:
    root: Path
    config: SiteConfig | None
    people: dict[str, Loaded] = field(default_factory=dict)
    committees: dict[str, Loaded] = field(default_factory=dict)
    meetings: dict[str, LoadedMeeting] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)
    """Slugs of files that exist but failed to load: their errors are already reported,
    so references to them are not reported again as unknown."""
    stranded: list[StrandedText] = field(default_factory=list)
    """Papers and minutes of meetings that could not be read or linked (the Markdown stage adds the
    second kind): nothing of them is published, but the text of those that would be public is still
    checked, so that one build reports every mistake."""


class Loader:
    def __init__(
        self,
        root: Path,
        diagnostics: Diagnostics,
        memory: Memory | None = None,
        kept: ContentCache | None = None,
        known: dict[StatKey, str] | None = None,
    ):
        self.unreadable: set[str] = set()
        self.stranded: list[StrandedText] = []
        self.root = root
        self.content = root / "content"
        self.diagnostics = diagnostics
        self.memory = memory
        """Under `clerk serve`: files read by an earlier build, by path and stat, not read again."""
        self.kept = kept
        """Markdown files read by an earlier process, by their bytes' hash (content_cache.py)."""
        self.known = {key[0]: (key, digest) for key, digest in (known or {}).items()}
        """Content files' hashes by a stat old enough to stand for their bytes (build_record.content_hashes, just
        taken): a file with that stat still is taken from `kept` by its hash, not read."""
        self._content_resolved: Path | None = None

    def load(self) -> LoadedContent:
        config = self._load_config()
        loaded = LoadedContent(root=self.root, config=config)
        self.unreadable = loaded.unreadable
        self.stranded = loaded.stranded
        if not self.content.is_dir():
            self.diagnostics.error(
                Position("content"), "content-missing", "there is no content/ folder", "create content/ beside site.yaml"
            )
            return loaded
        loaded.people = self._load_yaml_folder("people", PersonSource)
        loaded.committees = self._load_yaml_folder("committees", CommitteeSource)
        loaded.meetings = self._load_meetings()
        return loaded

    # -- files ------------------------------------------------------------

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def inside_content(self, path: Path) -> bool:
        """False, with an error, for a file or folder that is (or sits in) a link out of content/."""
        try:
            if self._content_resolved is None:
                self._content_resolved = self.content.resolve()
            if path.resolve().is_relative_to(self._content_resolved):
                return True
        except (OSError, RuntimeError):  # RuntimeError: pathlib's word for a link loop before Python 3.13
            report_loop(self.name(path), self.diagnostics)
            return False
        self.diagnostics.error(
            Position(self.name(path)),
            "path-escape",
            "this is a link to something outside content/, which Clerk does not follow",
            "copy the file or folder into content/ instead",
        )
        return False

    def read_text(self, path: Path) -> str | None:
        raw = self.read_bytes(path)
        return None if raw is None else decode(self.name(path), raw, self.diagnostics)

    def read_bytes(self, path: Path) -> bytes | None:
        """The file's bytes, or None with an error for a file that is not an ordinary one inside content/, cannot be
        read or is too large: what depends on more than the bytes, and so is never kept in the content cache."""
        shown = self.name(path)
        in_content = path.absolute().is_relative_to(self.content.absolute())
        if in_content and not self.inside_content(path):
            return None
        try:
            raw, size, kind = read_regular_file(path, MAX_FILE_BYTES)
        except OSError as error:
            if error.errno == errno.ELOOP:
                report_loop(shown, self.diagnostics)
                return None
            self.diagnostics.error(
                Position(shown), "unreadable", f"the file cannot be read: {error.strerror}",
                "check that it exists (a link may point nowhere) and that it can be read",
            )
            return None
        if kind != "file":
            report_not_a_file(shown, kind, self.diagnostics)
            return None
        if size > MAX_FILE_BYTES:
            self.diagnostics.error(
                Position(shown),
                "file-too-large",
                f"the file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                "split it into several papers or appendices",
            )
            return None
        return raw

    def read_yaml(self, path: Path) -> YamlDocument | None:
        text = self.read_text(path)
        return None if text is None else parse_yaml(self.name(path), text, self.diagnostics)

    def list_folder(self, directory: Path) -> list[Entry]:
        return list_folder(directory, self.name, self.diagnostics)

    def check_slug(self, path: Path, slug: str) -> bool:
        if SLUG_PATTERN.match(slug):
            return True
        self.diagnostics.error(
            Position(self.name(path)),
            "file-name",
            f"'{path.name}' is not a valid name: names are lower-case letters, digits and hyphens",
            f"rename it, for example to '{_suggest_slug(slug)}{path.suffix}'",
        )
        return False

    # -- kinds of content -----------------------------------------------------

    def _load_config(self) -> SiteConfig | None:
        path = self.root / "site.yaml"
        if not path.is_file():
            self.diagnostics.error(
                Position("site.yaml"), "config-missing", "there is no site.yaml", "create site.yaml: see docs/content-format.md"
            )
            return None
        document = self.read_yaml(path)
        return None if document is None else validate(document, SiteConfig, self.diagnostics)

    def _load_yaml_folder(self, folder: str, model: type) -> dict[str, Loaded]:
        found: dict[str, Loaded] = {}
        directory = self.content / folder
        if not directory.is_dir() or not self.inside_content(directory):
            return found
        for entry in self.list_folder(directory):
            path = entry.path
            if entry.is_folder:
                continue
            if path.suffix not in YAML_SUFFIXES:
                self._unexpected(path, f"{folder}/ holds .yaml files")
                continue
            slug = path.stem
            if not self.check_slug(path, slug):
                continue
            if slug in found:
                self.diagnostics.error(
                    Position(self.name(path)),
                    "duplicate-slug",
                    f"'{slug}' is also defined by {found[slug].document.path}",
                    "keep one file per slug",
                )
                continue
            loaded = self._remembered_file(path, (model, slug), lambda: self._read_validated(path, slug, model))
            if loaded is None:
                self.unreadable.add(slug)
                continue
            found[slug] = loaded
        return found

    def _load_meetings(self) -> dict[str, LoadedMeeting]:
        meetings: dict[str, LoadedMeeting] = {}
        directory = self.content / "meetings"
        if not directory.is_dir():
            return meetings
        for entry in self.list_folder(directory):
            folder = entry.path
            if not entry.is_folder:
                self._unexpected(folder, "meetings/ holds one folder per meeting")
                continue
            if not self.inside_content(folder):
                continue
            if not self.check_slug(folder, folder.name):
                continue
            meeting = self._load_meeting(folder)
            if meeting is None:
                self.unreadable.add(folder.name)
            else:
                meetings[folder.name] = meeting
        return meetings

    def _load_meeting(self, folder: Path) -> LoadedMeeting | None:
        """The meeting and its papers; None when meeting.md is missing or wrong, but every file
        in the folder is read all the same, so that all of its mistakes are reported in one build."""
        meeting_file = folder / "meeting.md"
        entries = self.list_folder(folder)
        meeting = None
        if Entry(meeting_file, is_folder=False) in entries:
            meeting = self.load_markdown(meeting_file, "meeting", MeetingSource)
        elif not os.path.lexists(meeting_file):  # else it is not a file, which the listing reported
            self.diagnostics.error(
                Position(self.name(folder)),
                "meeting-missing",
                "this meeting folder has no meeting.md",
                "add meeting.md with the meeting's date, time, venue and agenda",
            )
        if meeting is not None:
            self._check_folder_name(folder, meeting)
        minutes, papers = self._load_meeting_files(folder, [entry for entry in entries if entry.path != meeting_file])
        if meeting is None:
            self.stranded.extend(stranded(None, minutes, papers))
            return None
        return LoadedMeeting(folder.name, meeting, minutes, papers)

    def _check_folder_name(self, folder: Path, meeting: LoadedMarkdown) -> None:
        source: MeetingSource = meeting.source
        expected = f"{source.date.isoformat()}-{source.committee}"
        if folder.name != expected:
            self.diagnostics.error(
                meeting.document.position_of(("date",)),
                "meeting-folder",
                f"the folder is '{folder.name}' but the meeting is '{expected}'",
                f"rename the folder to '{expected}' or correct the date and committee",
            )

    def _load_meeting_files(
        self, folder: Path, entries: list[Entry]
    ) -> tuple[LoadedMarkdown | None, dict[str, LoadedMarkdown]]:
        """The minutes and papers beside meeting.md."""
        minutes = None
        papers: dict[str, LoadedMarkdown] = {}
        for entry in entries:
            path = entry.path
            if entry.is_folder or path.suffix.lower() in IMAGE_SUFFIXES:
                continue  # images, and folders of them, are published when a paper shows them
            if path.suffix != ".md":
                self._unexpected(path, "a meeting folder holds meeting.md, minutes.md, papers as .md files and their images")
                continue
            if path.name == "minutes.md":
                minutes = self.load_markdown(path, "minutes", MinutesSource)
                if minutes is None:
                    self.unreadable.add(f"{folder.name}/minutes")
                continue
            slug = path.stem
            if not self.check_slug(path, slug):
                continue
            if slug in RESERVED_PAPER_SLUGS:
                self.diagnostics.error(
                    Position(self.name(path)),
                    "reserved-name",
                    f"'{path.name}' is a name Clerk uses for its own pages",
                    "rename the paper",
                )
                continue
            paper = self.load_markdown(path, slug, PaperSource)
            if paper is None:
                self.unreadable.add(f"{folder.name}/{slug}")
            else:
                papers[slug] = paper
        return minutes, papers

    def _read_validated(self, path: Path, slug: str, model: Any) -> Loaded | None:
        document = self.read_yaml(path)
        source = None if document is None else validate(document, model, self.diagnostics)
        return None if document is None or source is None else Loaded(slug=slug, source=source, document=document)

    def _remembered_file(self, path: Path, kind: tuple[Any, str], read: Callable[[], T]) -> T:
        """`read()`, or what it gave for this file when it last had the same stat (serve only).

        Editors replace or rewrite a saved file, changing its inode, ctime or size,
        so an unchanged stat means unchanged bytes, as for make and rsync.
        """
        if self.memory is None:
            return read()
        try:
            stat = path.stat()
        except OSError:
            return read()
        key = ("file", *kind, str(path), stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
        return remembered(self.memory, self, key, read)

    def load_markdown(self, path: Path, slug: str, model: Any) -> LoadedMarkdown | None:
        return self._remembered_file(path, (model, slug), lambda: self._read_markdown(path, slug, model))

    def _read_markdown(self, path: Path, slug: str, model: Any) -> LoadedMarkdown | None:
        if self.kept is None:
            text = self.read_text(path)
            return None if text is None else self._parse_markdown(path, text, slug, model)
        shown = self.name(path)
        digest = self._unchanged_digest(shown, path)
        if digest is not None:
            found = self.kept.lookup(("loaded", model.__name__, slug, shown, digest), self.diagnostics)
            if found is not None:
                return found[0]  # type: ignore[return-value]
        raw = self.read_bytes(path)
        if raw is None:
            return None
        parts = ("loaded", model.__name__, slug, shown, file_digest(shown, raw))
        parse = reporting_to(self, lambda: self._decode_and_parse(path, raw, slug, model))
        return self.kept.recall(parts, shown, self.diagnostics, parse)

    def _unchanged_digest(self, shown: str, path: Path) -> str | None:
        """The hash of the file's bytes when its stat is still the one `known` holds it by; else None (read it)."""
        known = self.known.get(shown)
        if known is None:
            return None
        key, digest = known
        try:
            found = os.lstat(path)
        except OSError:
            return None
        return digest if stat_key(shown, found) == key else None

    def _decode_and_parse(self, path: Path, raw: bytes, slug: str, model: Any) -> LoadedMarkdown | None:
        text = decode(self.name(path), raw, self.diagnostics)
        return None if text is None else self._parse_markdown(path, text, slug, model)

    def _parse_markdown(self, path: Path, text: str, slug: str, model: Any) -> LoadedMarkdown | None:
        parsed = split_front_matter(self.name(path), text, self.diagnostics)
        if parsed is None:
            return None
        source = validate(parsed.front, model, self.diagnostics)
        if source is None:
            return None
        return LoadedMarkdown(
            slug=slug, source=source, document=parsed.front, body=parsed.body, body_line=parsed.body_line
        )

    def _unexpected(self, path: Path, expectation: str) -> None:
        self.diagnostics.warning(
            Position(self.name(path)),
            "unexpected-file",
            f"'{path.name}' is not part of the site and is ignored",
            expectation,
        )


def _suggest_slug(name: str) -> str:
    from generator.markdown.ids import slugify

    return slugify(name)
