"""The Notes pane's store: notebooks (everyone / a group / private), Markdown notes with
every save kept as a version, three-way merged co-editing, comments, attachments with
versions and checksums, meetings whose action items become tasks, outlines, search,
and imports/exports (Markdown folders, jrnl JSON, Evernote ENEX, OPML)."""
