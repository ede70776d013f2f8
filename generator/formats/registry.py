"""Every format a document is published in besides HTML and PDF, one line each.

An entry names the format's `site.yaml` switch, its file suffix and media
type, how its download link reads, the module whose `render` makes it
(output.py: imported only in the worker that runs it), the commands whose
versions its output depends on, and any other modules whose code shapes it.
Registering a format is one line in FORMATS, e.g.

    Format("braille", ".brf", "text/plain", "Read {what} in braille", "Braille-ready file (BRF)", "braille",
           "generator.formats.braille", (("lou_translate", "--version"),)),
"""

from __future__ import annotations

import importlib.util
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.config import SiteConfig
from generator.formats.output import FormatSettings

FORMATS_FOLDER = Path(__file__).resolve().parent
#: Code every format reads its input through: a change to it makes every format again.
SHARED_CODE = ("document.py", "output.py")


@dataclass(frozen=True)
class Format:
    name: str
    """Its switch under site.yaml `formats:` and its cache folder (`.clerk-cache/formats/<name>/`)."""
    suffix: str
    """The file's suffix, beside the PDF: finance-monitoring.txt."""
    media_type: str
    label: str
    """The download link, `{what}` being "this report", "the minutes" or "the agenda pack…"."""
    kind: str
    """What the file is, first in its facts: "Plain text" → "Plain text, 12 KB"."""
    short_name: str
    """How the alternative-formats notice names it among the others: "plain text"."""
    module: str
    """The module whose `render(source, settings)` makes it."""
    commands: tuple[tuple[str, ...], ...] = ()
    """Commands it runs, each as the command line that prints its version (part of every cache key)."""
    code: tuple[str, ...] = ()
    """Other modules of generator/formats/ whose code shapes its output (speech.py for audio)."""
    in_workers: bool = False
    """Made in spawned worker processes, for a format that takes seconds a document (audio). The others take a
    fraction of a second and are made in the build's own process: a worker costs more to start than that."""

    def code_bytes(self) -> list[bytes]:
        """The code that makes this format: its module, the others it names, and the shared reading of documents."""
        spec = importlib.util.find_spec(self.module)
        assert spec is not None and spec.origin is not None, self.module
        files = [Path(spec.origin), *(FORMATS_FOLDER / name for name in (*self.code, *SHARED_CODE))]
        return [file.read_bytes() for file in files]


PLAIN_TEXT = Format(
    "text", ".txt", "text/plain; charset=utf-8", "Read {what} as plain text", "Plain text", "plain text",
    "generator.formats.plain_text",
)  # fmt: skip

BRAILLE = Format(
    "braille", ".brf", "text/plain; charset=us-ascii", "Read {what} in braille", "Braille-ready file (BRF, UEB grade 2)",
    "braille", "generator.formats.braille", (("lou_translate", "--version"),), ("braille_layout.py",),
)  # fmt: skip
EPUB = Format(
    "epub", ".epub", "application/epub+zip", "Read {what} as an e-book", "EPUB 3", "EPUB e-book",
    "generator.formats.epub", (), ("epub_xhtml.py", "epub.css"),
)  # fmt: skip

AUDIO = Format(
    "audio", ".opus", "audio/ogg; codecs=opus", "Listen to {what} read by synthetic speech", "Ogg Opus audio",
    "audio", "generator.formats.audio", (("espeak-ng", "--version"), ("opusenc", "--version")), ("speech.py",),
    in_workers=True,
)  # fmt: skip

FORMATS: tuple[Format, ...] = (PLAIN_TEXT, BRAILLE, EPUB, AUDIO)
#: The switches site.yaml `formats:` has, registered or not yet (config.py FormatsConfig).
SWITCHES = ("text", "braille", "audio", "epub")


def tool_version(command: tuple[str, ...]) -> str:
    """The first line a tool prints about its version; "missing" when it cannot be run (the renderer then fails, clearly)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    printed = (done.stdout or done.stderr).strip().splitlines()
    return printed[0] if printed else f"exit {done.returncode}"


def enabled(config: SiteConfig) -> tuple[Format, ...]:
    """The registered formats site.yaml switches on (all of them, unless it says otherwise)."""
    return tuple(format for format in FORMATS if getattr(config.formats, format.name))


def format_settings(config: SiteConfig) -> FormatSettings:
    return FormatSettings(config.council, config.language, tuple(config.glossary.items()))
