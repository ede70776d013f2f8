"""`clerk init`: a new council's site repository, which builds, passes the gate and publishes from CI at once.

The files are in generator/site_template/, so that an installed Clerk can write them. A file whose
name ends in `.j2` is a Jinja template (the council's name, dates counted from today); every other
file is copied byte for byte, as the CI files must be (their `${{ … }}` is GitHub's, not Jinja's).
Names there starting `dot_` are written with a dot (`dot_gitignore` is `.gitignore`): a packaged
folder keeps no hidden files, and `.github/` inside Clerk would be read as Clerk's own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2

from generator.checks.deadlines import AGENDA_WORKING_DAYS
from generator.dates import long_date
from generator.statutory.working_days import clear_working_days, is_working_day

SITE_TEMPLATE = Path(__file__).resolve().with_name("site_template")
COMMITTEE = "audit-and-governance"
#: The template folder of the first meeting, named by its date when written.
MEETING_TEMPLATE = "content/meetings/next-meeting"
#: A meeting three weeks ahead leaves officers time to see it, and the agenda its five clear working days.
WEEKS_AHEAD = 3
#: The CI pipelines: written by `clerk init` and kept, the same, at the top of Clerk's own repository.
CI_FILES = (".github/workflows/publish.yml", ".gitlab-ci.yml")
#: How many of a non-empty folder's entries the refusal names.
NAMED_ENTRIES = 5


class InitError(Exception):
    """Why the site was not written, and what to do instead."""


@dataclass(frozen=True)
class NewSite:
    council: str
    today: dt.date

    @property
    def agenda_published(self) -> dt.date:
        return self.today

    @property
    def meeting_date(self) -> dt.date:
        """The first working day three weeks or more ahead: a meeting on a bank holiday would not be believed."""
        day = self.today + dt.timedelta(weeks=WEEKS_AHEAD)
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        assert clear_working_days(self.agenda_published, day) >= AGENDA_WORKING_DAYS
        return day

    @property
    def meeting_folder(self) -> str:
        return f"content/meetings/{self.meeting_date.isoformat()}-{COMMITTEE}"


def target_of(template: PurePosixPath, site: NewSite) -> PurePosixPath:
    """Where a file of the template is written in the new site."""
    text = template.as_posix().removesuffix(".j2")
    if text.startswith(MEETING_TEMPLATE + "/"):
        text = site.meeting_folder + text.removeprefix(MEETING_TEMPLATE)
    return PurePosixPath(*("." + part.removeprefix("dot_") if part.startswith("dot_") else part for part in text.split("/")))


def template_files() -> list[PurePosixPath]:
    return sorted(PurePosixPath(path.relative_to(SITE_TEMPLATE).as_posix()) for path in SITE_TEMPLATE.rglob("*") if path.is_file())


def ci_template(name: str) -> Path:
    """The packaged copy of one of CI_FILES."""
    return SITE_TEMPLATE / PurePosixPath(*("dot_" + part[1:] if part.startswith(".") else part for part in name.split("/")))


def refuse_non_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file, not a folder: choose a new folder's name")
    entries = sorted(entry.name for entry in folder.iterdir()) if folder.is_dir() else []
    if entries:
        named = ", ".join(entries[:NAMED_ENTRIES]) + (f" and {len(entries) - NAMED_ENTRIES} more" if len(entries) > NAMED_ENTRIES else "")
        raise InitError(
            f"{folder} is not empty (it holds {named}); clerk init writes a new site only into a new or empty folder, "
            "so that nothing of yours is overwritten: choose another folder"
        )


def create_site(folder: Path, site: NewSite) -> list[Path]:
    """Write the new site into `folder` (new or empty) and return the files written; raises InitError, writing nothing."""
    if not site.council.strip():
        raise InitError("the council's name is empty: give it with --council, such as --council \"Example District Council\"")
    refuse_non_empty(folder)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SITE_TEMPLATE), undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    # JSON's strings are YAML's double-quoted ones: a name with a colon, quote or hash stays the name.
    environment.filters["yaml_string"] = lambda value: json.dumps(value, ensure_ascii=False)
    environment.filters["long_date"] = long_date
    values = {"council": site.council.strip(), "today": site.today, "meeting_date": site.meeting_date,
              "agenda_published": site.agenda_published}  # fmt: skip
    written = []
    for template in template_files():
        target = folder / target_of(template, site)
        target.parent.mkdir(parents=True, exist_ok=True)
        if template.suffix == ".j2":
            target.write_text(environment.get_template(template.as_posix()).render(values), encoding="utf-8")
        else:
            target.write_bytes((SITE_TEMPLATE / template).read_bytes())
        written.append(target)
    return written
