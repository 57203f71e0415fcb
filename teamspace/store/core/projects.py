"""Projects, shared by the panes: tasks belong to one, time entries and notes name one.

Project names are unique regardless of case ("Website" and "website" are one
project).  The Tasks pane adds lists and counts (store/tasks/projects.py); every writer
here is replayable by name.
"""

from __future__ import annotations

from teamspace.errors import InvalidInput, NotFound
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.text import check_description

MAX_NAME = 64


def check_name(name: str, what: str = "project") -> str:
    """Trim and validate a project or list name."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(f"a {what} needs a name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"a {what} name can have at most {MAX_NAME} characters")
    if name.startswith("-"):
        raise InvalidInput(f"a {what} name cannot start with '-'")
    return name


def find(session: Session, name: str, *, include_archived: bool = True) -> Row:
    """The project called ``name`` (any case), or NotFound with a suggestion."""
    key = check_name(name).lower()
    row = session.one("SELECT * FROM project WHERE key = :k AND deleted_at IS NULL",
                      {"k": key})
    if row is not None and (include_archived or row["archived_at"] is None):
        return row
    known = [r["name"] for r in session.all(
        "SELECT name FROM project WHERE deleted_at IS NULL AND archived_at IS NULL "
        "ORDER BY name")]
    import difflib  # only for the 'did you mean' of an unknown name

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    if row is not None:
        hint = f"; bring it back with 'teamspace project unarchive \"{row['name']}\"'"
        raise NotFound(f"project '{row['name']}' is archived{hint}")
    if close:
        hint = f" (did you mean '{close[0]}'?)"
    else:
        hint = f"; create it with 'teamspace project add \"{check_name(name)}\"'"
    raise NotFound(f"no project '{check_name(name)}'{hint}")


def insert_project(session: Session, name: str, description: str = "") -> int:
    """Create a project inside a write (InvalidInput if the name is taken)."""
    name = check_name(name)
    description = check_description(description, "project")
    existing = session.one("SELECT name FROM project WHERE key = :k", {"k": name.lower()})
    if existing is not None:
        raise InvalidInput(f"a project called '{existing['name']}' exists already")
    project_id = session.insert(
        "INSERT INTO project (created_at, updated_at, author, version, op_id, name, key, "
        "description) VALUES (:now, :now, :actor, 1, :op, :name, :key, :d) RETURNING id",
        {"now": session.now, "actor": session.actor, "op": session.op_id, "name": name,
         "key": name.lower(), "d": description})
    session.record("project", project_id, "create", {"name": [None, name]})
    return project_id


@replayable
def create_project(ws: Workspace, *, name: str, description: str = "",
                   op_id: str | None = None) -> int:
    """Create a project; returns its id."""
    return ws.write(lambda s: insert_project(s, name, description), kind="project.create",
                    op_id=op_id)


@replayable
def rename_project(ws: Workspace, *, name: str, new_name: str,
                   op_id: str | None = None) -> None:
    """Give a project a new name (its tasks move with it)."""
    new_name = check_name(new_name)

    def body(session: Session) -> None:
        row = find(session, name)
        taken = session.one("SELECT id, name FROM project WHERE key = :k",
                            {"k": new_name.lower()})
        if taken is not None and taken["id"] != row["id"]:
            raise InvalidInput(f"a project called '{taken['name']}' exists already")
        items.update(session, "project", int(row["id"]),
                     {"name": new_name, "key": new_name.lower()}, item_type="project",
                     action="rename")

    ws.write(body, kind="project.rename", op_id=op_id)


@replayable
def archive_project(ws: Workspace, *, name: str, archived: bool = True,
                    op_id: str | None = None) -> None:
    """Archive a project (its tasks leave the everyday views) or bring it back."""
    def body(session: Session) -> None:
        row = find(session, name)
        if (row["archived_at"] is not None) == archived:
            return
        items.update(session, "project", int(row["id"]),
                     {"archived_at": session.now if archived else None},
                     item_type="project", action="archive" if archived else "unarchive")

    ws.write(body, kind="project.archive", op_id=op_id)


def project_names(ws: Workspace) -> list[str]:
    """Names of the active projects (for completion)."""
    return ws.read(lambda s: [r["name"] for r in s.all(
        "SELECT name FROM project WHERE deleted_at IS NULL AND archived_at IS NULL "
        "ORDER BY key")])
