"""Every wrong value in the front matter is reported in Clerk's words, with a hint how to fix it.

The walk tries each kind of wrong value in every field of every kind of file of the
minimal site (and in every field those files leave out), so that a field type added
later whose errors come out in pydantic's words, or without a hint, fails here.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from generator.config import SiteConfig
from generator.content.frontmatter import YamlDocument, parse_yaml, split_front_matter
from generator.content.model import CommitteeSource, MeetingSource, MinutesSource, PaperSource, PersonSource
from generator.content.validation import _field_names, validate
from generator.diagnostics import Diagnostics
from tests.sitekit import MINIMAL, PAPER, check, loaded, make_site, read

MEETING = "content/meetings/2030-01-15-audit/meeting.md"
PERSON = "content/people/ann-chair.yaml"


def _yaml(relative: str) -> Any:
    return parse_yaml(relative, (MINIMAL / relative).read_text(), Diagnostics()).data


def _front(relative: str) -> Any:
    return split_front_matter(relative, (MINIMAL / relative).read_text(), Diagnostics()).front.data


DOCUMENTS = [
    ("person", PersonSource, _yaml("content/people/olive-officer.yaml")),
    ("committee", CommitteeSource, _yaml("content/committees/audit.yaml")),
    ("meeting", MeetingSource, _front(MEETING)),
    ("minutes", MinutesSource, _front("content/meetings/2029-12-10-audit/minutes.md")),
    ("report", PaperSource, _front(PAPER)),
    ("forward-plan", PaperSource, _front("content/meetings/2030-01-15-audit/forward-plan.md")),
    ("site", SiteConfig, _yaml("site.yaml")),
]

#: Each kind of value an officer might put in the wrong place.
WRONG: list[Any] = [
    True, False, None, "", "some words", "Tim Shaw", 1.5, 0, -1, 99, 10**30, [], ["x"], [1], {}, {"a": 1},
    dt.date(2017, 10, 12), dt.datetime(2017, 10, 12, 10, 0), "2017-02-30", "25:00", "ftp://example.org",
]

#: Pydantic's own wording, which says what a type wants rather than what to write.
PYDANTIC_WORDS = ("Input should", "should have", "Value error", "Field required", "Extra inputs", "instance of", "after validation", "Input tag")


def _places(data: Any, path: tuple[Any, ...] = ()):
    """Every key path in `data`, deepest last."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,)
            yield from _places(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield path + (index,)
            yield from _places(value, path + (index,))


def _mappings(data: Any, path: tuple[Any, ...] = ()):
    if isinstance(data, dict):
        yield path
        for key, value in data.items():
            yield from _mappings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _mappings(value, path + (index,))


def _with(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    changed = copy.deepcopy(data)
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


def _every_mistake(model: Any, data: Any):
    """Each field the file has, and each it could have, set to each wrong value."""
    places = list(_places(data))
    for mapping in _mappings(data):
        target = data
        for part in mapping:
            target = target[part]
        places += [mapping + (name,) for name in _field_names(model, mapping, data) if name not in target]
    for place in places:
        for value in WRONG:
            yield place, _with(data, place, value)


def _diagnostics(model: Any, data: Any) -> list:
    diagnostics = Diagnostics()
    validate(YamlDocument(path="f", data=data), model, diagnostics)
    return diagnostics.errors


@pytest.mark.parametrize(("name", "model", "data"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_wrong_value_in_every_field_is_reported_in_clerks_words_with_a_hint(name, model, data):
    assert not _diagnostics(model, data)
    reported = 0
    for place, changed in _every_mistake(model, data):
        for error in _diagnostics(model, changed):
            reported += 1
            where = f"{'.'.join(map(str, place))} = {changed!r}"[:300]
            assert error.hint, f"no hint for {error.message!r} ({where})"
            assert "see docs/content-format.md" not in error.hint, f"no message of its own for {error.message!r} ({where})"
            assert not any(words in error.message for words in PYDANTIC_WORDS), f"{error.message!r} ({where})"
    assert reported > 50


@pytest.mark.parametrize(
    ("line", "field", "written", "reading"),
    [("name: No", "name", "No", "false"), ("name: Yes", "name", "Yes", "true"), ("name: OFF", "name", "OFF", "false"),
     ("name: on", "name", "on", "true"), ("name: A\njob_title: No", "job_title", "No", "false")],
)
def test_a_word_yaml_reads_as_true_or_false_in_a_text_field_is_quoted_back_as_written(tmp_path, line, field, written, reading):
    diagnostics = check(make_site(tmp_path, {PERSON: f"{line}\nkind: councillor\n"}))
    (error,) = diagnostics.errors
    assert error.message == f"'{field}' is text, but YAML reads an unquoted {written} as {reading}"
    assert error.hint == f'write it in quotes: "{written}"'


def test_a_quoted_no_is_the_word_no(tmp_path):
    assert not check(make_site(tmp_path, {PERSON: 'name: "No"\nkind: councillor\n'})).items


def test_an_empty_text_field_is_said_to_be_empty_not_to_want_an_item(tmp_path):
    diagnostics = check(make_site(tmp_path, {PERSON: 'name: ""\nkind: councillor\n'}))
    (error,) = diagnostics.errors
    assert (error.message, str(error.position)) == ("'name' must not be empty", f"{PERSON}:1:7")
    assert error.hint


def test_a_text_field_left_blank_is_said_to_be_empty(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: read(MEETING).replace("venue: Council Chamber, Town Hall", "venue:")}))
    (error,) = diagnostics.errors
    assert error.message == "'venue' must not be empty" and error.hint


def test_a_number_out_of_range_says_the_range_in_words(tmp_path):
    diagnostics = check(make_site(tmp_path, {MEETING: read(MEETING).replace("number: 1\n", "number: 0\n")}))
    (error,) = diagnostics.errors
    assert error.message == "'items.0.number' must be 1 or more, not 0"
    assert error.hint == "write a whole number of 1 or more"


def test_numbers_yaml_would_change_are_kept_as_the_officer_wrote_them(tmp_path):
    """Unquoted, YAML 1.1 reads 01603222700 as an octal number (235742656) and 1.10 as 1.1."""
    site = loaded(
        make_site(
            tmp_path,
            {
                PERSON: read(PERSON) + "phone: 01603222700\n",
                MEETING: read(MEETING).replace('time: "10:00"', "time: 10:00").replace("number: 1\n", "number: 01\n", 1),
            },
        )
    )
    assert site.people["ann-chair"].phone == "01603222700"
    meeting = site.meetings["2030-01-15-audit"]
    assert meeting.time == "10:00"
    assert meeting.items[0].number == 1
