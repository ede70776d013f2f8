"""site.yaml: the council's site-wide settings."""

from __future__ import annotations

from pydantic import Field

from generator.content.model import Strict, Text


class SiteConfig(Strict):
    council: Text
    """The council's name, shown in the header of every page."""
    title: Text = "Committee meetings and papers"
    """What the site is, shown after the council's name."""
    language: Text = "en-GB"
    """The language of the content, as a BCP 47 tag."""
    role_titles: dict[str, str] = Field(default_factory=dict)
    """How this council names committee roles, e.g. chair: Chairman."""
    notices: list[Text] = Field(default_factory=list)
    """Standing notices shown on every meeting page (filming, mobile phones)."""
    address: list[Text] = Field(default_factory=list)
    """The council's postal address, one line per entry, printed under the agenda."""
    alternative_formats: Text
    """How to ask for large print, audio, Braille or another language; on every page."""

    def role_title(self, role: str) -> str:
        defaults = {"chair": "Chair", "vice-chair": "Vice-Chair", "member": "Member", "substitute": "Substitute"}
        return self.role_titles.get(role, defaults.get(role, role))
