"""Pages to HTML with Jinja: one environment, the project's templates/, autoescaped."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from contextlib import contextmanager
from html import escape, unescape
from pathlib import Path
from typing import Any, Callable, Iterator

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError, pass_context, select_autoescape
from jinja2.runtime import Context

from markupsafe import Markup

from generator.content.feeds import FeedLink, feed_links
from generator.content.site import Site
from generator.dates import clock, long_date, short_date
from generator.markdown.render_rules import number_link
from generator.markdown.ids import paragraph_id
from generator.page_ids import PAGE_IDS
from generator.markdown.links import LOCAL_LINK
from generator.render.compiled_templates import CompiledTemplates
from generator.render.dependencies import RecordingEnvironment
from generator.render.incremental import EVERYTHING
from generator.render.calendars import calendar_url, committee_calendar, meeting_calendar
from generator.render.json_ld import event_json_ld
from generator.render.large_print import split_wide_tables
from generator.render.pages import LARGE_PRINT_FOLDER, Page


#: Clerk's own templates; a site's templates/ folder may override any of them.
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def template_folders(root: Path) -> list[Path]:
    """The site's own templates first, then Clerk's."""
    own = root / "templates"
    folders = [own] if own.is_dir() and own.resolve() != DEFAULT_TEMPLATES else []
    return folders + [DEFAULT_TEMPLATES]


def relative_url(target: str, current: str) -> str:
    """A link from the page at `current` to `target`, both site-relative, that works in any folder."""
    path, hash_mark, fragment = target.partition("#")
    if not path and hash_mark:
        return f"#{fragment}"
    relative = _relative_path(path or ".", current or ".")
    if path == "" or path.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{fragment}" if hash_mark else "")


@functools.lru_cache(maxsize=1 << 16)
def _relative_path(path: str, start: str) -> str:
    """posixpath.relpath for the site's own paths, without its trip to the working folder: a
    council's build makes hundreds of thousands of links, and relpath was a tenth of the time."""
    if ".." in path or ".." in start or path.startswith("/") or start.startswith("/"):
        return posixpath.relpath(path, start)
    to = [part for part in path.split("/") if part not in ("", ".")]
    here = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < len(to) and common < len(here) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


LOCAL_HREF = re.compile('href="' + re.escape(LOCAL_LINK) + '([^"]*)"')


def _local_links_made(html: str, url: Callable[[str], str]) -> str:
    """Markdown's links to the site's own pages, made by the page's own link maker: relative for a
    page (staying in the large-print view), left for a PDF to print as text."""
    return LOCAL_HREF.sub(lambda match: f'href="{escape(url(unescape(match.group(1))))}"', html)


def paragraph_number(number: str) -> Markup:
    """The same numbered-paragraph link Markdown paragraphs get, for paragraphs a template writes."""
    return Markup(number_link(number, paragraph_id(number)))


def plural(word: str, count: int) -> str:
    """The word as it goes with the number: 'file' for 1, 'files' for 0 or 2."""
    return word if count == 1 else word + "s"


def phone_href(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9+]", "", number)


