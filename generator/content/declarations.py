"""The register of declarations of interest: every declaration in published minutes, linked to where
the minutes record declarations."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.content.site import Declaration, Meeting, Minutes, Person, Site
from generator.markdown.rendered import Heading

#: The minutes' section that records declarations, by its heading ("Declarations of Interest").
DECLARATIONS_HEADING = re.compile(r"^\s*declarations?\s+of\s+interests?\s*$", re.I)
INTEREST_KINDS = {"disclosable-pecuniary": "Disclosable pecuniary interest", "other": "Other interest"}


@dataclass(frozen=True)
class DeclarationEntry:
    declaration: Declaration
    minutes: Minutes

    @property
    def meeting(self) -> Meeting:
        return self.minutes.meeting

    @property
    def person(self) -> Person:
        return self.declaration.person

    @property
    def kind(self) -> str:
        return INTEREST_KINDS.get(self.declaration.interest, self.declaration.interest)

    @property
    def section(self) -> Heading | None:
        """The minutes' section on declarations, where exactly one heading says so; else none."""
        sections = [h for h in self.minutes.body.headings if h.level == 2 and DECLARATIONS_HEADING.match(h.text)]
        return sections[0] if len(sections) == 1 else None

    @property
    def url(self) -> str:
        section = self.section
        return f"{self.minutes.url}#{section.id}" if section is not None else self.minutes.url


def declarations_of(site: Site, person: Person | None = None) -> list[DeclarationEntry]:
    """Every declaration (of one person, if given), the latest meeting first."""
    return [
        DeclarationEntry(declaration, minutes)
        for minutes in site.minutes_newest_first()
        for declaration in minutes.declarations
        if person is None or declaration.person is person
    ]
