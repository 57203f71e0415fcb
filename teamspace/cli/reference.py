"""Render the CLI reference (docs/cli.md) from the commands' own ``--help``.

``python -m teamspace.cli.reference > docs/cli.md`` regenerates it; a test fails when
the committed file drifts from what the code prints.
"""

from __future__ import annotations

from typing import Any

import typer

WIDTH = 100
HEADER = """# CLI reference

Generated from `teamspace --help` by `python -m teamspace.cli.reference > docs/cli.md`
(`make docs`); `tests/test_docs.py` fails when this file drifts from the code.

Every command takes `--db PATH|URL` (see [configuration](../README.md#configuration)) and
exits non-zero with one line on stderr when it fails. Exit codes: 0 ok, 1 failure,
2 usage error, 3 not found, 4 conflicting edit, 64 invalid input, 75 try again later
(the share is unreachable or busy; writes are queued), 78 workspace or configuration problem.

## JSON output

`--json` prints JSON for scripts, on every command that prints data (and on the writes,
which print what they made: ids, counts, states). Every object at the top (or each
object in a top-level list) carries `"format"`, the version of these rules; a script can
check it and adapt. An empty result is `[]` (nothing to carry the field).

- **format 2** (teamspace 0.2): timestamps are ISO 8601 in UTC with a `Z`
  (`"2026-11-30T10:55:54Z"`: `created_at`, `updated_at`, `done_at`, `at`, `since`,
  `started_at`/`ended_at`, `start`/`end` of time entries, `checked_at`, `submitted_at`,
  ...); date-only values are dates (`"2026-12-04"`: a task's `due` without a time of day,
  a timesheet's `week` as its Monday, report ranges `from`/`to`), a `due` with a time of
  day is a timestamp; durations are whole `seconds`. No command prints the stored form or
  an epoch number (`tests/test_json_format.py` runs every `--json` command to check).
  Other people's text is kept exactly, with control, bidi and zero-width characters
  written as `\\u` escapes.
- format 1 (before): timestamps as stored (`"2026-11-30 10:55:54.123456"`), no `format`.

## Shell completion

`teamspace --install-completion` (bash, zsh, fish) completes commands and options, and
from the workspace also their values: people (`--to`, `--person`, `--with`, `member`,
`dm`, `time sheet USER`...), projects (`--project`, the first word of `timer start`),
groups (`--group`, `group members`), notebooks (`--notebook`), each pane's own tags
(`--tag` of tasks, notes, links and `feed`; only tags of what you may read: a tag used
only in a private notebook or a closed group is not offered) and ids of tasks, notes,
links, posts and time entries, each shown with its title where the shell shows help (zsh,
fish). With no workspace there are simply no suggestions.
"""


def _help(command: Any, path: list[str], parent: Any | None) -> str:
    context = command.make_context(path[-1], ["--help"], parent=parent,
                                   resilient_parsing=True, terminal_width=WIDTH,
                                   max_content_width=WIDTH)
    return str(command.get_help(context))


def render() -> str:
    """The whole reference as Markdown."""
    from teamspace.cli.app import app

    root = typer.main.get_command(app)
    sections = [HEADER]

    def walk(command: Any, path: list[str], parent: Any | None) -> None:
        sections.append(f"## `{' '.join(path)}`\n\n```text\n{_help(command, path, parent)}\n```\n")
        if hasattr(command, "list_commands"):
            context = command.make_context(path[-1], [], parent=parent,
                                           resilient_parsing=True)
            for name in command.list_commands(context):
                walk(command.get_command(context, name), [*path, name], context)

    walk(root, ["teamspace"], None)
    return "\n".join(sections)


if __name__ == "__main__":
    print(render(), end="")
