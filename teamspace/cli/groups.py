"""``teamspace group …``: create, join, leave, invite, list, members."""

from typing import Annotated

import typer

from teamspace.cli import complete
from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()
group_app = make_app("group", "Groups: open ones anyone can join, closed ones by invitation.")
app.add_typer(group_app, name="group")
NameArg = Annotated[str, typer.Argument(metavar="NAME", help="The group's name.",
                                        show_default=False, autocompletion=complete.groups)]


@group_app.command()
def create(
    name: NameArg,
    description: Annotated[str, typer.Option("--description", "-d",
                                             help="What the group is for.")] = "",
    closed: Annotated[bool, typer.Option(
        "--closed", help="Members only: posts hidden from others, joining by invitation.")]
    = False,
    db: DbOption = None,
) -> None:
    """Create a group (you become its first member)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import groups

    submit(open_workspace(db), groups.create_group, name=name, description=description,
           closed=closed)
    typer.echo(f"created {'closed ' if closed else ''}group {name.lower()}")


@group_app.command()
def join(name: NameArg, db: DbOption = None) -> None:
    """Join an open group, or accept an invitation to a closed one."""
    from teamspace.cli.common import submit
    from teamspace.store.core import groups

    submit(open_workspace(db), groups.join_group, name=name)
    typer.echo(f"joined {name.lower()}")


@group_app.command()
def leave(name: NameArg, db: DbOption = None) -> None:
    """Leave a group (or decline an invitation)."""
    from teamspace.cli.common import submit
    from teamspace.store.core import groups

    submit(open_workspace(db), groups.leave_group, name=name)
    typer.echo(f"left {name.lower()}")


@group_app.command()
def invite(
    name: NameArg,
    user: Annotated[str, typer.Argument(metavar="USER", help="Who to invite.",
                                        show_default=False, autocompletion=complete.people)],
    db: DbOption = None,
) -> None:
    """Invite USER to group NAME (they join with 'group join NAME')."""
    from teamspace.cli.common import submit
    from teamspace.store.core import groups

    submit(open_workspace(db), groups.invite, name=name, username=user.lower().lstrip("@"))
    typer.echo(f"invited {user.lstrip('@')} to {name.lower()}")


@group_app.command("list")
def list_groups(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the groups you can see, with member counts and your status."""
    from teamspace.store.core import groups
    from teamspace.text import clean

    found = groups.list_groups(open_workspace(db))
    if as_json:
        print_json([g.to_json() for g in found])
        return
    if not found:
        typer.echo("No groups yet ('teamspace group create NAME').")
    for g in found:
        mine = {"member": "  (member)", "invited": "  (invited)"}.get(g.my_status or "", "")
        kind = "closed" if g.closed else "open"
        typer.echo(f"{g.name:20} {kind:6} {g.members:3} members{mine}  "
                   f"{clean(g.description, newlines=False)}")


@group_app.command()
def members(name: NameArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the members (and invitees) of group NAME."""
    from teamspace.store.core import groups

    found = groups.members(open_workspace(db), name)
    if as_json:
        print_json([{"user": user, "status": state} for user, state in found])
        return
    for user, state in found:
        typer.echo(user if state == "member" else f"{user} (invited)")
