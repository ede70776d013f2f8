"""The hint for a link whose text is its web address: an example built from that address.

A fixed example (someone else's site) leaves the officer to work out what to write;
words made from the link's own host and page show the shape with their own link.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

#: The second-level labels of country domains (norfolk.gov.uk): the name is the label before them.
SECOND_LEVEL = {"gov", "co", "org", "ac", "nhs", "police", "ltd", "plc", "net", "sch", "mod", "com", "edu", "me"}
#: Two words or more: a single word (ieListDocuments, broadband) says too little of the page.
WORDS = re.compile(r"^[A-Za-z]+(?:[-_ ][A-Za-z]+)+$")
KEEP = "; keep the address in the text only if people need to type it"


def bare_url_message(text: str) -> str:
    return f"the link text is a web address ({shortened(text)}); screen readers read it out letter by letter"


def shortened(address: str) -> str:
    return address if len(address) <= 50 else address[:50] + "…"


def bare_url_hint(address: str) -> str:
    """How to write the link to `address` with words, e.g. [the Norfolk website](https://www.norfolk.gov.uk)."""
    if urlsplit(address.strip()).scheme.lower() == "mailto":
        return f"say who it reaches: [{words_for(address)}]({address}){KEEP}"
    return f"say where it goes: [{words_for(address)}]({address}){KEEP}"


def words_for(address: str) -> str:
    """Link words made from the address itself: 'the Norfolk website', 'email Tim Shaw'."""
    parts = urlsplit(address.strip())
    if parts.scheme.lower() == "mailto":
        local = parts.path.partition("@")[0]
        return f"email {_words(local, '._').title()}"
    site = _site_name(parts.hostname or address)
    page = _page_words(parts.path)
    if page:
        return f"the {page} page on the {site} website"
    if parts.path.strip("/"):
        return f"the … page on the {site} website"
    return f"the {site} website"


def _site_name(host: str) -> str:
    labels = [label for label in host.lower().removeprefix("www.").split(".") if label]
    if len(labels) > 1:
        labels.pop()  # uk, org, com
    if len(labels) > 1 and labels[-1] in SECOND_LEVEL:
        labels.pop()  # gov in gov.uk
    name = labels[-1] if labels else ""
    if not WORDS.match(name) and not name.isalpha():
        return host  # an address by number, such as 192.168.0.1
    return name.upper() if len(name) <= 3 else _words(name, "-").title()  # BBC, NHS; North Norfolk


def _page_words(path: str) -> str:
    """The last part of the page's address, when it is words (digital-inclusion-strategy), else ''."""
    last = unquote(path).rstrip("/").rpartition("/")[2]
    last = re.sub(r"\.(html?|aspx?|php)$", "", last, flags=re.I)
    return _words(last, "-_").lower() if WORDS.match(last) else ""


def _words(text: str, separators: str) -> str:
    for separator in separators:
        text = text.replace(separator, " ")
    return " ".join(text.split())
