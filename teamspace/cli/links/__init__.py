"""``teamspace link …`` and ``teamspace tag …``: the Links pane's commands.

The tables below are what the root command reads (``cli/app.py``).  ``link add`` and
``link list`` are the hot path (``core``); the others load by concept.  ``tag`` works
on link tags only — each pane keeps its own tags (docs/links.md).  Literals only —
this file imports nothing.
"""

COMMANDS: dict[str, str] = {}
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "link": ("Links: save URLs with titles, notes and tags, shared with everyone, a group "
             "or kept private; see who else saved them; search, check, import, export.", {
                 **dict.fromkeys(("add", "list", "search"), "links.core"),
                 **dict.fromkeys(("show", "edit", "tag", "delete", "restore", "trash",
                                  "open"), "links.edit"),
                 **dict.fromkeys(("check", "import", "export"), "links.interop")}),
    "tag": ("Tags of saved links: list with counts, rename, merge (your own saves; task "
            "and post tags are their panes' own).", {
                **dict.fromkeys(("list", "rename", "merge"), "links.tags")}),
}
