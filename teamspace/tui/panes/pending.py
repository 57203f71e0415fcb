"""The body of a tab whose pane has not been built yet: says what it will hold."""

from __future__ import annotations

from textual.widgets import Static

PURPOSE = {
    "microblog": "Posts to everyone, @mentions, private messages and groups.",
    "tasks": "Projects, to-dos with owners and due dates, a calendar, who does what.",
    "notes": "Shared and private notebooks in Markdown, with history.",
    "links": "Saved links with titles, notes and tags; who else saved them.",
    "time": "Timers and timesheets per project.",
}


class PendingPane(Static):
    """A plain explanation shown in a tab until its pane lands."""

    def __init__(self, key: str) -> None:
        super().__init__(f"{PURPOSE[key]}\n\nThis pane is not available in this version yet.",
                         markup=False, classes="pending")
