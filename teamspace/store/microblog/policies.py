"""Row-level security for the Microblog pane's tables on a server (``teamspace secure``,
store/core/postgres/security.py): the server itself applies the visibility rules of
store/microblog/feed.py, so a member's own connection — even ``psql`` — reads only the
posts teamspace would show them, and what hangs off them (recipients, mentions, tags,
reactions, the activity rows that hold their text).

``session_user`` is the member (each logs in as their own role).  The check runs in a
SECURITY DEFINER function owned by the tables' owner, so it reads ``post_recipient``
and ``group_member`` without their own policies getting in the way.
"""

from __future__ import annotations

from teamspace.store.microblog.feed import VISIBLE

_READABLE = VISIBLE.replace(":me", "session_user")

FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION teamspace_post_readable(pid integer) RETURNS boolean "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
    f"SELECT EXISTS (SELECT 1 FROM post p WHERE p.id = pid AND (p.author = session_user "
    f"OR {_READABLE})) $$",
]
_HANGS_OFF = ("teamspace_post_readable(post_id)", "teamspace_post_readable(post_id)")
POLICIES = {
    "post": [
        # (author first: INSERT … RETURNING checks the new row before the function,
        # which reads the statement's snapshot, could see it)
        ("read_visible_posts", "SELECT", "visibility = 'everyone' OR author = session_user "
         "OR teamspace_post_readable(id)", None),
        ("write_own_posts", "INSERT", None, "author = session_user"),
        # Replies bump their thread's counters: any post one may read.
        ("update_visible_posts", "UPDATE", "teamspace_post_readable(id)", "true"),
    ],
    **{table: [(f"{table}_of_readable_posts", "ALL", *_HANGS_OFF)]
       for table in ("post_recipient", "post_mention", "post_tag", "reaction")},
    "post_read": [("own_post_reads", "ALL", "username = session_user",
                   "username = session_user")],
    "read_marker": [("own_read_marker", "ALL", "username = session_user",
                     "username = session_user")],
    "mute": [("own_mutes", "ALL", "author = session_user", "author = session_user")],
}
# Activity rows a member may read: a post's only if they may read the post; their own
# read markers and mutes only.
ACTIVITY = [
    "item_type <> 'post' OR teamspace_post_readable(item_id)",
    "item_type NOT IN ('read', 'mute') OR actor = session_user",
]
