"""``teamspace note …`` and ``teamspace notebook …``: the Notes pane's commands.

The tables below are what the root command reads (``cli/app.py``): ``note`` is a group
whose subcommands live in several modules by concept (``core``: add/list/show/append/
search, the hot path; ``edit``: editing, history and the trash; ``files``:
attachments and comments; ``meetings``: meetings, action items, outlines and exports;
``interop``: imports).  Literals only — this file imports nothing.
"""

COMMANDS: dict[str, str] = {}
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "note": ("Notes: Markdown notes in shared or private notebooks, with history, safe "
             "co-editing, comments, attachments, meetings, outlines and search.", {
                 **dict.fromkeys(("add", "list", "show", "append", "search"), "notes.core"),
                 **dict.fromkeys(("edit", "history", "diff", "delete", "restore", "trash"),
                                 "notes.edit"),
                 **dict.fromkeys(("comment", "attach", "files", "get", "detach"),
                                 "notes.files"),
                 **dict.fromkeys(("meeting", "promote", "outline", "export"),
                                 "notes.meetings"),
                 "import": "notes.interop"}),
    "notebook": ("Notebooks: who may read the notes in them (everyone, a group, or only "
                 "you).", dict.fromkeys(("add", "list", "rename", "archive", "move",
                                         "project", "export"), "notes.notebooks")),
}
