"""Shell completion of values from the workspace: people, projects, groups, tags and ids.

Typer calls these ``autocompletion=`` callbacks while the shell asks for suggestions
(``_TEAMSPACE_COMPLETE=complete_bash`` …).  They must be quick and must never fail: the
workspace is only read when it already exists (completion creates and joins nothing),
anything that goes wrong means "no suggestions", and store modules are imported inside
the callbacks.  A command's start-up pays nothing for them either: every callback is a
:class:`Completer`, which is false unless the shell is asking, and Typer skips a false
``autocompletion=`` (inspecting a callback costs it ~0.15 ms per option, on every call).

No ``from __future__ import annotations`` here: Typer reads the callbacks' parameter
annotations (``typer.Context``, ``str``) to know what to pass.
"""

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from teamspace.store.core.connection import Workspace

Suggestions = list[tuple[str, str]]
LIMIT = 60  # a shell shows a screenful; more only slows the answer down


class Completer:
    """A completion callback that is true only while the shell asks for suggestions
    (``_TEAMSPACE_COMPLETE`` set): Typer then inspects and attaches it, otherwise not."""

    def __init__(self, fn: Callable[[typer.Context, str], Suggestions]) -> None:
        self.fn = fn
        # Typer reads the parameters (ctx, incomplete) through __wrapped__.
        self.__wrapped__ = fn
        self.__annotations__ = fn.__annotations__
        self.__doc__ = fn.__doc__

    def __bool__(self) -> bool:
        return bool(os.environ.get("_TEAMSPACE_COMPLETE"))

    def __call__(self, ctx: typer.Context, incomplete: str) -> Suggestions:
        return self.fn(ctx, incomplete)


def workspace_of(ctx: typer.Context) -> "Workspace | None":
    """The workspace the command line names (``--db`` of the command or the root, else as
    for any command), or None when there is none yet."""
    from teamspace.cli import common
    from teamspace.config import current_user, load_settings, resolve_location
    from teamspace.store.core.connection import Workspace

    db = None
    context: Any = ctx
    while context is not None and db is None:
        db = context.params.get("db")
        context = context.parent
    settings = load_settings()
    location = resolve_location(db or common.root_db, settings).value
    if "://" not in location and not os.path.isfile(location):
        return None  # never create a workspace to complete a word
    return Workspace.open(location, user=current_user(settings))


def suggest(ctx: typer.Context, incomplete: str,
            fetch: Callable[["Workspace"], Iterable[tuple[Any, Any]]]) -> Suggestions:
    """``(value, help)`` pairs from ``fetch(workspace)`` starting with ``incomplete``;
    nothing at all when there is no workspace or reading it fails."""
    from teamspace.text import one_line

    try:
        ws = workspace_of(ctx)
        if ws is None:
            return []
        try:
            found = [(str(value), one_line(str(help_text or ""), 60))
                     for value, help_text in fetch(ws)]
        finally:
            ws.close()
    except Exception:  # completion is a convenience: never a traceback in the shell
        return []
    return [(v, h) for v, h in found if v.startswith(incomplete)][:LIMIT]


@Completer
def people(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Active members' user names, their display names as help (``@`` allowed)."""
    from teamspace.store.core.people import list_people

    at = "@" if incomplete.startswith("@") else ""
    found = suggest(ctx, incomplete.removeprefix("@"), lambda ws: [
        (p.username, p.display_name) for p in list_people(ws)])
    return [(at + name, help_text) for name, help_text in found]


@Completer
def people_list(ctx: typer.Context, incomplete: str) -> Suggestions:
    """People for a comma-separated value (``--with anna,b`` → ``anna,bob``)."""
    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    return [(prefix + name, help_text) for name, help_text in people(ctx, last)]


@Completer
def projects(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Active project names."""
    from teamspace.store.core.projects import project_names

    return suggest(ctx, incomplete, lambda ws: [(n, "project") for n in project_names(ws)])


@Completer
def project_first(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Projects for the first of ``PROJECT [+TAG...]`` words (``timer start``)."""
    if ctx.params.get("words") or incomplete.startswith("+"):
        return []
    return projects(ctx, incomplete)


@Completer
def groups(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Groups this user may know of (closed ones only when they are in or invited)."""
    from teamspace.store.core.groups import list_groups

    return suggest(ctx, incomplete, lambda ws: [
        (g.name, g.description or f"{g.members} members") for g in list_groups(ws)])


@Completer
def task_ids(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Open tasks' ids, their titles as help (task commands, and ``--task`` of time)."""
    from teamspace.store.tasks.query import list_tasks

    return suggest(ctx, incomplete, lambda ws: [
        (t.id, t.title) for t in list_tasks(ws, status="open", limit=LIMIT * 4)])


@Completer
def post_ids(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Ids of the newest posts this user may read, their text as help."""
    from teamspace.store.microblog.feed import feed

    return suggest(ctx, incomplete, lambda ws: [(p.id, p.text)
                                                for p in feed(ws, limit=LIMIT * 4)])


def tags(ctx: typer.Context, incomplete: str,
         fetch: Callable[["Workspace", str], Iterable[tuple[str, Any]]], noun: str
         ) -> Suggestions:
    """A pane's tags starting with ``incomplete`` (``#`` allowed), how many ``noun``
    carry each as help; ``fetch(workspace, prefix)`` gives (tag, count).  (Typer keeps
    only the values that start with what was typed, in its case.)"""
    mark = "#" if incomplete.startswith("#") else ""
    word = incomplete.removeprefix("#")
    found = suggest(ctx, "", lambda ws: [(tag, f"{count} {noun}".strip())
                                         for tag, count in fetch(ws, word)])
    return [(mark + tag, help_text) for tag, help_text in found]


@Completer
def post_tags(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Tags of the posts this user may read (``feed --tag``)."""
    from teamspace.store.microblog.feed import known_tags

    return tags(ctx, incomplete, lambda ws, word: [
        (tag, "tag") for tag in known_tags(ws, prefix=word, limit=LIMIT)], "")


@Completer
def task_tags(ctx: typer.Context, incomplete: str) -> Suggestions:
    """Tags on live tasks, as written (``task add/edit/list --tag``)."""
    from teamspace.store.tasks.tags import known_tags

    return tags(ctx, incomplete, lambda ws, word: known_tags(ws, prefix=word), "tasks")
