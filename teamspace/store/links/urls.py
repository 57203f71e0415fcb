"""What a saved URL is: normalised so that one page is saved once, and refused when it
is not something to save (``javascript:``, ``data:`` and other schemes).

Normalising lowercases the scheme and host, drops the default port, gives an empty
http(s) path its ``/``, and removes tracking parameters (``utm_*``, ``fbclid``…);
the fragment is kept (it often names the part of the page that matters).
"""

from __future__ import annotations

from teamspace.errors import InvalidInput

SCHEMES = ("http", "https", "ftp", "file", "mailto")
DEFAULT_PORTS = {"http": 80, "https": 443, "ftp": 21}
TRACKING = frozenset({"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "mc_cid", "mc_eid",
                      "igshid", "yclid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id",
                      "oly_enc_id", "vero_id", "wickedid", "twclid", "ttclid", "srsltid"})
MAX_URL = 4096
REFUSED = {"javascript": "a javascript: link runs code instead of opening a page",
           "data": "a data: link holds content instead of pointing to a page",
           "vbscript": "a vbscript: link runs code instead of opening a page"}


def is_tracking(name: str) -> bool:
    """True for a query parameter that only tracks the visitor (utm_source, fbclid…)."""
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING


def normalise(raw: str) -> str:
    """The URL as stored; InvalidInput (one line) for what cannot be saved."""
    from urllib.parse import urlsplit, urlunsplit

    text = raw.strip()
    if not text:
        raise InvalidInput("a link needs a URL")
    if len(text) > MAX_URL:
        raise InvalidInput(f"a URL can have at most {MAX_URL} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in text) or " " in text:
        raise InvalidInput("a URL cannot contain spaces or control characters "
                           "(percent-encode them: %20)")
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if scheme in REFUSED:
        raise InvalidInput(f"refused: {REFUSED[scheme]}; only http(s), ftp, file and "
                           "mailto links are saved")
    if "://" not in text and scheme not in ("mailto", "file"):
        if scheme and scheme.isalpha() and not text[len(scheme) + 1:].split("/")[0]\
                .isdigit():
            raise InvalidInput(f"refused: '{scheme}:' links are not saved; only http(s), "
                               "ftp, file and mailto")
        text = "https://" + text  # "example.com/page": a web address without its scheme
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"'{raw.strip()[:80]}' is not a URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise InvalidInput(f"refused: '{scheme}:' links are not saved; only http(s), ftp, "
                           "file and mailto")
    if scheme == "mailto":
        if not parts.path:
            raise InvalidInput("a mailto: link needs an address")
        return urlunsplit((scheme, "", parts.path, parts.query, parts.fragment))
    host = (parts.hostname or "").lower()
    if scheme != "file" and not host:
        raise InvalidInput(f"'{raw.strip()[:80]}' has no host name")
    netloc = host if ":" not in host else f"[{host}]"  # an IPv6 address keeps its brackets
    if parts.username is not None:
        user = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{user}@{netloc}"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    path = parts.path or ("/" if scheme in ("http", "https") else "")
    query = "&".join(pair for pair in parts.query.split("&")
                     if pair and not is_tracking(pair.split("=", 1)[0]))
    return urlunsplit((scheme, netloc, path, query, parts.fragment))


def host_of(url: str) -> str:
    """The host of a stored URL ('' for mailto: and file:)."""
    rest = url.split("://", 1)[1] if "://" in url else ""
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1]
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0]


def is_web(url: str) -> bool:
    """True for an http(s) URL (the only ones fetched and checked)."""
    return url.startswith(("http://", "https://"))
