"""`clerk new`: start a meeting, report, minutes or forward plan with its front matter filled in.

The file is named and placed as the loader expects, so it builds at once;
comments in it say what each field is for. An existing file is never
overwritten.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("meeting", "report", "minutes", "forward-plan")


class NewFileError(Exception):
    """What was wrong with the request, and how to put it right."""


@dataclass(frozen=True)
class Request:
    kind: str
    committee: str
    date: dt.date
    title: str | None = None
    time: str = "10:00"
    venue: str | None = None


def slug_of(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:60].strip("-")


def committees(root: Path) -> list[str]:
    return sorted(path.stem for path in (root / "content/committees").glob("*.yaml"))


def target_path(root: Path, request: Request) -> Path:
    folder = root / "content/meetings" / f"{request.date.isoformat()}-{request.committee}"
    if request.kind == "meeting":
        return folder / "meeting.md"
    if request.kind == "minutes":
        return folder / "minutes.md"
    if not request.title or not slug_of(request.title):
        raise NewFileError(f"a {request.kind} needs a title with letters or numbers in it (--title)")
    return folder / f"{slug_of(request.title)}.md"


def create(root: Path, request: Request) -> Path:
    """Write the new file and return its path; raises NewFileError, writing nothing, if it cannot."""
    known = committees(root)
    if request.committee not in known:
        close = difflib.get_close_matches(request.committee, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; the committees are: {', '.join(known) or 'none yet'}"
        raise NewFileError(f"there is no committee '{request.committee}' in content/committees/{hint}")
    path = target_path(root, request)
    if path.exists():
        raise NewFileError(f"{path.relative_to(root)} already exists; Clerk never overwrites a file: edit it, or choose another title")
    if request.kind != "meeting" and not (path.parent / "meeting.md").exists():
        raise NewFileError(
            f"there is no meeting of {request.committee} on {request.date.isoformat()} yet: "
            f"run `clerk new meeting --committee {request.committee} --date {request.date.isoformat()}` first"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATES[request.kind](request)
    # 'x' mode: if another process made the file since the check above, fail rather than overwrite it.
    with path.open("x", encoding="utf-8") as file:
        file.write(text)
    return path


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _meeting(request: Request) -> str:
    venue = request.venue or "Council Chamber"
    return f"""---
# The meeting's committee (a file in content/committees/) and when and where it meets.
committee: {request.committee}
date: {request.date.isoformat()}
time: {_quoted(request.time)}
venue: {_quoted(venue)}
# Who to contact about the agenda: a person's file name in content/people/.
# contact: democratic-services-officer
# The day the agenda is published: Clerk checks the five clear working days' notice.
# agenda_published: {(request.date - dt.timedelta(days=8)).isoformat()}
items:
  - number: 1
    title: Apologies for absence
  # Add each item; list its reports by file name, or mark them 'to_follow: true'.
  # - number: 2
  #   title: Minutes
  #   minutes_of: yyyy-mm-dd-{request.committee}
  # - number: 3
  #   title: Finance monitoring
  #   presenter: Report by the Executive Director of Finance
  #   papers: [finance-monitoring]
---
"""


def _report(request: Request) -> str:
    return f"""---
kind: report
title: {_quoted(request.title or "")}
# People's file names in content/people/.
responsible_officers: []
strategic_impact: |
  Say what difference this report makes to the council's priorities.
executive_summary: |
  Summarise the report in a few sentences.
recommendations: |
  Members are recommended to:

  1) note the report.
contacts: []
# background_papers:
#   - title: The paper's title
#     url: https://www.example.gov.uk/paper
# Paragraphs after a ### sub-heading printed unnumbered? 'numbering: sections' ('none': no numbers at all).
# Not ready to publish? Use 'status: draft', or 'publish_from: yyyy-mm-dd' for an embargo.
---
## Proposal

Each paragraph under a heading is numbered for you (1.1, 1.2 …).

## Evidence

Table 1: Give every table a caption like this one

| Service | Budget £m |
|---|---|
| Example service | 0.000 |
"""


def _minutes(request: Request) -> str:
    return """---
# Who attended: people's file names in content/people/, with their role where they had one.
present: []
#  - person: a-councillor
#    role: chair
apologies: []
concluded: "12:00"
---
## Apologies for absence

Record apologies here.

## Minutes of the previous meeting

::: resolved
That the minutes of the previous meeting be agreed as a correct record and signed by the Chair.
:::
"""


def _forward_plan(request: Request) -> str:
    later = request.date + dt.timedelta(days=56)
    return f"""---
kind: forward-plan
title: {_quoted(request.title or "")}
responsible_officers: []
# One entry per decision coming to the committee. A key decision needs 28 clear days' notice.
# Write each date with its year, even where the printed plan leaves it out.
entries: []
#  - date: {later.isoformat()}
#    issue: The decision to be taken
#    implications: None              # optional, as printed
#    action: To agree the recommendations   # optional: leave out if the plan leaves it blank
#    lead_officer: a-person-in-content-people   # or a job title as printed
#    key_decision: false
---
"""


TEMPLATES = {"meeting": _meeting, "report": _report, "minutes": _minutes, "forward-plan": _forward_plan}
