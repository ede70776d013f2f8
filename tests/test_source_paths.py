"""A person or committee is named by the file it came from, `.yml` as much as `.yaml`.

The loader accepts both suffixes, so nothing later may rebuild a file's path from a slug.
"""

from __future__ import annotations

from generator.build import load_site
from generator.diagnostics import Diagnostics
from generator.render.dependencies import sources_of
from generator.render.pages import plan_pages
from tests.sitekit import check, make_site, read

COMMITTEE = "content/committees/audit.yaml"
COMMITTEE_YML = "content/committees/audit.yml"
PERSON = "content/people/ann-chair.yaml"
PERSON_YML = "content/people/ann-chair.yml"
MINUTES = "content/meetings/2029-12-10-audit/minutes.md"


def _yml_site(tmp_path):
    return make_site(tmp_path, {COMMITTEE: None, COMMITTEE_YML: read(COMMITTEE), PERSON: None, PERSON_YML: read(PERSON)})


def test_a_hint_to_change_a_yml_committee_names_the_yml_file(tmp_path):
    root = make_site(
        tmp_path,
        {
            COMMITTEE: None,
            COMMITTEE_YML: read(COMMITTEE),
            MINUTES: read(MINUTES).replace("person: ann-chair", "person: olive-officer"),
        },
    )
    (error,) = [d for d in check(root).errors if d.rule == "chair-not-member"]
    assert COMMITTEE_YML in error.hint, error.hint


def test_the_pages_of_a_yml_person_and_committee_come_from_their_yml_files(tmp_path):
    diagnostics = Diagnostics()
    site = load_site(_yml_site(tmp_path), diagnostics)
    assert site is not None and not diagnostics.errors, diagnostics.report()
    sources = {page.url: page.source for page in plan_pages(site, diagnostics)}
    assert sources["committees/audit/"] == COMMITTEE_YML
    assert sources["people/ann-chair/"] == PERSON_YML


def test_what_a_template_reads_of_a_yml_person_or_committee_is_recorded_as_the_yml_file(tmp_path):
    site = load_site(_yml_site(tmp_path), Diagnostics())
    assert site is not None
    assert sources_of(site.people["ann-chair"], "name") == (PERSON_YML,)
    assert sources_of(site.committees["audit"], "name") == (COMMITTEE_YML,)
    meeting = next(iter(site.meetings.values()))
    assert COMMITTEE_YML in sources_of(meeting, "date")
