"""Sample data for ``teamspace demo``: a small team with some history to explore.

Every write uses a fixed operation id, so seeding again adds nothing twice.
"""

from __future__ import annotations

from teamspace.store import groups, people, posts
from teamspace.store.connection import Workspace
from teamspace.store.errors import InvalidInput

TEAM = [
    ("anna", "Anna Berg"),
    ("bob", "Bob Okafor"),
    ("chen", "Chen Wei"),
    ("dana", "Dana Ruiz"),
]
# (key, author, text, extra arguments); "reply_to" names an earlier key.
POSTS: list[tuple[str, str, str, dict[str, object]]] = [
    ("hello", "dana", "Welcome to our teamspace! Quick quiet messages here instead of "
     "shoulder taps. Try 'teamspace --help' in another terminal.", {}),
    ("deploy", "bob", "Deployed 2.3.1 to staging #release — @anna can you run the smoke "
     "tests before lunch?", {}),
    ("deploy-1", "anna", "On it, will report back here.", {"reply_to": "deploy"}),
    ("deploy-2", "chen", "Found a flaky test in the login suite, fixing it now #ci",
     {"reply_to": "deploy"}),
    ("standup", "chen", "Standup notes: API pagination done, starting on the export. "
     "Blocked on the design review #standup", {"group": "dev"}),
    ("lunch", "dana", "Anyone up for the new ramen place at 12:30?", {"group": "random"}),
    ("private", "bob", "Can we talk about the Q4 plan tomorrow? Not urgent.",
     {"to": ["anna"]}),
    ("budget", "dana", "Budget for the offsite is approved 🎉 details to follow. "
     "@bob @chen please book travel by Friday", {}),
]


def seed(ws: Workspace) -> None:
    """Create the demo workspace if needed and fill it (idempotent)."""
    ws.create()
    if ws.get_meta("name") is None:
        ws.set_meta("name", "Demo team")
    for username, name in TEAM:
        people.add_person(ws, username, name, op_id=f"demo-person-{username}")
    as_user = {name: Workspace.open(ws.path, user=name) for name, _ in TEAM}
    for name, closed in (("dev", False), ("random", False)):
        try:
            groups.create_group(as_user["dana"], name=name, closed=closed,
                                op_id=f"demo-group-{name}")
        except InvalidInput:
            pass  # made by an earlier seeding under another op id
    for username, _ in TEAM:
        groups.join_group(as_user[username], name="dev", op_id=f"demo-join-dev-{username}")
    ids: dict[str, int] = {}
    for key, author, text, extra in POSTS:
        kwargs = dict(extra)
        if "reply_to" in kwargs:
            kwargs["reply_to"] = ids[str(kwargs["reply_to"])]
        ids[key] = posts.create_post(as_user[author], text=text, op_id=f"demo-post-{key}",
                                     **kwargs)  # type: ignore[arg-type]
    posts.react(as_user["chen"], post_id=ids["budget"], emoji="tada", op_id="demo-react-1")
    posts.react(as_user["anna"], post_id=ids["budget"], emoji="+1", op_id="demo-react-2")
