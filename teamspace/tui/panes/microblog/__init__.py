"""The Microblog pane: the stream, composer, threads and pickers."""
