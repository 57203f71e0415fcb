"""Reusable widgets: the post list and the composer."""
