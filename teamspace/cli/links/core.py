"""``teamspace link add|list|search``: the link commands in the CLI latency budget.

At import this module loads only typer and ``cli.common``; the store, the renderer and
the network code are imported inside the command that runs.  ``link add`` saves first
and then, unless a title was given or ``--no-fetch``, fetches the page's title within
its bounds (3 s, 1 MB) and fills it in: a slow or dead site never loses the save.
No ``from __future__ import annotations``: Typer would eval every annotation per call.
"""

from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import (
    DbOption,
    JsonOption,
    make_app,
    open_workspace,
    print_json,
    since_text,
    submit,
)

app = make_app()


@complete.Completer
def link_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: ids of the links this user sees, their titles as help."""
    from teamspace.store.links.query import list_links

    return complete.suggest(ctx, incomplete, lambda ws: [
        (link.id, link.title or link.url) for link in list_links(ws, limit=200)])


IdArg = Annotated[int, typer.Argument(metavar="ID", help="A link id.", show_default=False,
                                      autocompletion=link_ids)]
@complete.Completer
def link_tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: tags on the links this user may see."""
    from teamspace.store.links.query import tag_counts

    return complete.tags(ctx, incomplete, lambda ws, word: [
        (tag, n) for tag, n in tag_counts(ws) if tag.lower().startswith(word.lower())],
        "links")


TagOption = Annotated[list[str] | None, typer.Option(
    "--tag", "-t", metavar="T", help="A tag (repeat for more).", show_default=False,
    autocompletion=link_tags)]
GroupOption = Annotated[str | None, typer.Option(
    "--group", "-g", metavar="G", help="Share with group G only (closed groups stay "
    "closed).", show_default=False, autocompletion=complete.groups)]
PrivateOption = Annotated[bool, typer.Option("--private", help="Only you can see it.")]


def visibility(group: str | None, private: bool, everyone: bool = False) -> str | None:
    """The visibility the options ask for (None: the default)."""
    from teamspace.errors import InvalidInput

    if sum((bool(group), private, everyone)) > 1:
        raise InvalidInput("choose one of --group, --private, --everyone")
    return "group" if group else "private" if private else "everyone" if everyone else None


def fill_title(ws: object, link_id: int, url: str, *, quiet: bool) -> str | None:
    """Fetch the page's title (bounded) and store it; the title, or None (a line on
    stderr says why, unless ``quiet``)."""
    from teamspace.store.links import links
    from teamspace.store.links.fetch import fetch_page
    from teamspace.store.links.urls import is_web
    from teamspace.store.links.web import WebError, offline

    if not is_web(url) or offline():
        return None
    try:
        page = fetch_page(url)
    except WebError as exc:
        if not quiet:
            typer.echo(f"saved without a title: {exc.message} (set one with "
                       f"'teamspace link edit {link_id} --title …')", err=True)
        return None
    submit(ws, links.set_page_info, link_id=link_id, title=page.title,  # type: ignore[arg-type]
           description=page.description)
    return page.title or None


@app.command()
def add(
    url: Annotated[str, typer.Argument(metavar="URL", help="The address to save.",
                                       show_default=False)],
    title: Annotated[str | None, typer.Option(
        "--title", metavar="TEXT", help="Your title (default: the page's own).",
        show_default=False)] = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help="Your note.")] = "",
    tag: TagOption = None,
    group: GroupOption = None,
    private: PrivateOption = False,
    no_fetch: Annotated[bool, typer.Option(
        "--no-fetch", help="Do not fetch the page's title.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save a link (or join someone's save of it); prints its id."""
    from teamspace.store.links import links

    ws = open_workspace(db)
    result = submit(ws, links.add_link, url=url, title=title, note=note, tags=list(tag or []),
                    visibility=visibility(group, private), group=group)
    fetched = None
    if not title and not no_fetch:
        fetched = fill_title(ws, result["id"], result["url"], quiet=as_json)
    if as_json:
        print_json({**result, "title": fetched})
        return
    line = str(result["id"])
    if result["again"]:
        line += " (you had saved it already: tags added)"
    if result["also"]:
        line += f" (also saved by {', '.join(result['also'])})"
    typer.echo(line)


@app.command("list")
def list_links(
    tag: Annotated[str | None, typer.Option("--tag", "-t", metavar="T",
                                            help="Only links tagged T.",
                                            autocompletion=link_tags)] = None,
    person: Annotated[str | None, typer.Option(
        "--by", metavar="USER", help="Only links USER saved.")] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Only links I saved.")] = False,
    group: Annotated[str | None, typer.Option(
        "--group", "-g", metavar="G", help="Only links shared with group G.",
        autocompletion=complete.groups)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", help="Saved since WHEN (2h, yesterday, mon, 2026-11-01).")]
    = None,
    dead: Annotated[bool, typer.Option(
        "--dead", help="Only links the last check found dead or failing.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List links, newest first, with who saved them and their last check."""
    from teamspace.errors import InvalidInput
    from teamspace.store.links import query

    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    ws = open_workspace(db)
    found = query.list_links(ws, tag=tag, person=person, mine=mine, group=group,
                             since=since_text(since), dead=dead, limit=limit + 1)
    more, found = len(found) > limit, found[:limit]
    if as_json:
        print_json([link.to_json() for link in found])
        return
    from teamspace.cli.links.render import print_links

    print_links(found, me=ws.user, more=more, empty="No links." if not dead else
                "No dead links (run 'teamspace link check --all' to check them).")


@app.command(context_settings={"ignore_unknown_options": True})
def search(
    query_text: Annotated[list[str], typer.Argument(
        metavar="QUERY", help='Words (all must match), "a phrase", word*, -word, a OR b.',
        show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search URLs, titles, notes and tags; best matches first, with a snippet."""
    from teamspace.store.links import query

    ws = open_workspace(db)
    found = query.search_links(ws, " ".join(query_text), limit=max(1, limit))
    if as_json:
        print_json([link.to_json() for link in found])
        return
    from teamspace.cli.links.render import print_links

    print_links(found, me=ws.user, more=False, empty="Nothing found.", snippets=True)
