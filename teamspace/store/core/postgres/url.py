"""Workspace URLs: checked, normalised, and shown without their password.

Light on purpose (no psycopg): the CLI uses it to print a location.  A password may
come in the URL (``postgresql://anna:secret@host/team``), but it is never shown,
logged, queued in the outbox or written to the known-workspaces file: the workspace's
name everywhere is the URL without it.  Within one process the full URL is kept so that
another handle on the same workspace (the TUI's watcher, a replay as another member)
can still connect; better still, keep passwords in ``~/.pgpass`` or ``PGPASSWORD``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from teamspace.errors import WorkspaceError

SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
_full: dict[str, str] = {}


def is_url(location: str) -> bool:
    """True for a server location (``scheme://…``), False for a file path."""
    return "://" in location


def normalise(location: str) -> str:
    """The URL as libpq takes it (``postgresql://``); WorkspaceError for anything else."""
    scheme, _, rest = location.partition("://")
    if scheme.lower() not in SCHEMES:
        raise WorkspaceError(f"'{scheme}://' is not a workspace location teamspace knows: "
                             "give a file path or a postgresql://user@host/database URL")
    try:
        parts = urlsplit("postgresql://" + rest)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise WorkspaceError(f"bad workspace URL {redact(location)}: {exc}") from None
    if not parts.path.strip("/"):
        raise WorkspaceError(f"the URL {redact(location)} names no database: add it at the "
                             "end, e.g. postgresql://anna@db.example.org/team")
    return "postgresql://" + rest


def redact(location: str) -> str:
    """The URL without its password (in the user part or in the query)."""
    try:
        parts = urlsplit(location)
    except ValueError:
        return location.split("://", 1)[0] + "://…"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        netloc = userinfo.split(":", 1)[0] + "@" + hosts
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                 if k.lower() not in SECRET_PARAMETERS]
        query = urlencode(pairs)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def remember(full: str) -> str:
    """Keep ``full`` for this process under its redacted name (the latest opened wins);
    return that name."""
    name = redact(full)
    _full[name] = full
    return name


def full(name: str) -> str:
    """The URL to connect with for a redacted ``name`` (the name itself if unknown)."""
    return _full.get(name, name)


def database(location: str) -> str:
    """The database part of a URL."""
    return urlsplit(location).path.strip("/")


def user(location: str) -> str | None:
    """The role in a URL, if it names one."""
    netloc = urlsplit(location).netloc
    if "@" not in netloc:
        return None
    return netloc.rpartition("@")[0].split(":", 1)[0] or None


def with_database(location: str, name: str) -> str:
    """The same server and role, another database (``postgres`` to create one)."""
    parts = urlsplit(location)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