class HtmlRenderer:
    def __init__(self, template_folders: list[Path], site: Site, today: dt.date, compiled: Path | None = None):
        """`compiled`: a folder (in the build cache) for compiled templates, so that a build
        compiles only the templates whose text changed since the last."""
        self.site = site
        self.environment = RecordingEnvironment(
            bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
            loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_folders]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # One version of each template for all the pages of a build, each read from disk once: Jinja's
            # auto_reload would stat every template a page extends, includes or imports (about eight a
            # page) for every page. A template edited meanwhile is the next build's, and each build has a
            # renderer of its own (serve previews a body edit with the last build's, never after a template edit).
            auto_reload=False,
        )
        self.environment.filters.update(long_date=long_date, short_date=short_date, clock=clock, tel=phone_href, plural=plural)
        self.environment.filters["event_json_ld"] = lambda meeting: event_json_ld(site, meeting)
        self.environment.globals.update(
            config=site.config, site=site, today=today, ids=PAGE_IDS, paragraph_id=paragraph_id, paragraph_number=paragraph_number,
            same_in_large_print=self._same_in_large_print, preview=site.preview,
        )
        #: Parts made by a page for its large-print view to reuse (see _same_in_large_print), with the
        #: sources they were made from; each is taken by the view that reuses it. None outside
        #: `sharing_parts`: a page rendered alone (serve's preview) may follow an edit to the site.
        self._shared_parts: dict[tuple[str, str], tuple[Markup, frozenset[str]]] | None = None
        # "Add to calendar" (render/calendars.py): each committee's and meeting's iCalendar file, and
        # the webcal: address to subscribe to it when site.yaml gives the site's base_url.
        self.environment.globals.update(
            committee_calendar=committee_calendar,
            meeting_calendar=meeting_calendar,
            webcal=lambda path: calendar_url(path, site.config.base_url),
        )
        #: Page URLs that have a large-print view; set by the build once pages are planned.
        self.large_print_pages: set[str] = set()

    def render(
        self,
        page: Page,
        template: str | None = None,
        url: Callable[[str], str] | None = None,
        large_type: bool | None = None,
        **extra: Any,
    ) -> str:
        """The page's HTML; a PDF edition passes its own template and link maker, and whether it is
        in large type (by default, whether the page is in the large-print view)."""
        context: dict[str, Any] = dict(page.context)
        context.update(page=page, url=url or self._link_maker(page), view_switch=self._view_switch(page), **extra)
        # The site's own root in either view (url('') in the large-print view is the view's home
        # page): where files such as the search index are.
        context.setdefault("site_root", relative_url("", page.url))
        context.setdefault("feeds", self._feeds(page))
        # A page offers no other editions unless the writer lists them (a page rendered on its own offers none).
        context.setdefault("downloads", [])
        html = self.environment.get_template(template or page.template).render(context)
        if LOCAL_LINK in html:
            html = _local_links_made(html, context["url"])
        # Large type fits few columns: wide tables are reflowed, in the large-print view and PDFs alike.
        return split_wide_tables(html) if (page.large_print if large_type is None else large_type) else html

    def render_recording(self, page: Page, **options: Any) -> tuple[str, frozenset[str]]:
        """The page's HTML, and the content files it was made from (see dependencies.py)."""
        recording: set[str] = {page.source, EVERYTHING} if page.listing else {page.source}
        self.environment.start_recording(recording)
        try:
            html = self.render(page, **options)
        finally:
            self.environment.stop_recording()
        return html, frozenset(recording)

    @contextmanager
    def sharing_parts(self) -> Iterator[None]:
        """While the site's pages are written, one after another and the site unchanged: a page's
        large-print view may take the parts it shares with the page (_same_in_large_print)."""
        self._shared_parts = {}
        try:
            yield
        finally:
            self._shared_parts = None

    @pass_context
    def _same_in_large_print(self, context: Context, name: str, caller: Callable[[], Markup]) -> Markup:
        """`{% call same_in_large_print(name) %}…{% endcall %}`: a part of a page that its large-print
        view shows byte for byte, made once for both. Only for a part whose links all go to pages
        (each has a large-print view, and a link between two pages of the view is the same relative
        link as between their standard pages) and which does not ask which view it is in: a decisions
        register's rows, thousands of them for a year of a large council."""
        if self._shared_parts is None:
            return caller()
        page: Page = context["page"]
        key = (page.standard_url if page.large_print else page.url, name)
        if key in self._shared_parts:
            part, sources = self._shared_parts.pop(key)
            self.environment.replay(sources)
            return part
        part, sources = self.environment.recorded_while(caller)
        self._shared_parts[key] = (part, sources)
        return part
    def _feeds(self, page: Page) -> tuple[FeedLink, ...]:
        """The feeds named in the page's head: its committee's (a committee's or a meeting's page) and the site's."""
        meeting = page.context.get("meeting")
        committee = page.context.get("committee") or (meeting.committee if meeting is not None else None)
        return feed_links(self.site, committee)

    def _view_switch(self, page: Page) -> str | None:
        """The link between a page and its large-print view, if it has one."""
        if page.large_print:
            return relative_url(page.href.removeprefix(LARGE_PRINT_FOLDER), page.url)
        if page.href in self.large_print_pages:
            return relative_url(LARGE_PRINT_FOLDER + page.href, page.url)
        return None

    def _link_maker(self, page: Page) -> Callable[[str], str]:
        """Relative links; in the large-print view, links to pages stay in the view and files are the standard ones."""
        if not page.large_print:
            return lambda target: relative_url(target, page.url)

        def large_print_link(target: str) -> str:
            path = target.partition("#")[0]
            if path in self.large_print_pages:
                target = LARGE_PRINT_FOLDER + target
            return relative_url(target, page.url)

        return large_print_link


__all__ = ["HtmlRenderer", "TemplateError", "relative_url"]
