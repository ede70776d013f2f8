"""A document's recording: espeak-ng's speech in Ogg Opus, a chapter per section, marked in the file and given to the page.

One real paper of the example (the finance monitoring report, about eleven minutes) is rendered once for
the module; the agenda pack (two hours) is measured by hand, not here.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import tracemalloc
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import generator.build
from generator.build import build, load_site
from generator.diagnostics import Diagnostics
from generator.formats import audio
from generator.formats.audio import FormatError, render, script
from generator.formats.document import Document, Heading, Paragraph, read_document
from generator.formats.output import FormatOutput, FormatSettings, FormatSource
from generator.formats.speech import count_words
from generator.markdown.links import local_link
from generator.render.html import HtmlRenderer, template_folders
from generator.render.pages import plan_pages
from tests.example_site import EXAMPLE_TODAY
from tests.sitekit import REPO, make_site, site_yaml

PAPER = "meetings/2017-10-12-digital-innovation-and-efficiency/finance-monitoring/"
SETTINGS = FormatSettings(
    "Norfolk County Council", "en-GB", (("IMT", "Information Management and Technology"),)
)
WORDS_A_MINUTE = 160

needs_tools = pytest.mark.skipif(
    not (shutil.which("espeak-ng") and shutil.which("opusenc") and shutil.which("opusdec")),
    reason="espeak-ng and opus-tools are installed by `make` (Debian packages)",
)


def print_html(url: str) -> str:
    """The example page's print HTML (standard edition), as its PDF is made from."""
    diagnostics = Diagnostics()
    site = load_site(REPO, diagnostics, EXAMPLE_TODAY)
    assert site is not None and not diagnostics.errors
    page = next(page for page in plan_pages(site, Diagnostics()) if page.url == url)
    renderer = HtmlRenderer(template_folders(REPO), site, site.today)
    return renderer.render(
        page, template=page.pdf_template, url=local_link, large_type=False, edition="standard", downloads=[]
    )


def source(html: str) -> FormatSource:
    return FormatSource(html, read_document(html), "x/")


@pytest.fixture(scope="module")
def paper() -> tuple[FormatSource, FormatOutput]:
    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    paper_source = source(print_html(PAPER))
    return paper_source, render(paper_source, SETTINGS)


def opus_tags(data: bytes) -> list[str]:
    """The comments of an Ogg Opus file (its second packet, OpusTags), read from the Ogg pages."""
    packets: list[bytes] = []
    packet = b""
    position = 0
    while position < len(data) and len(packets) < 2:
        assert data[position : position + 4] == b"OggS"
        segments = data[position + 26]
        lacing = data[position + 27 : position + 27 + segments]
        body = position + 27 + segments
        for size in lacing:
            packet += data[body : body + size]
            body += size
            if size < 255:
                packets.append(packet)
                packet = b""
        position = body
    tags = packets[1]
    assert tags[:8] == b"OpusTags"
    vendor = int.from_bytes(tags[8:12], "little")
    at = 12 + vendor
    count = int.from_bytes(tags[at : at + 4], "little")
    at += 4
    comments = []
    for _ in range(count):
        size = int.from_bytes(tags[at : at + 4], "little")
        comments.append(tags[at + 4 : at + 4 + size].decode("utf-8"))
        at += 4 + size
    return comments


@needs_tools
def test_a_papers_recording_decodes_to_as_long_as_it_says(paper, tmp_path):
    _, output = paper
    recording = tmp_path / "paper.opus"
    recording.write_bytes(output.data)
    decoded = tmp_path / "paper.wav"
    subprocess.run(["opusdec", "--quiet", str(recording), str(decoded)], check=True)
    seconds = float(subprocess.run(["soxi", "-D", str(decoded)], capture_output=True, text=True, check=True).stdout)
    assert seconds == pytest.approx(output.duration, abs=0.1)


@needs_tools
def test_a_papers_recording_lasts_about_its_words_at_160_a_minute(paper):
    paper_source, output = paper
    words = sum(count_words(chapter.text) for chapter in script(paper_source, SETTINGS))
    expected = words / WORDS_A_MINUTE * 60
    assert words > 1000
    assert 0.75 * expected <= output.duration <= 1.25 * expected


