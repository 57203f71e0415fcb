"""The Notes pane of the TUI: notebooks, notes, a Markdown viewer and editor, search,
outline, history with diff and restore, attachments, comments and presence."""
