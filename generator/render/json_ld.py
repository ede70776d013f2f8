"""A meeting page's schema.org Event, as JSON-LD in its head: for search engines and calendar tools."""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.content.site import Meeting, Site
from generator.render.open_data import absolute, local_start

#: schema.org's eventStatus for each meeting status.
EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


def event_json_ld(site: Site, meeting: Meeting) -> Markup:
    """The meeting as a schema.org Event, ready to go inside <script type="application/ld+json">."""
    event: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "startDate": local_start(meeting).isoformat(),
        "eventStatus": EVENT_STATUS[meeting.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": {"@type": "Place", "name": meeting.venue, "address": meeting.venue},
        "organizer": {"@type": "Organization", "name": site.config.council},
    }
    if site.config.base_url is not None:
        event["url"] = absolute(site, meeting.url)
    text = json.dumps(event, sort_keys=True, indent=1, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" in a venue's name would end or change the element.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