@needs_tools
def test_a_papers_recording_has_a_chapter_per_section_marked_in_the_file(paper):
    paper_source, output = paper
    sections = paper_source.document.sections()
    assert [chapter.title for chapter in output.chapters] == [
        section.heading.text if section.heading else paper_source.document.title for section in sections
    ]
    tags = opus_tags(output.data)
    marks = [tag for tag in tags if tag.startswith("CHAPTER") and not tag.split("=")[0].endswith("NAME")]
    names = [tag.split("=", 1)[1] for tag in tags if tag.split("=")[0].endswith("NAME")]
    assert len(marks) == len(sections) == len(names)
    assert names[5] == "2. Evidence"
    assert marks[0] == "CHAPTER001=00:00:00.000"
    assert f"title={paper_source.document.title}" in tags


@needs_tools
def test_chapter_starts_increase_and_are_inside_the_recording(paper):
    _, output = paper
    starts = [chapter.start for chapter in output.chapters]
    assert starts[0] == 0
    assert all(earlier < later for earlier, later in itertools.pairwise(starts))
    assert starts[-1] < output.duration


@needs_tools
def test_the_recording_first_says_that_it_is_synthetic_speech(paper):
    paper_source, _ = paper
    opening = script(paper_source, SETTINGS)[0].text
    assert opening.startswith("This is synthetic speech, a computer reading Finance Monitoring")


@needs_tools
def test_the_same_document_makes_the_same_bytes():
    # A rebuild must not change a file that did not change (the stream serial number is otherwise random).
    document = Document("Short", "en-GB", "", (Heading(2, "One"), Paragraph("Hello."), Heading(2, "Two")))
    first = render(FormatSource("", document, "x/"), SETTINGS)
    assert render(FormatSource("", document, "x/"), SETTINGS).data == first.data
    assert len(first.chapters) == 2


@needs_tools
@pytest.mark.parametrize(
    "document",
    [
        Document("", "", "", ()),
        Document("Odd", "en-GB", "", (Heading(2, ""), Paragraph("😀 e\u0301 مرحبا שלום \x00 \u202e"), Heading(2, "…"))),
    ],
    ids=["empty", "odd characters"],
)
def test_any_document_is_recorded_without_a_crash(document):
    output = render(FormatSource("", document, "x/"), SETTINGS)
    assert output.data[:4] == b"OggS" and output.duration and output.duration > 0
    assert len(output.chapters) == max(1, len(document.sections()))


def test_without_espeak_ng_the_format_fails_with_a_clear_error(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FormatError, match="espeak-ng is not installed"):
        render(FormatSource("", Document("T", "en-GB", "", (Paragraph("Hello."),)), "x/"), SETTINGS)


@needs_tools
def test_a_tool_that_fails_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(audio, "BITRATE_KBITS", 9999)
    with pytest.raises(FormatError, match="opusenc failed .*bitrate"):
        render(FormatSource("", Document("T", "en-GB", "", (Paragraph("Hello."),)), "x/"), SETTINGS)


def test_a_recordings_chapters_are_listed_under_its_link_with_their_start_times():
    from generator.formats.facts import ChapterStart, FormatFacts

    facts = FormatFacts(1_500_000, 664.2, (ChapterStart("Strategic impact", 32.4), ChapterStart("2. Evidence", 154.7)))
    again = FormatFacts.from_json(facts.to_json())
    assert again == facts
    assert [(chapter.clock, chapter.iso) for chapter in again.chapters] == [("0:32", "PT32S"), ("2:34", "PT2M34S")]
    assert ChapterStart("Long", 3725).clock == "1:02:05"
    assert facts.describe("Ogg Opus audio") == "Ogg Opus audio, 11 min 4 s, 1.4 MB"


def _spoken_texts(monkeypatch) -> list[str]:
    """What espeak-ng is asked to say, one text per call, from now on in this process."""
    spoken: list[str] = []
    run = audio._run

    def recording(command, data, cwd=None):
        if command[0] == "espeak-ng":
            spoken.append(data.decode("utf-8"))
        return run(command, data, cwd)

    monkeypatch.setattr(audio, "_run", recording)
    return spoken


LONG_DOCUMENT = Document(
    "Long", "en-GB", "",
    tuple(block for part in range(4) for block in (Heading(2, f"Part {part}"), Paragraph("The budget rose by four per cent. " * 40))),
)  # fmt: skip


