"""A page's title and description, fetched within bounds (store/links/web.py) and
treated as untrusted text: entities decoded, control and bidi characters removed,
whitespace collapsed, lengths cut (links.untrusted).  The link is always saved first;
this only fills in what the page says about itself.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from teamspace.store.core.record import Record
from teamspace.store.links.links import untrusted
from teamspace.store.links.web import MAX_BYTES, TIMEOUT, WebError, request

HTML_TYPES = ("text/html", "application/xhtml+xml")


class Page(Record):
    """What a page says about itself."""

    title: str
    description: str
    url: str  # where it was found (after redirects)


class _Stop(Exception):
    pass


class _Head(HTMLParser):
    """Collects <title> and the description metas, stops at <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_title = False
        self.title = ""
        self.metas: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.title:
            self.in_title = True
        elif tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("name") or values.get("property") or "").lower()
            if key in ("description", "og:description", "og:title", "twitter:title") and \
                    key not in self.metas:
                self.metas[key] = values.get("content", "")
        elif tag == "body":
            raise _Stop

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "head":
            raise _Stop

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def _charset(content_type: str, body: bytes) -> str:
    match = re.search(r"charset=[\"']?([\w-]+)", content_type, re.I) or \
        re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I)
    if match is None:
        return "utf-8"
    name = match.group(1)
    name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def parse_head(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(title, description) of an HTML document, as stored (untrusted, cleaned)."""
    text = body.decode(_charset(content_type, body), errors="replace")
    parser = _Head()
    try:
        parser.feed(text)
        parser.close()
    except _Stop:
        pass
    title = parser.title or parser.metas.get("og:title") or parser.metas.get(
        "twitter:title", "")
    description = parser.metas.get("description") or parser.metas.get("og:description", "")
    return untrusted(title, 300), untrusted(description, 1000)


def fetch_page(url: str, *, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """Fetch ``url`` and read its title and description; WebError if it cannot be had
    in time or is not a web page."""
    answer = request(url, timeout=timeout, max_bytes=max_bytes)
    if answer.status >= 400:
        raise WebError("status", f"the server answered {answer.status}")
    content_type = answer.headers.get("content-type", "")
    if content_type and not content_type.lower().startswith(HTML_TYPES):
        raise WebError("type", f"not a web page ({content_type.split(';')[0][:40]})")
    title, description = parse_head(answer.body, content_type)
    return Page(title, description, answer.url)
