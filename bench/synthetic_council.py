"""A synthetic council for benchmarks: committees, meetings, reports and minutes in Clerk's format.

`write_council(folder, papers)` writes a site with `papers` papers: each
meeting has three reports (sections, numbered paragraphs, a £m table, about
1,500 words) and the minutes of the meeting (resolutions, about the same
length). The text is deterministic, so two runs build the same site.

    .venv/bin/python bench/synthetic_council.py /tmp/council --papers 250
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

WORDS = (
    "council budget service committee members report officers forecast revenue capital programme reserves "
    "schools highways libraries residents performance digital broadband contract procurement strategy "
    "savings pressures investment outturn review partnership delivery risk assurance audit plan quarter "
    "county district parish funding grant income expenditure variance position update proposal evidence "
    "consultation equality impact assessment decision recommendation option approach timetable milestone "
    "customer demand transformation workforce training accommodation property energy carbon transport"
).split()
SERVICES = ["Adult social care", "Children's services", "Highways", "Libraries", "Waste", "Fire and rescue",
            "Public health", "Trading standards", "Museums", "Planning"]
COMMITTEES = ["Policy and Resources", "Adult Social Care", "Children's Services", "Environment, Development and Transport",
              "Communities", "Business and Property", "Digital Innovation and Efficiency", "Audit"]
PAPERS_PER_MEETING = 4  # three reports and the minutes


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _paragraph(rng: random.Random, sentences: int = 4) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 18)) for _ in range(sentences))


def _table(rng: random.Random, number: int) -> str:
    lines = [f"Table {number}: Budget and forecast by service", "",
             "| Service | Budget £m | Forecast £m | Variance £m |", "|---|---|---|---|"]
    total_budget = total_forecast = 0.0
    for service in rng.sample(SERVICES, 5):
        budget = rng.randint(500, 90000) / 1000
        forecast = budget + rng.randint(-2000, 2000) / 1000
        total_budget += budget
        total_forecast += forecast
        lines.append(f"| {service} | {budget:.3f} | {forecast:.3f} | {_money(forecast - budget)} |")
    lines.append(f"| Total | {total_budget:.3f} | {total_forecast:.3f} | {_money(total_forecast - total_budget)} |")
    return "\n".join(lines)


def _money(value: float) -> str:
    return f"({-value:.3f})" if value < 0 else f"{value:.3f}"


def _report(rng: random.Random, title: str) -> str:
    sections = []
    for number in range(1, 6):
        heading = rng.choice(["Background", "Proposal", "Evidence", "Financial implications", "Risk", "Options"])
        body = [f"## {heading} {number}", ""]
        for _ in range(5):
            body += [_paragraph(rng), ""]
        if number == 3:
            body += [_table(rng, 1), ""]
        sections.append("\n".join(body))
    front = "\n".join([
        "---", "kind: report", f"title: {title}", "responsible_officers: [officer-1]",
        "strategic_impact: |", f"  {_paragraph(rng, 2)}",
        "executive_summary: |", f"  {_paragraph(rng, 3)}",
        "recommendations: |", "  Members are recommended to note the report.",
        "contacts: [officer-1]", "---", "",
    ])
    return front + "\n".join(sections)


def _minutes(rng: random.Random, chair: str, member: str) -> str:
    parts = ["---", "present:", f"  - person: {chair}", "    role: chair", f"  - person: {member}",
             'concluded: "12:30"', "---", ""]
    for number in range(1, 9):
        parts += [f"## {rng.choice(['Finance', 'Performance', 'Strategy', 'Forward plan'])} {number}", "",
                  _paragraph(rng, 6), "", _paragraph(rng, 6), "",
                  "::: resolved", "That the Committee:", "", "1) Note the report", "2) Agree the recommendations", ":::", ""]
    return "\n".join(parts)


def write_council(folder: Path, papers: int, seed: int = 2017) -> int:
    """Write the site into `folder` (replacing it); returns the number of papers written."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    for kind in ("committees", "people", "meetings"):
        (content / kind).mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "council: Synthetic County Council\ntitle: Committee papers\nrole_titles:\n  chair: Chair\n"
        "notices:\n  - Please switch mobile phones to silent.\n"
        "alternative_formats: Ask us for any paper in large print, audio or Braille on 01234 567890.\naddress:\n  - County Hall\n",
        encoding="utf-8",
    )
    (content / "people/officer-1.yaml").write_text(
        "name: Olive Officer\nkind: officer\njob_title: Democratic Services Officer\n"
        'phone: "01234 567891"\nemail: olive@example.gov.uk\n', encoding="utf-8")
    meetings = max(1, papers // PAPERS_PER_MEETING)
    committees = [(f"committee-{index + 1}", name) for index, name in enumerate(COMMITTEES[: max(1, min(len(COMMITTEES), meetings))])]
    for slug, name in committees:
        chair, member = f"{slug}-chair", f"{slug}-member"
        for person, title in ((chair, "Chair"), (member, "Member")):
            (content / f"people/{person}.yaml").write_text(f"name: Cllr {name.split()[0]} {title}\nkind: councillor\n", encoding="utf-8")
        (content / f"committees/{slug}.yaml").write_text(
            f"name: {name} Committee\nmembers:\n  - person: {chair}\n    role: chair\n  - person: {member}\nofficer: officer-1\n",
            encoding="utf-8")
    written = 0
    previous: dict[str, str] = {}
    start = dt.date(2018, 1, 8)
    for index in range(meetings):
        slug, _ = committees[index % len(committees)]
        date = start + dt.timedelta(days=7 * (index // len(committees)) + index % len(committees))
        meeting_id = f"{date.isoformat()}-{slug}"
        folder_path = content / "meetings" / meeting_id
        folder_path.mkdir()
        items = ["  - number: 1", "    title: Apologies"]
        if slug in previous:
            items += ["  - number: 2", "    title: Minutes", f"    minutes_of: {previous[slug]}"]
        for number in range(3):
            paper = f"report-{number + 1}"
            title = f"{rng.choice(SERVICES)} {rng.choice(['budget', 'performance', 'strategy', 'contracts'])} report {number + 1}"
            (folder_path / f"{paper}.md").write_text(_report(rng, title), encoding="utf-8")
            items += [f"  - number: {number + 3}", f"    title: {title}", f"    papers: [{paper}]"]
            written += 1
        (folder_path / "meeting.md").write_text(
            "\n".join(["---", f"committee: {slug}", f"date: {date.isoformat()}", 'time: "10:00"',
                       "venue: Council Chamber, County Hall", "contact: officer-1",
                       f"agenda_published: {(date - dt.timedelta(days=14)).isoformat()}", "items:", *items, "---", ""]),
            encoding="utf-8")
        (folder_path / "minutes.md").write_text(_minutes(rng, f"{slug}-chair", f"{slug}-member"), encoding="utf-8")
        written += 1
        previous[slug] = meeting_id
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--papers", type=int, default=250)
    arguments = parser.parse_args()
    print(f"Wrote {write_council(arguments.folder, arguments.papers)} papers into {arguments.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