@needs_tools
def test_a_recording_never_holds_its_sound_in_memory():
    """The samples go from espeak-ng to opusenc through files, a block at a time: a two-hour agenda pack
    once held 1.2 GB. Here about four minutes of speech (10 MB of samples) may take at most 3 MB at its peak."""
    tracemalloc.start()
    try:
        output = render(FormatSource("", LONG_DOCUMENT, "x/"), SETTINGS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    samples = output.duration * 22050 * 2
    assert samples > 8_000_000, "long enough to tell"
    assert peak < 3_000_000, f"{peak / 1e6:.1f} MB at the peak for {samples / 1e6:.1f} MB of samples"


@needs_tools
def test_a_chapter_already_spoken_in_the_builds_speech_folder_is_not_spoken_again(monkeypatch, tmp_path):
    """The agenda pack says again what its papers say: in one build, each chapter is spoken once, and the pack's
    recording is the same, chapters and length, as if it had been spoken afresh."""
    sections = [(Heading(2, name), Paragraph(f"{name} says this.")) for name in ("One", "Two", "Three")]
    paper = Document("Paper", "en-GB", "", tuple(block for section in sections for block in section))
    pack = Document("Pack", "en-GB", "", (Heading(2, "Agenda"), Paragraph("Items."), *paper.blocks))
    afresh = render(FormatSource("", pack, "x/"), SETTINGS)
    shared = replace(SETTINGS, speech_folder=tmp_path)
    spoken = _spoken_texts(monkeypatch)
    render(FormatSource("", paper, "x/"), shared)
    said_for_the_paper = len(spoken)
    again = render(FormatSource("", pack, "x/"), shared)
    # The paper's first chapter opens with "This is synthetic speech": only its others are the pack's too.
    assert said_for_the_paper == 3 and spoken[3:] == [script(FormatSource("", pack, "x/"), SETTINGS)[0].text, "One.\nOne says this."]
    assert again == afresh
    assert [chapter.title for chapter in again.chapters] == ["Agenda", "One", "Two", "Three"]
    tags = opus_tags(again.data)
    assert f"CHAPTER004={audio._timestamp(again.chapters[3].start)}" in tags and "CHAPTER004NAME=Three" in tags


@needs_tools
def test_a_build_speaks_each_chapter_once_though_the_pack_repeats_its_papers(monkeypatch, tmp_path):
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 1)  # workers here, where the spy sees them
    spoken = _spoken_texts(monkeypatch)
    root = make_site(tmp_path, {"site.yaml": site_yaml().replace("  audio: false\n", "  audio: true\n")})
    result = build(root, tmp_path / "out", cache_folder=tmp_path / "cache", gate=None, pdfs=False, publish_site=False)
    assert result.ok, result.diagnostics.report()
    assert spoken and [text for text, times in Counter(spoken).items() if times > 1] == []


@needs_tools
def test_a_builds_speech_is_kept_beside_its_staging_folder_and_gone_after_it(monkeypatch, tmp_path):
    """Speech runs to hundreds of megabytes: named after the staging folder, a killed build's is cleared with it by
    the next build (publish.build_lock), never left behind in /tmp."""
    monkeypatch.setattr(generator.build.os, "cpu_count", lambda: 1)  # workers here, where the spy sees them
    folders: set[Path] = set()
    run = audio._run

    def recording(command, data, cwd=None):
        if command[0] == "espeak-ng":
            folders.add(Path(cwd))  # espeak-ng writes its file there, by a name from inside it
        return run(command, data, cwd)

    monkeypatch.setattr(audio, "_run", recording)
    root = make_site(tmp_path, {"site.yaml": site_yaml().replace("  audio: false\n", "  audio: true\n")})
    result = build(root, tmp_path / "out", cache_folder=tmp_path / "cache", gate=None, pdfs=False)
    assert result.ok, result.diagnostics.report()
    [folder] = folders
    assert folder.parent == tmp_path and folder.name.startswith(".out-staging-"), folder
    assert not folder.exists()


def test_speech_is_kept_in_a_folder_whose_path_is_longer_than_espeak_ngs_file_name_buffer(tmp_path: Path):
    # espeak-ng cuts `-w`'s file name at 199 bytes and exits 0 having written elsewhere: a site in a deep folder
    # (or a test run under pytest-xdist) lost every recording.
    folder = tmp_path / ("d" * 120) / ("e" * 60)
    folder.mkdir(parents=True)
    speech = audio._speak("Item one: apologies for absence.", folder)
    assert speech.wav.parent == folder and speech.wav.is_file() and speech.size > 0
    assert sorted(p.suffix for p in folder.iterdir()) == [".wav"], "the recording, and no partial file, is left"
