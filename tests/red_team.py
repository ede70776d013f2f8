"""Hostile and careless input, each built as a council officer's `clerk build` would be.

Every probe changes a copy of the minimal site and runs `clerk build` in a
subprocess with a time limit, then asks four things: did it hang, did it
print a traceback, was each error it reported located (a file, line and
column), and did a canary string of withheld material reach `build/` or
`.clerk-cache/`. `tests/test_red_team.py` holds every probe to that;
`python -m tests.red_team` prints the table for a closing note.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tests.sitekit import make_site, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
FOLDER = "content/meetings/2030-01-15-audit"
PAPER = f"{FOLDER}/internal-audit.md"
PERSON = "content/people/bob-member.yaml"
TIMEOUT_SECONDS = 90
#: `path:line:col: error[rule]` as Diagnostic.format prints it.
LOCATED = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning)\[(?P<rule>[a-z0-9-]+)\]", re.M)
#: An error as Diagnostic.format prints it, or as a command's own error; located or not.
UNLOCATED_ERROR = re.compile(r"error\[[a-z0-9-]+\]|^\S+: error: ")
TRACEBACK = "Traceback (most recent call last)"
CANARY = "CANARY-PROBE-5e1d"


def _paper(body: str, front: str = "kind: report\ntitle: Probe paper\n") -> str:
    return f"---\n{front}---\n{body}"


def _listed(slug: str) -> str:
    """The agenda with `slug` listed under item 5 (in place of 'to follow')."""
    return read(MEETING).replace("    to_follow: true\n", f"    papers: [{slug}]\n")


def _with_paper(slug: str, text: str | bytes, extra: dict[str, str | bytes | None] | None = None) -> dict[str, str | bytes | None]:
    return {MEETING: _listed(slug), f"{FOLDER}/{slug}.md": text, **(extra or {})}


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4cf0000000049454e44ae426082"
)


@dataclass(frozen=True)
class Probe:
    name: str
    changes: dict[str, str | bytes | None] = field(default_factory=dict)
    expect: str = "error"
    """'error': the build must refuse, with located errors; 'ok': it must publish; 'either': no preference."""
    prepare: Callable[[Path], None] | None = None
    """For what a dict of file contents cannot make: links, pipes, permissions."""
    pdfs: bool = False
    """Make the PDFs too (slower): for probes whose leak path is a PDF."""
    secret: str | None = None
    """A string that must reach neither build/ nor .clerk-cache/."""
    outputs: tuple[str, ...] = ()
    """Files the build must publish, so that the search for `secret` is proved to have read them."""
    markup: bool = False
    """`secret` is markup that must never reach a page as markup. The open data (data/*.json, whose
    strings test_publishing_safely.py reads back exactly as written) and the search index hold text
    as data (a title `</title><script>` is text there, escaped by Pagefind's script before it is
    shown, and static/search.js sets titles as text), so neither is searched for it."""


@dataclass
class ProbeResult:
    probe: Probe
    returncode: int | None
    located: int
    unlocated: list[str]
    traceback: bool
    hung: bool
    leaked: list[str]
    output: str
    published: bool = False
    """build/index.html exists afterwards: the harness itself is proved to build a site."""
    missing: list[str] = field(default_factory=list)
    """Of the probe's `outputs`, those the build did not publish."""

    @property
    def refused(self) -> bool:
        return self.returncode not in (0, None)

    def problems(self) -> list[str]:
        found = []
        if self.hung:
            found.append(f"hung for {TIMEOUT_SECONDS} s")
        if self.traceback:
            found.append("printed a traceback")
        if self.unlocated:
            found.append(f"errors without a place: {self.unlocated[:3]}")
        if self.leaked:
            found.append(f"withheld text reached {self.leaked[:3]}")
        if not self.hung and self.probe.expect == "error" and not self.refused:
            found.append("published what it should have refused")
        if not self.hung and self.probe.expect == "error" and self.refused and self.located == 0:
            found.append("refused without a located error")
        if not self.hung and self.probe.expect == "ok" and (self.refused or not self.published):
            found.append("refused a good site")
        if self.missing:
            found.append(f"did not publish {self.missing[:3]}, so their search for withheld text proves nothing")
        return found


def _symlink(target: str, link: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / link)

    return make


def _fifo(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        os.mkfifo(root / relative)

    return make


def _outside_secret_svg(root: Path) -> None:
    secret = root.parent / "secret.png"
    secret.write_bytes(PNG_1x1 + CANARY.encode())
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        f'<image href="file://{secret}" width="10" height="10"/></svg>'
    )
    (root / FOLDER / "plan.svg").write_text(svg, encoding="utf-8")


def _unreadable(relative: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        (root / relative).chmod(0)

    return make


#: The open data and the sitemap (the sitemap made only where site.yaml gives the site's address, as the minimal site's does).
OPEN_DATA = tuple(f"data/{name}.json" for name in ("committees", "people", "memberships", "meetings", "papers", "decisions")) + ("sitemap.xml",)


def _exempt_item(slug: str) -> str:
    return read(MEETING).replace(
        "    to_follow: true\n", f"    exempt_paragraph: 3\n    papers: [{slug}]\n"
    )


PROBES: tuple[Probe, ...] = (
    Probe("the-minimal-site-as-it-is", expect="ok"),
    # -- the issue's own points, kept as probes so they stay fixed --------------------------------
    Probe("svg-script", _with_paper("svg", _paper("![Plan](plan.svg)\n"), {
        f"{FOLDER}/plan.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'})),
    Probe("svg-file-reference-outside", _with_paper("svg", _paper("![Plan](plan.svg)\n")), prepare=_outside_secret_svg,
          pdfs=True, secret=CANARY),
    Probe("remote-image", _with_paper("remote", _paper("![Plan](http://127.0.0.1:9/plan.png)\n"))),
    Probe("passwd-as-png", _with_paper("fake", _paper("![Plan](plan.png)\n"), {f"{FOLDER}/plan.png": b"root:x:0:0:root:/root:/bin/bash\n"})),
    Probe("named-pipe-in-meeting", prepare=_fifo(f"{FOLDER}/pipe.md")),
    Probe("symlink-loop", prepare=lambda root: (_symlink("loop-b.md", f"{FOLDER}/loop-a.md")(root),
                                                 _symlink("loop-a.md", f"{FOLDER}/loop-b.md")(root))),
    Probe("dangling-symlink", prepare=_symlink("nowhere.md", f"{FOLDER}/dangling.md")),
    Probe("folder-linking-to-its-parent", prepare=_symlink("..", f"{FOLDER}/images")),
    Probe("unlisted-paper-held-back", {f"{FOLDER}/forgotten.md": _paper(f"## Draft\n\n{CANARY} text.\n")}, expect="ok", secret=CANARY, outputs=OPEN_DATA),
    Probe("link-to-missing-paper", _with_paper("links", _paper("See [the other paper](other-paper.md).\n"))),
    # -- files of the wrong kind or shape ----------------------------------------------------------
    Probe("binary-meeting", {MEETING: b"\x00\x01\x02\xff\xfe" * 100}),
    Probe("utf16-paper", _with_paper("utf16", _paper("## Heading\n\nText.\n").encode("utf-16"))),
    Probe("bom-paper", _with_paper("bom", b"\xef\xbb\xbf" + _paper("## Heading\n\nText.\n").encode()), expect="either"),
    Probe("crlf-paper", _with_paper("crlf", _paper("## Heading\r\n\r\nText.\r\n").replace("\n", "\r\n")), expect="ok"),
    Probe("empty-meeting", {MEETING: ""}),
    Probe("front-matter-unclosed", _with_paper("unclosed", "---\nkind: report\ntitle: Probe\n## Heading\n")),
    Probe("front-matter-is-a-list", _with_paper("alist", "---\n- kind\n- report\n---\nText.\n")),
    Probe("yaml-alias-bomb", _with_paper("bomb", "---\nkind: report\ntitle: &a [x, x, x, x, x, x, x, x, x]\n"
                                                  "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                                  "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\nx\n")),
    Probe("yaml-python-tag", _with_paper("tag", "---\nkind: report\ntitle: !!python/object/apply:os.system ['echo PWNED']\n---\nx\n")),
    Probe("yaml-deep-nesting", _with_paper("deep", "---\nkind: report\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\nx\n")),
    Probe("yaml-duplicate-key", _with_paper("dupkey", "---\nkind: report\ntitle: One\ntitle: Two\n---\nx\n")),
    Probe("invalid-date", {MEETING: read(MEETING).replace("date: 2030-01-15", "date: 2030-02-30")}),
    Probe("invalid-time", {MEETING: read(MEETING).replace('time: "10:00"', 'time: "25:99"')}),
    Probe("negative-item-number", {MEETING: read(MEETING).replace("number: 5", "number: -5")}),
    Probe("unknown-committee", {MEETING: read(MEETING).replace("committee: audit", "committee: audiit")}),
    Probe("person-slug-traversal", {MEETING: read(MEETING).replace("contact: olive-officer", "contact: ../../etc/passwd")}),
    Probe("paper-slug-traversal", {MEETING: _listed("../../../etc/passwd")}),
    Probe("upper-case-file-name", {f"{FOLDER}/Budget.md": _paper("Text.\n")}),
    Probe("reserved-paper-name", {f"{FOLDER}/index.md": _paper("Text.\n")}),
    Probe("file-over-size-limit", _with_paper("huge", _paper("x" * (2 * 1024 * 1024 + 10)))),
    Probe("site-yaml-missing", {"site.yaml": None}),
    Probe("site-yaml-broken", {"site.yaml": "council: [unclosed\n"}),
    Probe("content-is-a-file", {"content": None}, prepare=lambda root: (root / "content").write_text("x")),
    Probe("symlink-to-passwd", prepare=_symlink("/etc/passwd", f"{FOLDER}/passwd.md")),
    Probe("symlinked-meeting-folder-outside", prepare=_symlink("/etc", "content/meetings/2030-02-01-audit")),
    Probe("unreadable-paper", prepare=_unreadable(PAPER), expect="either"),
    Probe("named-pipe-in-people", prepare=_fifo("content/people/pipe.yaml")),
    # -- Markdown that tries to be something else ---------------------------------------------------
    Probe("raw-script", _with_paper("script", _paper("<script>alert(1)</script>\n\nText.\n")), secret="<script>alert"),
    Probe("javascript-link", _with_paper("jslink", _paper("[Click](javascript:alert(1))\n")), expect="either",
          secret='href="javascript:'),
    Probe("image-path-traversal", _with_paper("trav", _paper("![Passwords](../../../../../../etc/passwd)\n"))),
    Probe("attribute-event-handler", _with_paper("attr", _paper("## Heading {onclick=alert(1)}\n\nText.\n")), expect="either",
          secret='onclick="'),
    Probe("attribute-line-event-handler", _with_paper("attrline", _paper('{onclick="alert(1)"}\nText.\n')), secret='onclick="'),
    Probe("svg-external-entity", _with_paper("xxe", _paper("![Plan](plan.svg)\n"), {
        f"{FOLDER}/plan.svg": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                              '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>'}), pdfs=True, secret="root:x:0:0"),
    Probe("svg-stylesheet-import", _with_paper("svgcss", _paper("![Plan](plan.svg)\n"), {
        f"{FOLDER}/plan.svg": '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://127.0.0.1:9/x.css);</style></svg>'})),
    Probe("deep-blockquotes", _with_paper("quotes", _paper(">" * 3000 + " deep\n")), expect="either"),
    Probe("deep-lists", _with_paper("lists", _paper("".join("  " * depth + "- item\n" for depth in range(400)))), expect="either"),
    Probe("wide-table", _with_paper("wide", _paper("Table 1: Wide\n\n|" + "|".join(f"C{i}" for i in range(300)) + "|\n|"
                                                   + "|".join("---" for _ in range(300)) + "|\n|" + "|".join("1" for _ in range(300)) + "|\n")),
          expect="either"),
    Probe("jinja-in-front-matter", _with_paper("jinja", _paper("Text.\n", "kind: report\ntitle: '{{ 7*7 }} {% raw %}'\n")),
          expect="ok"),
    Probe("html-in-title", _with_paper("title", _paper("Text.\n", "kind: report\ntitle: '</title><script>alert(1)</script>'\n")),
          expect="either", secret="<script>alert", markup=True),
    Probe("link-to-withheld-paper", _with_paper("linker", _paper("See [the draft](draft-paper.md).\n"), {
        f"{FOLDER}/draft-paper.md": _paper(f"{CANARY}\n", "kind: report\ntitle: Draft\nstatus: draft\n")}), secret=CANARY),
    Probe("exempt-paper-canary", {MEETING: _exempt_item("sale"), f"{FOLDER}/sale.md": _paper(f"## Terms\n\n{CANARY}\n")},
          expect="ok", pdfs=True, secret=CANARY, outputs=OPEN_DATA),
    # The decisions register names the report a minute decided on: never a withheld one.
    Probe("decision-on-a-draft-paper-canary", _with_paper("risks", _paper(f"{CANARY}\n", f"kind: report\ntitle: {CANARY}\nstatus: draft\n"), {
        f"{FOLDER}/minutes.md": "---\npresent:\n  - person: ann-chair\n---\n"
        + "".join(f"## {title}\n\nConsidered.\n\n" for title in ("Apologies", "Minutes", "Internal audit report", "Forward plan"))
        + "## Risk register\n\n::: resolved\nThat the risks be noted.\n:::\n"}), expect="ok", secret=CANARY, outputs=OPEN_DATA),
    Probe("embargoed-paper-canary", _with_paper("later", _paper(f"{CANARY}\n", "kind: report\ntitle: Later\npublish_from: 2099-01-01\n")),
          expect="ok", secret=CANARY, outputs=OPEN_DATA),
    # -- issue keys and forward plans: a withheld plan's or an exempt item's key reaches no page ------
    Probe("draft-forward-plan-issue-key-canary", _with_paper("plan", _paper("", (
        "kind: forward-plan\ntitle: Plan\nstatus: draft\nentries:\n  - date: 2030-03-01\n"
        f"    issue: {CANARY} sale\n    issue_key: {CANARY.lower()}\n    lead_officer: olive-officer\n    key_decision: true\n"))),
          expect="ok", secret=CANARY, outputs=OPEN_DATA),
    Probe("exempt-item-issue-key-canary", {MEETING: _exempt_item("sale").replace(
        "    exempt_paragraph: 3\n", f"    exempt_paragraph: 3\n    issue: {CANARY.lower()}\n"),
        f"{FOLDER}/sale.md": _paper("## Terms\n\nText.\n", f"kind: report\ntitle: Sale\nissue: {CANARY.lower()}-paper\n")},
          expect="ok", secret=CANARY, outputs=OPEN_DATA),
    # Calendars (meetings.ics and each meeting's meeting.ics) give the agenda's item titles: an exempt
    # item's as on the agenda, never what its paper says, nor a draft's or an embargoed paper's title.
    Probe("calendar-withheld-titles-canary", {MEETING: read(MEETING).replace(
        "    title: Risk register\n    to_follow: true\n",
        "    title: Risk register\n    exempt_paragraph: 3\n    papers: [sale]\n  - number: 6\n    title: Later\n    papers: [held, later]\n"),
        f"{FOLDER}/sale.md": _paper(f"{CANARY}\n", "kind: report\ntitle: Sale terms\n"),
        f"{FOLDER}/held.md": _paper(f"{CANARY}\n", f"kind: report\ntitle: {CANARY} draft\nstatus: draft\n"),
        f"{FOLDER}/later.md": _paper(f"{CANARY}\n", f"kind: report\ntitle: {CANARY} later\npublish_from: 2099-01-01\n")},
          expect="ok", secret=CANARY, outputs=("meetings.ics", "committees/audit/meetings.ics", "meetings/2030-01-15-audit/meeting.ics")),
    # -- the Atom feeds list what is published: never a draft's, an embargoed or an exempt paper's title or name --
    Probe("withheld-papers-in-feeds-canary", {
        MEETING: read(MEETING).replace("    to_follow: true\n", "    papers: [draft-paper, later]\n  - number: 6\n    title: Sale of land\n"
                                       f"    exempt_paragraph: 3\n    papers: [{CANARY.lower()}-sale]\n"),
        f"{FOLDER}/draft-paper.md": _paper(f"{CANARY}\n", f"kind: report\ntitle: {CANARY} draft\nstatus: draft\n"),
        f"{FOLDER}/later.md": _paper(f"{CANARY}\n", f"kind: report\ntitle: {CANARY} later\npublish_from: 2099-01-01\n"),
        f"{FOLDER}/{CANARY.lower()}-sale.md": _paper(f"## Terms\n\n{CANARY}\n", "kind: report\ntitle: Sale\n"),
    }, expect="ok", secret=CANARY, outputs=("feed.xml", "committees/audit/feed.xml")),
    Probe("template-dividing-by-zero", prepare=lambda root: ((root / "templates").mkdir(),
                                                               (root / "templates" / "person.html").write_text("{{ 1 // 0 }}"))),
    Probe("broken-template-override", prepare=lambda root: ((root / "templates").mkdir(),
                                                              (root / "templates" / "meeting.html").write_text("{% if %}"))),
)


def _leaks(
    root: Path, secret: str, markup: bool = False, folders: tuple[str, ...] = ("build", ".clerk-cache"), skip: tuple[str, ...] = ()
) -> list[str]:
    """Every file under `folders` (build/ and .clerk-cache/) but those under `skip` holding `secret`, PDF streams and
    (unless `secret` is `markup`) the search index decompressed; `markup` is looked for in neither the index, the open
    data nor plain text (where a title is shown as the text it is, as in the PDF's text)."""
    found = []
    needle = secret.encode()
    skipped = [root / name for name in skip]
    for folder in (root / name for name in folders):
        for path in folder.rglob("*") if folder.is_dir() else ():
            if not path.is_file() or any(path.is_relative_to(place) for place in skipped):
                continue
            if markup and path.suffix == ".json" and path.parent == root / "build" / "data":
                continue
            if markup and path.suffix == ".txt" and (path.name != "UNCHECKED.txt"):
                continue
            data = path.read_bytes()
            if needle in data or needle.lower() in data or (path.suffix == ".pdf" and _in_pdf_streams(data, needle)):
                found.append(path.relative_to(root).as_posix())
            elif not markup and path.suffix in PAGEFIND_SUFFIXES and _in_gzip(data, needle):
                found.append(path.relative_to(root).as_posix())
    return found


#: Pagefind's index files (search), each gzip'd: a canary in them would not show in their bytes.
PAGEFIND_SUFFIXES = {".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"}


def _in_gzip(data: bytes, needle: bytes) -> bool:
    try:
        text = gzip.decompress(data)
    except (OSError, EOFError):
        return False
    return needle in text or needle.lower() in text


def _in_pdf_streams(data: bytes, needle: bytes) -> bool:
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            if needle in zlib.decompress(match.group(1)):
                return True
        except zlib.error:
            continue
    return False


def run_probe(probe: Probe, workdir: Path) -> ProbeResult:
    root = make_site(workdir, probe.changes)
    if probe.prepare is not None:
        probe.prepare(root)
    command = [sys.executable, "-m", "generator", "build", "--root", str(root), "--no-browser-checks", "--today", "2030-01-01"]
    if not probe.pdfs:
        command.append("--no-pdfs")
    environment = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=environment, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as expired:
        output = (expired.stderr or b"").decode(errors="replace") if isinstance(expired.stderr, bytes) else (expired.stderr or "")
        return ProbeResult(probe, None, 0, [], TRACEBACK in output, True, [], output)
    output = completed.stdout + completed.stderr
    located = [match for match in LOCATED.finditer(output) if match["severity"] == "error"]
    unlocated = [line for line in output.splitlines() if UNLOCATED_ERROR.search(line) and not LOCATED.match(line)]
    leaked = _leaks(root, probe.secret, probe.markup, skip=_kept_as_written(probe)) if probe.secret else []
    published = (root / "build" / "index.html").is_file()
    missing = [path for path in probe.outputs if published and not (root / "build" / path).is_file()]
    return ProbeResult(probe, completed.returncode, len(located), unlocated, TRACEBACK in output, False, leaked, output, published, missing)


def _kept_as_written(probe: Probe) -> tuple[str, ...]:
    """Where a probe's secret may be. Withheld text (the canary) and what a file must never let in (another
    file's contents) may be nowhere in build/ or .clerk-cache/. Hostile markup an officer typed is different: the
    content cache keeps each public file's front matter and Markdown as written (content_cache.py), data that is
    never served, so there, and only there, it may be."""
    from generator.content_cache import FOLDER

    written = probe.secret is not None and probe.secret != CANARY and any(
        isinstance(text, str) and probe.secret in text for text in probe.changes.values())
    return (f".clerk-cache/{FOLDER}",) if written else ()


def run_all(probes: tuple[Probe, ...] = PROBES, workers: int = 2) -> list[ProbeResult]:
    with tempfile.TemporaryDirectory(prefix="clerk-red-team-") as folder:
        def one(pair: tuple[int, Probe]) -> ProbeResult:
            index, probe = pair
            workdir = Path(folder) / f"{index:02d}-{probe.name}"
            workdir.mkdir()
            return run_probe(probe, workdir)

        with ThreadPoolExecutor(workers) as pool:
            return list(pool.map(one, enumerate(probes)))


def table(results: list[ProbeResult]) -> str:
    lines = ["| probe | expected | outcome | located errors | traceback | hung | leaks | problems |", "|---|---|---|---|---|---|---|---|"]
    for result in results:
        outcome = "hung" if result.hung else ("refused" if result.refused else "published")
        lines.append(
            f"| {result.probe.name} | {result.probe.expect} | {outcome} | {result.located} | {'yes' if result.traceback else 'no'} | "
            f"{'yes' if result.hung else 'no'} | {len(result.leaked)} | {'; '.join(result.problems()) or '—'} |"
        )
    lines.append("")
    lines.append(
        f"Totals: {len(results)} tried, {sum(1 for r in results if r.refused and r.located)} refused with located errors, "
        f"{sum(1 for r in results if r.traceback)} tracebacks, {sum(1 for r in results if r.hung)} hangs, "
        f"{sum(1 for r in results if r.leaked)} leaks, {sum(1 for r in results if r.problems())} with problems."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(run_all()))
