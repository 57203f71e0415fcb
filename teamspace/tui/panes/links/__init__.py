"""The Links pane: saved links with tag facets, who saved each, a preview with the last
check; add (from the clipboard), edit, tag, search, open, copy, check."""
