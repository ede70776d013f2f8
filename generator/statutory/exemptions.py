"""The grounds on which a committee paper may be kept from the public, and the words that say so.

Paragraph texts are those of Part 1 of Schedule 12A to the Local Government
Act 1972 (as amended, England).
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or "
    "negotiations, in connection with any labour relations matter arising between the authority or a "
    "Minister of the Crown and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained in "
    "legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment a notice under "
    "or by virtue of which requirements are imposed on a person; or (b) to make an order or direction under "
    "any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
    "investigation or prosecution of crime.",
}


@dataclass(frozen=True)
class Exemption:
    """Why an item or paper is not published: a Schedule 12A paragraph, or confidential information."""

    paragraph: int | None
    """1 to 7; None for confidential information under section 100A(3)."""

    @property
    def short(self) -> str:
        if self.paragraph is None:
            return "confidential information"
        return f"exempt information, paragraph {self.paragraph} of Schedule 12A"

    @property
    def notice(self) -> str:
        if self.paragraph is None:
            return (
                "This item is not for publication because it contains confidential information as defined "
                "in section 100A(3) of the Local Government Act 1972. The public will be excluded from the "
                "meeting while it is considered."
            )
        return (
            f"This item is not for publication because it contains exempt information under paragraph "
            f"{self.paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972: "
            f"{SCHEDULE_12A[self.paragraph]} The public is likely to be excluded from the meeting while it is "
            "considered."
        )


def exemption_from(paragraph: int | None, confidential: bool) -> Exemption | None:
    if confidential:
        return Exemption(None)
    if paragraph is not None:
        return Exemption(paragraph)
    return None
