"""Screens pushed over the main tabs: thread, pickers, help."""
