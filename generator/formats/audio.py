"""A document read aloud by espeak-ng (British English), as one Ogg Opus file with a chapter per section.

Each chapter is spoken by its own espeak-ng call, so that its start time is
exact (the samples before it, counted), not estimated; the calls cost no
more than one call for the whole document. The chapters are joined with a
short pause and encoded once by opusenc in its speech mode at 16 kbit/s
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
import subprocess
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Pcm:
    """Signed 16-bit little-endian samples, as espeak-ng writes them."""

    samples: bytes
    rate: int
    channels: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / (2 * self.channels * self.rate)


def render(source: FormatSource, settings: FormatSettings) -> FormatOutput:
    chapters = script(source, settings)
    pieces: list[Pcm] = [_speak(chapter.text) for chapter in chapters]
    rate, channels = pieces[0].rate, pieces[0].channels
    pause = bytes(2 * channels * round(rate * PAUSE_SECONDS))
    audio = bytearray()
    marks: list[Chapter] = []
    for chapter, piece in zip(chapters, pieces):
        if audio:
            audio += pause
        marks.append(Chapter(chapter.title, len(audio) / (2 * channels * rate)))
        audio += piece.samples
    recording = Pcm(bytes(audio), rate, channels)
    data = _encode(recording, marks, title=source.document.title, council=settings.council, language=settings.language)
    return FormatOutput(data=data, duration=recording.seconds, chapters=tuple(marks))


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


def _speak(text: str) -> Pcm:
    wav = _run(["espeak-ng", "-v", VOICE, "-s", str(RATE), "-b", "1", "--stdin", "--stdout"], text.encode("utf-8"))
    return _pcm(wav)


def _pcm(wav: bytes) -> Pcm:
    """The samples of espeak-ng's WAV. Written to a pipe, its sizes are placeholders: the data runs to the end."""
    if wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        raise FormatError("espeak-ng did not write a WAV recording")
    position = 12
    rate, channels = 22050, 1
    while position + 8 <= len(wav):
        name, size = wav[position : position + 4], int.from_bytes(wav[position + 4 : position + 8], "little")
        body = position + 8
        if name == b"fmt ":
            channels = int.from_bytes(wav[body + 2 : body + 4], "little")
            rate = int.from_bytes(wav[body + 4 : body + 8], "little")
            bits = int.from_bytes(wav[body + 14 : body + 16], "little")
            if bits != 16:
                raise FormatError(f"espeak-ng wrote {bits}-bit samples, not 16-bit")
        elif name == b"data":
            samples = wav[body:]
            return Pcm(samples[: len(samples) - len(samples) % (2 * channels)], rate, channels)
        position = body + size + size % 2
    raise FormatError("espeak-ng's WAV recording has no samples")


def _encode(recording: Pcm, chapters: list[Chapter], title: str, council: str, language: str) -> bytes:
    # The stream's serial number is random unless given: one made from the samples keeps a rebuild byte-identical.
    serial = int.from_bytes(hashlib.sha256(recording.samples).digest()[:4], "big") & 0x7FFFFFFF
    command = [
        "opusenc", "--quiet", "--speech", "--bitrate", str(BITRATE_KBITS),
        "--comp", str(COMPLEXITY), "--framesize", str(FRAME_MILLISECONDS),
        "--raw", "--raw-bits", "16", "--raw-rate", str(recording.rate), "--raw-chan", str(recording.channels),
        "--serial", str(serial), "--title", title, "--artist", council,
        "--comment", f"LANGUAGE={language}", "--comment", "COMMENT=Synthetic speech (espeak-ng)",
    ]  # fmt: skip
    for number, chapter in enumerate(chapters[:MOST_CHAPTER_MARKS], start=1):
        command += ["--comment", f"CHAPTER{number:03d}={_timestamp(chapter.start)}"]
        command += ["--comment", f"CHAPTER{number:03d}NAME={_one_line(chapter.title)}"]
    return _run([*command, "-", "-"], recording.samples)


def _timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, milliseconds = divmod(milliseconds, 3_600_000)
    minutes, milliseconds = divmod(milliseconds, 60_000)
    return f"{hours:02d}:{minutes:02d}:{milliseconds / 1000:06.3f}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _run(command: list[str], data: bytes) -> bytes:
    tool = command[0]
    try:
        finished = subprocess.run(command, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise FormatError(f"{tool} is not installed: install the Debian package {_PACKAGES[tool]}") from None
    if finished.returncode != 0:
        message = finished.stderr.decode("utf-8", "replace").strip() or "no message"
        raise FormatError(f"{tool} failed (exit status {finished.returncode}): {message}")
    return finished.stdout


_PACKAGES = {"espeak-ng": "espeak-ng", "opusenc": "opus-tools"}
