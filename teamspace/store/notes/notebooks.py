"""Notebooks: add, list, rename, archive, move (change who may read it).

Anyone who can read a notebook may add and edit its notes and rename it; only its
owner may change who can read it (``move``) — that decides who sees every note in it.
A group notebook needs a group the owner belongs to.  The default notebook, "Notes",
is for everyone and is made on first use.
"""

from __future__ import annotations

from teamspace.errors import InvalidInput, NotFound, PermissionDenied
from teamspace.store.core import groups as groups_store
from teamspace.store.core import items
from teamspace.store.core.connection import Workspace
from teamspace.store.core.projects import check_name
from teamspace.store.core.record import Record
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.notes.access import VISIBLE

DEFAULT = "Notes"
VISIBILITIES = ("everyone", "group", "private")


class NotebookView(Record):
    """A notebook as a reader sees it."""

    id: int
    name: str
    visibility: str
    group: str | None
    project: str | None
    owner: str
    notes: int
    archived: bool
    description: str = ""

    def audience(self) -> str:
        """'everyone', 'group dev' or 'private'."""
        return f"group {self.group}" if self.visibility == "group" else self.visibility


def find(session: Session, name: str, *, include_archived: bool = True) -> Row:
    """The notebook called ``name`` (any case) that the reader may see, or NotFound."""
    key = check_name(name, "notebook").lower()
    row = session.one(f"SELECT nb.* FROM notebook nb WHERE nb.key = :k AND "
                      f"nb.deleted_at IS NULL AND {VISIBLE}", {"k": key, "me": session.actor})
    if row is not None and (include_archived or row["archived_at"] is None):
        return row
    if row is not None:
        raise InvalidInput(f"notebook '{row['name']}' is archived: unarchive it first "
                           f"(teamspace notebook archive \"{row['name']}\" --undo)")
    known = [r["name"] for r in session.all(
        f"SELECT nb.name FROM notebook nb WHERE nb.deleted_at IS NULL AND "
        f"nb.archived_at IS NULL AND {VISIBLE} ORDER BY nb.name", {"me": session.actor})]
    hint = f"; notebooks: {', '.join(known)}" if known else ""
    raise NotFound(f"no notebook '{check_name(name, 'notebook')}'{hint} (create it with "
                   f"'teamspace notebook add')")


def _audience(session: Session, visibility: str, group: str | None) -> int | None:
    """Check a visibility and return the group id it names (None unless 'group')."""
    if visibility not in VISIBILITIES:
        raise InvalidInput(f"visibility '{visibility}' is not one of {', '.join(VISIBILITIES)}")
    if visibility != "group":
        if group:
            raise InvalidInput("a group is only for a group notebook")
        return None
    if not group:
        raise InvalidInput("name the group of a group notebook")
    row = groups_store.find(session, group)
    if groups_store.status(session, int(row["id"]), session.actor) != "member":
        raise PermissionDenied(f"you are not a member of group '{row['name']}': join it "
                               "first (teamspace group join)")
    return int(row["id"])


def _project(session: Session, project: str | None) -> int | None:
    if not project:
        return None
    from teamspace.store.core import projects

    return int(projects.find(session, project, include_archived=False)["id"])


def insert_notebook(session: Session, *, name: str, visibility: str = "everyone",
                    group: str | None = None, project: str | None = None,
                    description: str = "") -> int:
    """Create a notebook inside a write; returns its id."""
    name = check_name(name, "notebook")
    group_id = _audience(session, visibility, group)
    taken = session.one("SELECT name FROM notebook WHERE key = :k", {"k": name.lower()})
    if taken is not None:
        raise InvalidInput(f"a notebook called '{taken['name']}' exists already")
    made = session.one(
        "INSERT INTO notebook (created_at, updated_at, author, version, op_id, name, key, "
        "description, visibility, group_id, project_id) VALUES (:now, :now, :actor, 1, :op, "
        ":name, :key, :d, :vis, :g, :p) ON CONFLICT (key) DO NOTHING RETURNING id",
        {"now": session.now, "actor": session.actor, "op": session.op_id, "name": name,
         "key": name.lower(), "d": description.strip(), "vis": visibility, "g": group_id,
         "p": _project(session, project)})
    if made is None:  # there, but hidden: a server's row-level security (policies.py)
        raise InvalidInput(f"a notebook called '{name}' exists already (one you may not "
                           "read): choose another name")
    notebook_id = int(made["id"])
    session.record("notebook", notebook_id, "create",
                   {"name": [None, name], "visibility": [None, visibility]})
    return notebook_id


