"""One module per pane (microblog, tasks, notes, links, time), same names as store/ and cli/."""
