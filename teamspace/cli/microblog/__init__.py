"""``teamspace post|feed|dm|…``: the Microblog pane's commands.

The tables below are what the root command reads (``cli/app.py``): which module holds
which command, so that only that module is imported when it runs.  Literals only —
this file imports nothing.
"""

COMMANDS = {
    "post": "microblog.posts", "feed": "microblog.stream", "thread": "microblog.stream",
    "reply": "microblog.posts", "dm": "microblog.posts", "react": "microblog.posts",
    "edit": "microblog.posts", "delete": "microblog.posts", "restore": "microblog.posts",
    "trash": "microblog.stream", "history": "microblog.stream",
    "read": "microblog.unread", "mute": "microblog.unread", "unmute": "microblog.unread",
    "digest": "microblog.unread",
}
GROUPS: dict[str, tuple[str, dict[str, str]]] = {}
