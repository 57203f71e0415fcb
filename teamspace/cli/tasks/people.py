"""``teamspace people``: Basecamp's overview — who has what on the go.

Per person: their open tasks by project and how many are overdue.  Other panes add
per-person facts (``facts`` in their ``store/<pane>/people.py``: time tracking's running
timer will be one); they show up here and in ``--json`` under ``extras``.
"""


from typing import Annotated

import typer

from teamspace.cli.common import DbOption, JsonOption, make_app, open_workspace, print_json

app = make_app()


@app.command()
def people(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="At most this many tasks per person.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show every member with their open tasks by project and their overdue count."""
    from teamspace.store.tasks import query as taskquery

    loads = taskquery.people_overview(open_workspace(db), per_person=limit)
    if as_json:
        print_json([load.to_json() for load in loads])
        return
    from teamspace.cli.tasks.render import print_people

    print_people(loads)
