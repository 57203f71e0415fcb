"""The Links pane's store: saved links (one row per URL), each person's save of it with
their own title, note, tags and visibility, dead-link checks, imports and exports."""
