"""``teamspace member add|list|rename|deactivate``: who is in the workspace.

Opening a workspace makes you a member; these commands add colleagues before their
first visit (so they can be @mentioned and assigned at once), give display names, and
take people out of the pickers when they leave (their items stay).
"""

from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
member_app = make_app("member", help_text="Members: who can be @mentioned, assigned and "
                      "seen by name.")
app.add_typer(member_app, name="member")
UserArg = Annotated[str, typer.Argument(metavar="USER", help="A user name (as 'whoami' "
                                        "prints it).", show_default=False)]


@member_app.command("add")
def add(
    user: UserArg,
    name: Annotated[str | None, typer.Option(
        "--name", help="Their display name, e.g. \"Bob Okafor\".")] = None,
    db: DbOption = None,
) -> None:
    """Add a member (or bring a deactivated one back)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import people

    done = submit(open_workspace(db), people.add_person, username=user, display_name=name)
    who = user.strip().lower().lstrip("@")
    typer.echo({"added": f"added {who}", "reactivated": f"{who} is a member again",
                "renamed": f"{who} is now called {name}",
                "unchanged": f"{who} is a member already"}[done])


@member_app.command("list")
def list_members(
    every: Annotated[bool, typer.Option("--all", help="Deactivated members too.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List the members."""
    from teamspace.dates import iso_utc
    from teamspace.store.core import people
    from teamspace.text import clean

    found = people.list_people(open_workspace(db), include_inactive=every)
    if as_json:
        print_json([{"username": p.username, "display_name": p.display_name,
                     "joined_at": iso_utc(p.joined_at), "active": p.active} for p in found])
        return
    if not found:
        typer.echo("No members yet ('teamspace member add USER').")
    for person in found:
        state = "" if person.active else "  (deactivated)"
        typer.echo(f"{person.username:20} {clean(person.display_name or '', newlines=False)}"
                   f"{state}".rstrip())


@member_app.command()
def rename(
    user: UserArg,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The new display name.",
                                        show_default=False)],
    db: DbOption = None,
) -> None:
    """Change a member's display name (their user name stays)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import people
    from teamspace.text import clean

    submit(open_workspace(db), people.rename_person, username=user, display_name=name)
    typer.echo(f"{user.strip().lower().lstrip('@')} is now called "
               f"{clean(' '.join(name.split()), newlines=False)}")


@member_app.command()
def deactivate(user: UserArg, db: DbOption = None) -> None:
    """Take a member out of pickers and assignment (their posts and tasks stay;
    'member add USER' brings them back)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import people

    submit(open_workspace(db), people.deactivate_person, username=user)
    typer.echo(f"deactivated {user.strip().lower().lstrip('@')} (undo: teamspace member add "
               f"{user.strip().lower().lstrip('@')})")
