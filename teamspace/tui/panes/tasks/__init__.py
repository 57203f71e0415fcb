"""The Tasks pane: projects, task list, detail, form, calendar and people screens."""
