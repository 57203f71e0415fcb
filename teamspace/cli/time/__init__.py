"""``teamspace timer …`` and ``teamspace time …``: the Time pane's commands.

The tables below are what the root command reads (``cli/app.py``).  ``timer`` holds
the hot commands (``cli/time/timer.py``: shell prompts call ``timer status``);
``time`` is assembled from modules by concept (entries, reports, suggest, sheets,
interop).  Literals only — this file imports nothing.
"""

COMMANDS: dict[str, str] = {}
GROUPS: dict[str, tuple[str, dict[str, str]]] = {
    "timer": ("The timer: start, stop, status (one line, for shell prompts), continue, "
              "cancel.", dict.fromkeys(("start", "stop", "status", "continue", "cancel"),
                                       "time.timer")),
    "time": ("Time entries, reports, suggestions from your activity, week timesheets, "
             "Watson and Timewarrior interop.", {
                 **dict.fromkeys(("add", "edit", "split", "move", "delete", "restore"),
                                 "time.entries"),
                 **dict.fromkeys(("list", "report"), "time.reports"),
                 "suggest": "time.suggest",
                 **dict.fromkeys(("sheet", "submit", "approve", "return", "reopen"),
                                 "time.sheets"),
                 **dict.fromkeys(("import", "export"), "time.interop")}),
}
