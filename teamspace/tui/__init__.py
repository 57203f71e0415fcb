"""The Textual TUI.  Only this package imports textual (checked by tests)."""
