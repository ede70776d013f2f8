"""Templates only lay pages out: ids come from one table, and lists are worked out in Python.

An id typed into a template could drift from the ids the linker keeps Markdown
headings off (generator/page_ids.py); a list built, sorted or filtered in a
template is page logic that belongs to the Site objects, where it can be tested
and where the dependency recorder sees what it reads.
"""

from __future__ import annotations

import re

import pytest

from generator.render.html import DEFAULT_TEMPLATES

TEMPLATES = sorted(DEFAULT_TEMPLATES.rglob("*.html"))
#: Attributes whose value is an element id, or (href) a link to one on the same page.
ID_ATTRIBUTE = re.compile(r'\b(id|aria-labelledby|aria-describedby|aria-controls|for|href)="([^"]*)"')
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
#: A list made, grown, ordered or filtered in a template.
LIST_LOGIC = re.compile(
    r"\.append\(|\|\s*(sort|groupby|selectattr|rejectattr|reverse)\b|\{%-?\s*set\s+\w+\s*=\s*[\[{]"
)


def typed_ids(text: str) -> list[str]:
    """The attribute values in `text` that name an id in letters rather than from the table."""
    found = []
    for match in ID_ATTRIBUTE.finditer(text):
        attribute, value = match.groups()
        if attribute == "href":
            if not value.startswith("#"):
                continue
            value = value[1:]
        if JINJA.sub("", value).strip():
            found.append(match.group(0))
    return found


def test_the_check_for_typed_ids_finds_them():
    assert typed_ids('<h2 id="agenda">') == ['id="agenda"']
    assert typed_ids('<a href="#forward-plan">') == ['href="#forward-plan"']
    assert typed_ids('<caption id="forward-plan-{{ date }}">') == ['id="forward-plan-{{ date }}"']
    assert typed_ids('<h2 id="{{ ids.meeting.agenda }}"><a href="#{{ heading.id }}"><a href="../x/">') == []


def test_the_check_for_list_logic_finds_it():
    for logic in ("{% set cover = [] %}", "{% set _ = cover.append(1) %}", "{{ xs | sort }}", "{% for a in b|groupby('y') %}"):
        assert LIST_LOGIC.search(logic), logic
    assert not LIST_LOGIC.search("{% set item = paper.item %}{{ report.tools | join('; ') }}")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.relative_to(DEFAULT_TEMPLATES).as_posix())
def test_a_template_takes_every_id_from_the_page_id_table(template):
    assert typed_ids(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.relative_to(DEFAULT_TEMPLATES).as_posix())
def test_a_template_builds_sorts_and_filters_no_list(template):
    text = template.read_text(encoding="utf-8")
    assert [match.group(0) for match in LIST_LOGIC.finditer(text)] == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.relative_to(DEFAULT_TEMPLATES).as_posix())
def test_a_template_leaves_plurals_to_the_plural_filter(template):
    text = template.read_text(encoding="utf-8")
    assert re.findall(r"'s' if", text) == []
