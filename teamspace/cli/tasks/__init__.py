"""``teamspace task …``, ``teamspace project …``, ``teamspace people``: the Tasks pane's
commands.

The tables below are what the root command reads (``cli/app.py``).  ``task`` is a group
whose subcommands live in several modules by concept (``core``: add/list/done, the
hot path; ``edit``; ``interop``: calendar, export, import); ``teamspace task add``
imports ``cli/tasks/core.py`` only.  Literals only — this file imports nothing.
"""

COMMANDS = {"project": "tasks.projects", "people": "tasks.people"}
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "task": ("Tasks: to-dos with owners, due dates, priorities, tags, recurrence and "
             "dependencies.", {
                 **dict.fromkeys(("add", "list", "done"), "tasks.core"),
                 **dict.fromkeys(("undo", "edit", "assign", "due", "move", "comment", "show",
                                  "delete", "restore", "trash"), "tasks.edit"),
                 **dict.fromkeys(("calendar", "export", "import"), "tasks.interop"),
                 "alerts": "tasks.alerts"}),
}
