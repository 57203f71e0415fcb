"""Row-level security for the Links pane's tables on a server (``teamspace secure``,
store/core/postgres/security.py): the server itself applies the visibility of saves in
store/links/query.py — everyone, a group (a closed group's to its members only), or
private to the saver — so a member's own connection, even ``psql``, reads only the
saves teamspace would show them, their tags, the links (URLs, page titles, checks)
that have such a save, and the activity rows that name them.

``session_user`` is the member.  The checks that look at other rows run in SECURITY
DEFINER functions owned by the tables' owner (so the tables' own policies do not get
in their way).  ``teamspace_link_id(url)`` answers one question the policies would
otherwise make impossible: the id of a URL someone saved privately, so that a member
can save the same page too (store/links/links.py ``ensure_link``) — it reveals that
the address is saved by someone, as the unique URL would anyway, and nothing else.
"""

from __future__ import annotations

import re

from teamspace.store.links.query import VISIBLE_SAVE

_READABLE = VISIBLE_SAVE.replace(":me", "session_user")
# The same condition over the save row itself; one's own saves stay one's own (the
# trash, a group left since).
_SAVE = "(link_save.author = session_user OR " + re.sub(r"\bs\.", "link_save.", _READABLE) + ")"
_OWN_OR_VISIBLE = f"(s.author = session_user OR {_READABLE})"

FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION teamspace_link_save_readable(sid integer) RETURNS boolean "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
    f"SELECT EXISTS (SELECT 1 FROM link_save s WHERE s.id = sid AND {_OWN_OR_VISIBLE}) $$",
    # A link is readable through a readable save — or while it has no save at all (the
    # moment between the link's INSERT … RETURNING and its first save).
    "CREATE OR REPLACE FUNCTION teamspace_link_readable(lid integer) RETURNS boolean "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
    "SELECT EXISTS (SELECT 1 FROM link_save s WHERE s.link_id = lid AND "
    f"{_OWN_OR_VISIBLE}) OR NOT EXISTS (SELECT 1 FROM link_save s WHERE s.link_id = lid) $$",
    "CREATE OR REPLACE FUNCTION teamspace_link_id(address text) RETURNS integer "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ "
    "SELECT id FROM link WHERE url = address $$",
]
_LINK = "author = session_user OR teamspace_link_readable(id)"
_OF_SAVE = "teamspace_link_save_readable(save_id)"
POLICIES = {
    "link": [
        ("read_visible_links", "SELECT", _LINK, None),
        ("add_links", "INSERT", None, "author = session_user"),
        # What the web says about a page (fetches, checks): anyone who may read it.
        ("update_visible_links", "UPDATE", _LINK, "true"),
    ],
    "link_save": [
        ("read_visible_saves", "SELECT", _SAVE, None),
        ("write_own_saves", "INSERT", None, "author = session_user"),
        ("update_visible_saves", "UPDATE", _SAVE, _SAVE),
    ],
    "link_tag": [("link_tag_of_readable_saves", "ALL", _OF_SAVE, _OF_SAVE)],
}
ACTIVITY = [
    "item_type <> 'link_save' OR teamspace_link_save_readable(item_id)",
    "item_type <> 'link' OR teamspace_link_readable(item_id)",
]
