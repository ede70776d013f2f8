"""Every page the site has, planned before anything is written.

Planning first lets the build refuse two pages that would land on the same
path, and gives later stages (checks, incremental builds) the full list.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.checks.local_links import check_local_links
from generator.content.attendance import attendance_register
from generator.content.committee_archive import archive_by_year
from generator.content.decisions import Decision, decisions_of, register_years
from generator.content.declarations import declarations_of
from generator.content.forward_plans import ForwardPlans, forward_plans
from generator.content.issues import Issues, issues
from generator.content.site import Committee, Meeting, Site
from generator.dates import short_date
from generator.diagnostics import Diagnostics, Position
from generator.render.open_data_records import DATA_FILES, DATA_FOLDER
from generator.render.pdf import EDITIONS


PACK_NAME = "agenda-pack.pdf"
#: The large-print view of the site: every page again under this folder, with
#: the large-print stylesheet, its links staying inside the view.
LARGE_PRINT_FOLDER = "large-print/"


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@dataclass(frozen=True)
class Page:
    url: str
    """Site-relative URL: '' for the home page, 'meetings/x/' for others."""
    template: str
    title: str
    source: str
    """The content file the page comes from, for messages."""
    breadcrumbs: tuple[Crumb, ...] = ()
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    assets: tuple[tuple[str, Path], ...] = ()
    """Files published beside the page: (path under the page's folder, source file)."""
    filename: str = "index.html"
    pdf_template: str | None = None
    """The template of the page's PDF edition, if it has one."""
    pdf_name: str | None = None
    """The PDF's file name inside the page's folder; by default the PDF sits beside the folder."""
    standard_url: str | None = None
    """Set on a page of the large-print view: the URL of the standard page it shows."""
    listing: bool = False
    """The page lists what the whole site holds (meetings, papers, memberships): any content change may change it."""
    searchable: bool = True
    """Whether site search indexes the page (its standard view only: see base.html). Pages that only
    repeat others (the home page, the site-wide decisions, the search pages) are left out."""

    @property
    def large_print(self) -> bool:
        return self.standard_url is not None

    @property
    def output_path(self) -> str:
        return f"{self.url}{self.filename}"

    @property
    def asset_paths(self) -> tuple[str, ...]:
        """Where the images the page shows are published, beside it."""
        return tuple(f"{self.url}{relative}" for relative, _ in self.assets)

    def pdf_path(self, suffix: str = "") -> str:
        """meetings/<id>/<paper>/ has its PDF beside the folder: meetings/<id>/<paper>{suffix}.pdf."""
        if self.pdf_name:
            return self.url + self.pdf_name.removesuffix(".pdf") + suffix + ".pdf"
        return self.url.rstrip("/") + suffix + ".pdf"

    def format_path(self, suffix: str) -> str:
        """A format's file beside the standard PDF: meetings/<id>/<paper>.txt, meetings/<id>/agenda-pack.brf."""
        return self.pdf_path().removesuffix(".pdf") + suffix

    @property
    def href(self) -> str:
        """The address to link to: the folder for an index page, else the file."""
        return self.url if self.filename == "index.html" else self.output_path


def plan_pages(site: Site, diagnostics: Diagnostics) -> list[Page]:
    home = Crumb("Home", "")
    pages = [Page(url="", template="home.html", title=site.config.title, source="site.yaml", listing=True, searchable=False)]
    decisions = decisions_of(site)  # once: the registers and the issues all list them
    site_issues = issues(site, decisions)
    plans = forward_plans(site)
    for committee in site.committees.values():
        pages.append(
            Page(
                url=committee.url,
                template="committee.html",
                title=committee.name,
                source=committee.source_path,
                breadcrumbs=(home,),
                context={
                    "committee": committee,
                    "archive": archive_by_year(site, committee),
                    "has_forward_plan": committee.slug in plans.committees,
                },
                listing=True,
            )
        )
    for meeting in site.meetings.values():
        meeting_crumbs = (home, Crumb(meeting.committee.name, meeting.committee.url))
        pages.append(
            Page(
                url=meeting.url,
                template="meeting.html",
                title=meeting.title,
                source=meeting.source_path,
                breadcrumbs=meeting_crumbs,
                context={"meeting": meeting, "downloads": [], "issues": site_issues},
                assets=meeting.assets,
                pdf_template="pdf/agenda_pack.html" if meeting.items else None,
                pdf_name=PACK_NAME,
            )
        )
        paper_crumbs = meeting_crumbs + (Crumb(short_date(meeting.date), meeting.url),)
        for paper in meeting.public_papers:
            pages.append(
                Page(
                    url=paper.url,
                    template="paper.html",
                    title=f"{paper.title} – {meeting.title}",
                    source=paper.source_path,
                    breadcrumbs=paper_crumbs,
                    context={"paper": paper, "meeting": meeting, "downloads": [], "issues": site_issues},
                    assets=paper.assets,
                    pdf_template="pdf/paper.html",
                )
            )
        if meeting.minutes is not None:
            pages.append(
                Page(
                    url=meeting.minutes.url,
                    template="minutes.html",
                    title=f"Minutes – {meeting.title}",
                    source=meeting.minutes.source_path,
                    breadcrumbs=paper_crumbs,
                    context={"minutes": meeting.minutes, "meeting": meeting, "downloads": []},
                    assets=meeting.minutes.assets,
                    pdf_template="pdf/minutes.html",
                )
            )
    attendance = attendance_register(site)  # once for the site, not once per person
    for person in site.people.values():
        pages.append(
            Page(
                url=person.url,
                template="person.html",
                title=person.name,
                source=person.source_path,
                breadcrumbs=(home,),
                context={
                    "person": person,
                    "memberships": site.current_memberships_of(person),
                    "past_memberships": site.past_memberships_of(person),
                    "attendance": attendance.of(person),
                    "papers": site.papers_involving(person),
                    "declarations": declarations_of(site, person),
                },
                listing=True,
            )
        )
    pages += plan_register_pages(site, home, decisions)
    pages += business_pages(plans, site_issues, home)
    pages.append(open_data_page(home))
    if site.config.search.enabled:
        pages += plan_search_pages(site, home, pages)
    _refuse_clashes(pages, diagnostics)
    check_local_links(site, published_paths(pages), diagnostics)
    return pages


DECISIONS_URL = "decisions/"
DECLARATIONS_URL = "declarations/"


def plan_register_pages(site: Site, home: Crumb, decisions: list[Decision]) -> list[Page]:
    """The decisions registers (site-wide and each committee's, paged by year, from the site's
    `decisions`) and the declarations register."""
    pages = []
    for committee in site.committees.values():
        crumbs = (home, Crumb(committee.name, committee.url))
        own = [decision for decision in decisions if decision.meeting.committee is committee]
        pages += _decision_pages(own, committee, f"Decisions of the {committee.name}", committee.decisions_url, crumbs, committee.source_path)
    # The site-wide register repeats the committees' registers: search finds each decision once, there.
    pages += [replace(page, searchable=False) for page in _decision_pages(decisions, None, "Decisions", DECISIONS_URL, (home,), "site.yaml")]
    pages.append(_site_register(DECLARATIONS_URL, "declarations.html", "Declarations of interest", home, declarations=declarations_of(site)))
    return pages


def _site_register(url: str, template: str, title: str, home: Crumb, **context: object) -> Page:
    """A site-wide listing (declarations, key decisions, issues): made from every file, under the home page."""
    return Page(url=url, template=template, title=title, source="site.yaml", breadcrumbs=(home,), context=context, listing=True)


def open_data_page(home: Crumb) -> Page:
    """data/: what the open data files hold, their schemas, the sitemap and the meeting pages' JSON-LD."""
    return Page(
        url=DATA_FOLDER,
        template="open_data.html",
        title="Open data",
        source="site.yaml",
        breadcrumbs=(home,),
        context={"data_files": DATA_FILES},
    )


KEY_DECISIONS_URL = "key-decisions/"
ISSUES_URL = "issues/"


def business_pages(plans: ForwardPlans, site_issues: Issues, home: Crumb) -> list[Page]:
    """Following the business across meetings: each committee's forward plan as it stands, the notice
    of key decisions, and the history of each issue (content/forward_plans.py, content/issues.py)."""
    pages = [
        Page(
            url=plan.url,
            template="committee_forward_plan.html",
            title=f"Forward plan – {plan.committee.name}",
            source=plan.committee.source_path,
            breadcrumbs=(home, Crumb(plan.committee.name, plan.committee.url)),
            context={"plan": plan, "committee": plan.committee, "issues": site_issues},
            listing=True,
        )
        for plan in plans.committees.values()
    ]
    pages.append(_site_register(KEY_DECISIONS_URL, "key_decisions.html", "Notice of key decisions", home, forward_plans=plans))
    pages.append(_site_register(ISSUES_URL, "issues.html", "Issues", home, issues=site_issues))
    issues_crumbs = (home, Crumb("Issues", ISSUES_URL))
    pages.extend(
        Page(
            url=issue.url,
            template="issue.html",
            title=f"{issue.title} – issue history",
            source="site.yaml",
            breadcrumbs=issues_crumbs,
            context={"issue": issue},
            listing=True,
        )
        for issue in site_issues
    )
    return pages


def _decision_pages(
    decisions: list[Decision], committee: Committee | None, title: str, base_url: str, crumbs: tuple[Crumb, ...], source: str
) -> list[Page]:
    """The newest year's `decisions` at `base_url`, each earlier year's at `<base_url><year>/`."""
    years = register_years(decisions, base_url)
    registers = years or [None]
    return [
        Page(
            url=register.url if register else base_url,
            template="decisions.html",
            title=title if register is None or register.url == base_url else f"{title}, {register.year}",
            source=source,
            breadcrumbs=crumbs if register is None or register.url == base_url else crumbs + (Crumb(title, base_url),),
            context={"committee": committee, "register": register, "years": years},
            listing=True,
        )
        for register in registers
    ]


SEARCH_URL = "search/"
SEARCH_INDEX_URL = "search/all/"
#: What search can narrow to (data-pagefind-filter="kind" on each page of that kind).
SEARCH_KINDS = ("agenda", "report", "forward plan", "minutes", "decision")
#: How the browser checks see the search page showing results (static/search.js runs a search
#: kept in the address): every agenda, which any site with a meeting has; then the results list is no
#: longer busy.
SEARCH_CHECKED_WITH = "?kind=agenda"
SEARCH_RESULTS_SHOWN = '.search-results[aria-busy="false"]'


def plan_search_pages(site: Site, home: Crumb, planned: list[Page]) -> list[Page]:
    """The search page (its index is made from the staged site: render/search_index.py) and, for
    readers without JavaScript, a plain index of every meeting and paper by committee and year, with
    the registers `planned` holds: each committee's decisions by year and forward plan, and the site's."""
    committees = list(site.committees.values())
    years = sorted({meeting.date.year for meeting in site.meetings.values()}, reverse=True)
    search = Page(
        url=SEARCH_URL,
        template="search.html",
        title="Search meetings and papers",
        source="site.yaml",
        breadcrumbs=(home,),
        context={"committees": committees, "years": years, "kinds": SEARCH_KINDS},
        listing=True,
        searchable=False,
    )
    by_url = {page.url: page for page in planned}
    archives = [
        SearchArchive(committee, site.meetings_by_year(committee), _decisions_by_year(planned, committee), by_url.get(committee.forward_plan_url))
        for committee in committees
    ]
    index = Page(
        url=SEARCH_INDEX_URL,
        template="search_index.html",
        title="Every meeting and paper",
        source="site.yaml",
        breadcrumbs=(home, Crumb("Search", SEARCH_URL)),
        context={"archives": archives, "registers": [by_url[url] for url in SITE_REGISTERS if url in by_url]},
        listing=True,
        searchable=False,
    )
    return [search, index]


#: The site-wide registers the no-JavaScript index lists after the committees.
SITE_REGISTERS = (DECISIONS_URL, KEY_DECISIONS_URL, ISSUES_URL, DECLARATIONS_URL)


@dataclass(frozen=True)
class SearchArchive:
    """One committee in the no-JavaScript index: its meetings by year, its decisions register's page
    for each year that has decisions, and its forward plan's page if it has one."""
    committee: Committee
    years: list[tuple[int, list[Meeting]]]
    decisions: dict[int, Page]
    forward_plan: Page | None


def _decisions_by_year(planned: list[Page], committee: Committee) -> dict[int, Page]:
    return {
        page.context["register"].year: page
        for page in planned
        if page.template == "decisions.html" and page.context["committee"] is committee and page.context["register"] is not None
    }


def published_paths(pages: list[Page]) -> set[str]:
    """Every page (by its address) and file the planned site publishes, its large-print view and
    the accessibility pages too; PDFs as a full build makes them, even when this one makes none."""
    paths = {STATEMENT_URL, REPORT_URL + "accessibility.html"}
    for page in pages:
        paths |= {page.href, LARGE_PRINT_FOLDER + page.href, *page.asset_paths}
        if page.pdf_template is not None:
            paths.update(page.pdf_path(edition.suffix) for edition in EDITIONS)
    return paths


def plan_large_print_view(pages: list[Page]) -> list[Page]:
    """The large-print view of each page. Its PDFs and images stay the standard page's."""
    return [
        replace(page, url=LARGE_PRINT_FOLDER + page.url, standard_url=page.url, pdf_template=None)
        for page in pages
    ]


STATEMENT_URL = "accessibility/"
REPORT_URL = "_reports/"


def plan_accessibility_pages(site: Site) -> tuple[Page, Page]:
    """The accessibility statement and the HTML report; both are filled in once the checks have run."""
    home = Crumb("Home", "")
    statement = Page(
        url=STATEMENT_URL,
        template="accessibility.html",
        title=f"Accessibility statement for {site.config.council} {site.config.title.lower()}",
        source="site.yaml",
        breadcrumbs=(home,),
        context={},
        # Written before the checks and again after them: an index made between would be stale.
        searchable=False,
    )
    report = Page(
        url=REPORT_URL,
        template="accessibility_report.html",
        title="Accessibility check report",
        source="site.yaml",
        breadcrumbs=(home, Crumb("Accessibility statement", STATEMENT_URL)),
        context={},
        filename="accessibility.html",
        searchable=False,
    )
    return statement, report


def _refuse_clashes(pages: list[Page], diagnostics: Diagnostics) -> None:
    owners: dict[str, Page] = {}
    for page in pages:
        if page.output_path in owners:
            diagnostics.error(
                Position(page.source),
                "url-clash",
                f"this page would be written to {page.output_path}, as would {owners[page.output_path].source}",
                "rename one of the files",
            )
        owners.setdefault(page.output_path, page)
