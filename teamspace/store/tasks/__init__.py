"""The Tasks pane's data: to-dos, their lists and counts, calendar, Taskwarrior and ICS."""
