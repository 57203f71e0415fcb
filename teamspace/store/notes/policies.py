"""Row-level security for the Notes pane's tables on a server (``teamspace secure``,
store/core/postgres/security.py): the server itself applies the notebook visibility of
store/notes/access.py — everyone, a group (a closed group's to its members only), or
private to its owner — so a member's own connection, even ``psql``, reads only the
notes teamspace would show them, and what hangs off them (versions, tags, comments,
attached files and their bytes, presence, the activity rows that name them).

``session_user`` is the member.  The checks of the tables that hang off a notebook run
in SECURITY DEFINER functions owned by the tables' owner, so they read ``notebook``,
``note`` and ``note_file`` without those tables' own policies getting in the way.
Anyone who may read a notebook may change it (as in teamspace); widening who reads it
is the owner's alone in teamspace, not enforced by the server.
"""

from __future__ import annotations

from teamspace.store.notes.access import VISIBLE

_READABLE = VISIBLE.replace(":me", "session_user")
# The same condition over the notebook row itself (policies see its columns by name).
_NOTEBOOK = _READABLE.replace("nb.", "notebook.")


def _function(name: str, argument: str, joins: str, where: str, otherwise: str = "") -> str:
    return (f"CREATE OR REPLACE FUNCTION {name}({argument}) RETURNS boolean LANGUAGE sql "
            "STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ SELECT EXISTS "
            f"(SELECT 1 FROM {joins} WHERE {where} AND {_READABLE}){otherwise} $$")


_NOTE = "note n JOIN notebook nb ON nb.id = n.notebook_id"
FUNCTIONS = [
    _function("teamspace_notebook_readable", "nid integer", "notebook nb", "nb.id = nid"),
    # The same notebooks as a set, for the notes' read policy (see _READ_NOTES).
    "CREATE OR REPLACE FUNCTION teamspace_readable_notebooks() RETURNS integer[] "
    "LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$ SELECT "
    f"coalesce(array_agg(nb.id), '{{}}') FROM notebook nb WHERE {_READABLE} $$",
    _function("teamspace_note_readable", "nid integer", _NOTE, "n.id = nid"),
    _function("teamspace_note_file_readable", "fid integer",
              f"note_file f JOIN {_NOTE} ON n.id = f.note_id", "f.id = fid"),
    _function("teamspace_note_comment_readable", "cid integer",
              f"note_comment c JOIN {_NOTE} ON n.id = c.note_id", "c.id = cid"),
    # A blob is readable through any readable file version holding those bytes — or
    # while no version names it yet (INSERT … ON CONFLICT checks the new row as read).
    _function("teamspace_note_blob_readable", "digest text",
              f"note_file_version v JOIN note_file f ON f.id = v.file_id JOIN {_NOTE} "
              "ON n.id = f.note_id", "v.sha256 = digest",
              " OR NOT EXISTS (SELECT 1 FROM note_file_version v WHERE v.sha256 = digest)"),
]
_IN_NOTEBOOK = "teamspace_notebook_readable(notebook_id)"
# Reading notes: the readable notebooks are found once per statement (a sub-select that
# does not depend on the row, hashed), not by a function call per note.  ``@@`` is not
# leakproof, so the server tests the policy on every note before the words: a call per
# row made a note search under the policies 6-10x slower (docs/postgresql.md).
_READ_NOTES = "notebook_id IN (SELECT unnest(teamspace_readable_notebooks()))"
_OF_NOTE = "teamspace_note_readable(note_id)"
POLICIES = {
    "notebook": [
        ("read_visible_notebooks", "SELECT", _NOTEBOOK, None),
        ("write_own_notebooks", "INSERT", None, "author = session_user"),
        ("update_visible_notebooks", "UPDATE", _NOTEBOOK, _NOTEBOOK),
    ],
    "note": [
        ("read_visible_notes", "SELECT", _READ_NOTES, None),
        ("write_own_notes", "INSERT", None, f"author = session_user AND {_IN_NOTEBOOK}"),
        ("update_visible_notes", "UPDATE", _IN_NOTEBOOK, _IN_NOTEBOOK),
        ("delete_visible_notes", "DELETE", _IN_NOTEBOOK, None),
    ],
    **{table: [(f"{table}_of_readable_notes", "ALL", _OF_NOTE, _OF_NOTE)]
       for table in ("note_version", "note_tag", "note_comment", "note_file",
                     "note_presence")},
    "note_file_version": [("note_file_version_of_readable_notes", "ALL",
                           "teamspace_note_file_readable(file_id)",
                           "teamspace_note_file_readable(file_id)")],
    # Bytes are stored before the version that names them (content-addressed: adding
    # some reveals nothing); reading them needs a readable version.
    "note_blob": [("read_blobs_of_readable_notes", "SELECT",
                   "teamspace_note_blob_readable(sha256)", None),
                  ("add_blobs", "INSERT", None, "true")],
}
# Activity rows of notes, notebooks, their files and comments: only for their readers.
ACTIVITY = [
    "item_type <> 'note' OR teamspace_note_readable(item_id)",
    "item_type <> 'notebook' OR teamspace_notebook_readable(item_id)",
    "item_type <> 'file' OR teamspace_note_file_readable(item_id)",
    "item_type <> 'comment' OR teamspace_note_comment_readable(item_id)",
]
