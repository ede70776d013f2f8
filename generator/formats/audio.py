"""A document read aloud by espeak-ng (British English), as one Ogg Opus file with a chapter per section.

Each chapter is spoken by its own espeak-ng call, so that its start time is
exact (the samples before it, counted), not estimated; the calls cost no
more than one call for the whole document. Each is spoken into a WAV file
named by what it says, in the build's speech folder (FormatSettings
`speech_folder`) when it has one: the agenda pack says again most of what its
papers say, and a chapter already spoken for a paper is not spoken again.
The chapters are joined with a short pause in a file, a block at a time (a
two-hour pack is 300 MB of samples, never held in memory), and encoded once
by opusenc in its speech mode at 16 kbit/s
(complexity 5, 60 ms frames),
mono: espeak-ng speaks at 22.05 kHz and a formant voice loses nothing that
matters at that rate, at about 120 kB a minute. The chapter marks are
Vorbis comments in the file's header, as the Ogg chapter convention has
them (CHAPTER001=00:01:02.345, CHAPTER001NAME=2. Evidence), which players
such as VLC show as chapters.

The recording says first that it is synthetic speech. The page says so
too, but a recording is downloaded, shared and played away from its page,
and a listener who hears a machine mispronounce a name should know at once
that the printed paper is what counts.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.formats.output import Chapter, FormatError, FormatOutput, FormatSettings, FormatSource
from generator.formats.speech import Speaker, SpokenChapter, spoken_chapters

VOICE = "en-gb"
#: espeak-ng's words a minute. Its default, 175, is said at about 155 of our normalised words a minute (figures
#: written out are many short words), close to the 160 a minute that listeners to read documents expect.
RATE = 175
BITRATE_KBITS = 16
#: opusenc's effort. Its default (10) takes twice the processor time of 5 for a file a few per cent smaller;
#: 60 ms frames suit speech at a low bitrate (less overhead per second).
COMPLEXITY = 5
FRAME_MILLISECONDS = 60
#: Between chapters, so that a chapter is heard to start (and never starts where the last one did).
PAUSE_SECONDS = 0.5
MOST_CHAPTER_MARKS = 999
"""The Ogg chapter convention numbers chapters with three digits."""
SPEAK = ["espeak-ng", "-v", VOICE, "-s", str(RATE), "-b", "1", "--stdin"]
#: A WAV file's chunks before its samples (espeak-ng writes 36 bytes of them).
HEAD_BYTES = 4096
BLOCK_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Speech:
    """A chapter spoken by espeak-ng into a WAV file: signed 16-bit little-endian samples from `start`, `size` bytes."""

    wav: Path
    start: int
    size: int
    rate: int
    channels: int


def render(source: FormatSource, settings: FormatSettings) -> FormatOutput:
    chapters = script(source, settings)
    with tempfile.TemporaryDirectory(prefix="clerk-audio-") as temporary:
        # The build's speech folder is on the build's machine: a worker elsewhere (executors.py, Dask) speaks alone.
        shared = settings.speech_folder if settings.speech_folder is not None and settings.speech_folder.is_dir() else None
        speeches = [_speak(chapter.text, shared or Path(temporary)) for chapter in chapters]
        rate, channels = speeches[0].rate, speeches[0].channels
        frame = 2 * channels
        pause = bytes(frame * round(rate * PAUSE_SECONDS))
        recording = Path(temporary) / "recording.raw"
        digest = hashlib.sha256()
        marks: list[Chapter] = []
        written = 0
        # The chapters' samples go through a file a block at a time, never held whole: a two-hour pack is 300 MB.
        with recording.open("wb") as out:
            for chapter, speech in zip(chapters, speeches):
                if (speech.rate, speech.channels) != (rate, channels):
                    raise FormatError("espeak-ng spoke the chapters at different sample rates")
                if written:
                    out.write(pause)
                    digest.update(pause)
                    written += len(pause)
                marks.append(Chapter(chapter.title, written / (frame * rate)))
                for block in _blocks(speech):
                    out.write(block)
                    digest.update(block)
                written += speech.size
        # The stream's serial number is random unless given: one made from the samples keeps a rebuild byte-identical.
        serial = int.from_bytes(digest.digest()[:4], "big") & 0x7FFFFFFF
        data = _encode(recording, rate, channels, serial, marks, source.document.title, settings)
    return FormatOutput(data=data, duration=written / (frame * rate), chapters=tuple(marks))


def script(source: FormatSource, settings: FormatSettings) -> list[SpokenChapter]:
    """What the recording says, chapter by chapter: the first chapter opens by saying that it is synthetic speech."""
    document = source.document
    chapters = spoken_chapters(document, settings.glossary)
    title = document.title or settings.council
    opening = f"This is synthetic speech, a computer reading {Speaker().say(title) or 'a document'}."
    if not chapters:
        return [SpokenChapter(title or "Recording", opening)]
    first = chapters[0]
    return [SpokenChapter(first.title, f"{opening}\n{first.text}"), *chapters[1:]]


def _speak(text: str, folder: Path) -> Speech:
    """`text` spoken into `folder`, named by what it says: text spoken before, for another document of the build
    (a paper and the agenda pack it is in share most of their chapters), is not spoken again."""
    key = hashlib.sha256("\0".join([VOICE, str(RATE), text]).encode("utf-8")).hexdigest()
    wav = folder / f"{key}.wav"
    if not wav.is_file():
        partial = folder / f"{key}.{os.getpid()}.partial"
        # Named from inside the folder: espeak-ng cuts `-w`'s file name at 199 bytes and exits 0 having written
        # elsewhere, and a site (or a staging folder) may be deep in the file system.
        _run([*SPEAK, "-w", partial.name], text.encode("utf-8"), cwd=folder)
        os.replace(partial, wav)  # whole or not at all, for a worker speaking the same text at the same time
    return _samples(wav)


def _samples(wav: Path) -> Speech:
    """Where the samples of espeak-ng's WAV file are. Its data runs to the end of the file, whatever sizes it gives."""
    with wav.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise FormatError("espeak-ng did not write a WAV recording")
    position = 12
    rate, channels = 22050, 1
    while position + 8 <= len(head):
        name, size = head[position : position + 4], int.from_bytes(head[position + 4 : position + 8], "little")
        body = position + 8
        if name == b"fmt ":
            channels = int.from_bytes(head[body + 2 : body + 4], "little")
            rate = int.from_bytes(head[body + 4 : body + 8], "little")
            bits = int.from_bytes(head[body + 14 : body + 16], "little")
            if bits != 16:
                raise FormatError(f"espeak-ng wrote {bits}-bit samples, not 16-bit")
        elif name == b"data":
            size = wav.stat().st_size - body
            return Speech(wav, body, size - size % (2 * channels), rate, channels)
        position = body + size + size % 2
    raise FormatError("espeak-ng's WAV recording has no samples")