def resolve(session: Session, name: str | None) -> Row:
    """The notebook to write into: the named one (not archived), or the default one,
    made now if it does not exist yet (inside a write)."""
    if name:
        return find(session, name, include_archived=False)
    row = session.one("SELECT * FROM notebook WHERE key = :k", {"k": DEFAULT.lower()})
    if row is None:
        insert_notebook(session, name=DEFAULT)
        return find(session, DEFAULT)
    return find(session, DEFAULT, include_archived=False)


@replayable
def add_notebook(ws: Workspace, *, name: str, visibility: str = "everyone",
                 group: str | None = None, project: str | None = None,
                 description: str = "", op_id: str | None = None) -> int:
    """Create a notebook; returns its id."""
    return ws.write(lambda s: insert_notebook(
        s, name=name, visibility=visibility, group=group, project=project,
        description=description), kind="notebook.add", op_id=op_id)


@replayable
def rename_notebook(ws: Workspace, *, name: str, new_name: str,
                    op_id: str | None = None) -> None:
    """Give a notebook a new name (its notes stay in it)."""
    new_name = check_name(new_name, "notebook")

    def body(session: Session) -> None:
        row = find(session, name)
        taken = session.one("SELECT id, name FROM notebook WHERE key = :k",
                            {"k": new_name.lower()})
        if taken is not None and taken["id"] != row["id"]:
            raise InvalidInput(f"a notebook called '{taken['name']}' exists already")
        items.update(session, "notebook", int(row["id"]),
                     {"name": new_name, "key": new_name.lower()}, item_type="notebook",
                     action="rename")

    ws.write(body, kind="notebook.rename", op_id=op_id)


@replayable
def archive_notebook(ws: Workspace, *, name: str, archived: bool = True,
                     op_id: str | None = None) -> None:
    """Archive a notebook (its notes leave the lists and become read-only) or bring it
    back."""
    def body(session: Session) -> None:
        row = find(session, name)
        if (row["archived_at"] is not None) == archived:
            return
        items.update(session, "notebook", int(row["id"]),
                     {"archived_at": session.now if archived else None},
                     item_type="notebook", action="archive" if archived else "unarchive")

    ws.write(body, kind="notebook.archive", op_id=op_id)


@replayable
def move_notebook(ws: Workspace, *, name: str, visibility: str, group: str | None = None,
                  op_id: str | None = None) -> None:
    """Change who may read a notebook (owner only): everyone, a group, or private."""
    def body(session: Session) -> None:
        row = find(session, name)
        if row["author"] != session.actor:
            raise PermissionDenied(f"only {row['author']}, who made notebook "
                                   f"'{row['name']}', can change who reads it")
        group_id = _audience(session, visibility, group)
        items.update(session, "notebook", int(row["id"]),
                     {"visibility": visibility, "group_id": group_id},
                     item_type="notebook", action="move")

    ws.write(body, kind="notebook.move", op_id=op_id)


@replayable
def set_project(ws: Workspace, *, name: str, project: str | None,
                op_id: str | None = None) -> None:
    """Set (or clear) the project a notebook's action items become tasks in."""
    def body(session: Session) -> None:
        row = find(session, name)
        items.update(session, "notebook", int(row["id"]),
                     {"project_id": _project(session, project)}, item_type="notebook",
                     action="project")

    ws.write(body, kind="notebook.project", op_id=op_id)


def select_notebooks(session: Session, *, archived: bool = False) -> list[NotebookView]:
    """The notebooks the reader may see, by name, with their note counts."""
    rows = session.all(
        "SELECT nb.*, g.name AS group_name, p.name AS project_name, "
        "(SELECT count(*) FROM note n WHERE n.notebook_id = nb.id AND n.deleted_at IS NULL)"
        " AS notes FROM notebook nb LEFT JOIN team_group g ON g.id = nb.group_id "
        "LEFT JOIN project p ON p.id = nb.project_id WHERE nb.deleted_at IS NULL AND "
        f"{'TRUE' if archived else 'nb.archived_at IS NULL'} AND {VISIBLE} ORDER BY nb.key",
        {"me": session.actor})
    return [NotebookView(int(r["id"]), r["name"], r["visibility"], r["group_name"],
                         r["project_name"], r["author"], int(r["notes"]),
                         r["archived_at"] is not None, r["description"]) for r in rows]


def list_notebooks(ws: Workspace, *, archived: bool = False) -> list[NotebookView]:
    """:func:`select_notebooks` in its own unit of work."""
    return ws.read(lambda s: select_notebooks(s, archived=archived))
