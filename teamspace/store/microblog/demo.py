"""The Microblog pane's sample posts for ``teamspace demo`` (fixed op ids: idempotent)."""

from __future__ import annotations

from teamspace.store.core.connection import Workspace
from teamspace.store.microblog import posts

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



def seed(as_user: dict[str, Workspace]) -> None:
    """Posts, a thread, a group post, a private message and reactions."""
    ids: dict[str, int] = {}
    for key, author, text, extra in POSTS:
        kwargs = dict(extra)
        if "reply_to" in kwargs:
            kwargs["reply_to"] = ids[str(kwargs["reply_to"])]
        ids[key] = posts.create_post(as_user[author], text=text, op_id=f"demo-post-{key}",
                                     **kwargs)  # type: ignore[arg-type]
    posts.react(as_user["chen"], post_id=ids["budget"], emoji="tada", op_id="demo-react-1")
    posts.react(as_user["anna"], post_id=ids["budget"], emoji="+1", op_id="demo-react-2")