def _blocks(speech: Speech) -> Iterator[bytes]:
    with speech.wav.open("rb") as file:
        file.seek(speech.start)
        left = speech.size
        while left:
            block = file.read(min(BLOCK_BYTES, left))
            if not block:
                raise FormatError(f"espeak-ng's WAV recording {speech.wav.name} was cut short")
            left -= len(block)
            yield block


def _encode(
    recording: Path, rate: int, channels: int, serial: int, chapters: list[Chapter], title: str, settings: FormatSettings
) -> bytes:
    command = [
        "opusenc", "--quiet", "--speech", "--bitrate", str(BITRATE_KBITS),
        "--comp", str(COMPLEXITY), "--framesize", str(FRAME_MILLISECONDS),
        "--raw", "--raw-bits", "16", "--raw-rate", str(rate), "--raw-chan", str(channels),
        "--serial", str(serial), "--title", title, "--artist", settings.council,
        "--comment", f"LANGUAGE={settings.language}", "--comment", "COMMENT=Synthetic speech (espeak-ng)",
    ]  # fmt: skip
    for number, chapter in enumerate(chapters[:MOST_CHAPTER_MARKS], start=1):
        command += ["--comment", f"CHAPTER{number:03d}={_timestamp(chapter.start)}"]
        command += ["--comment", f"CHAPTER{number:03d}NAME={_one_line(chapter.title)}"]
    return _run([*command, str(recording), "-"], b"")


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, milliseconds = divmod(milliseconds, 3_600_000)
    minutes, milliseconds = divmod(milliseconds, 60_000)
    return f"{hours:02d}:{minutes:02d}:{milliseconds / 1000:06.3f}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run(command: list[str], data: bytes, cwd: Path | None = None) -> bytes:
    tool = command[0]
    try:
        finished = subprocess.run(command, input=data, capture_output=True, check=False, cwd=cwd)
    except FileNotFoundError:
        raise FormatError(f"{tool} is not installed: install the Debian package {_PACKAGES[tool]}") from None
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip() or "no message"
        raise FormatError(f"{tool} failed (exit status {finished.returncode}): {message}")
    return finished.stdout


_PACKAGES = {"espeak-ng": "espeak-ng", "opusenc": "opus-tools"}
