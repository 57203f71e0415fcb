"""Microblog writes: post, reply, edit, delete/restore, react, read markers, mutes.

Every writer is replayable (the outbox can run it again by name; the operation id makes
that a no-op when it already landed).  Who may see a post is decided here, once, when it
is written (everyone / a group / named people) and enforced by store/feed.py on every read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from teamspace.errors import InvalidInput, PermissionDenied
from teamspace.store.core.connection import Workspace
from teamspace.store.core.people import usernames
from teamspace.store.core.replay import replayable
from teamspace.store.core.session import Row, Session
from teamspace.store.microblog.feed import fetch_visible, read_upto

MAX_TEXT = 10_000
MENTION = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._-]{0,31})")
TAG = re.compile(r"(?<![\w#&/])#([^\W_][\w-]{0,49})")
REACTION_ALIASES = {
    "+1": "👍", "thumbsup": "👍", "-1": "👎", "heart": "❤️", "tada": "🎉", "eyes": "👀",
    "check": "✅", "laugh": "😄", "smile": "🙂", "rocket": "🚀", "thinking": "🤔",
}
MUTE_KINDS = ("user", "tag", "group", "thread")


def parse_mentions(text: str) -> list[str]:
    """User names @mentioned in ``text``, lowercased, in order, once each."""
    found: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).lower().rstrip("._-")
        if name and name not in found:
            found.append(name)
    return found


def parse_tags(text: str) -> list[str]:
    """#tags in ``text``, lowercased, in order, once each."""
    found: list[str] = []
    for match in TAG.finditer(text):
        tag = match.group(1).lower().rstrip("-")
        if tag not in found:
            found.append(tag)
    return found


def check_text(text: str) -> str:
    """Trim and validate a post's text."""
    text = text.strip()
    if not text:
        raise InvalidInput("a post cannot be empty")
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"a post can have at most {MAX_TEXT} characters (this one has "
                           f"{len(text)})")
    return text


def _suggest(name: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=1)
    if close:
        return f" (did you mean @{close[0]}?)"
    return f"; add them with 'teamspace member add {name}'"


def _check_people(names: Sequence[str], known: set[str], what: str, hint: str = "") -> None:
    for name in names:
        if name not in known:
            raise InvalidInput(f"unknown user @{name} in {what}{_suggest(name, known)}{hint}")


def _write_derived(session: Session, post_id: int, text: str, known: set[str], *,
                   new: bool = False) -> None:
    """(Re)write the mention and tag rows of a post from its text (``new``: the post was
    just inserted and has none: skip the deletes, which on a server would read the
    index pages every concurrent new post writes to and make SERIALIZABLE writers
    conflict)."""
    if not new:
        session.execute("DELETE FROM post_mention WHERE post_id = :p", {"p": post_id})
        session.execute("DELETE FROM post_tag WHERE post_id = :p", {"p": post_id})
    mentions = [{"p": post_id, "u": u} for u in parse_mentions(text) if u in known]
    tags = [{"p": post_id, "t": t} for t in parse_tags(text)]
    if mentions:
        session.many("INSERT INTO post_mention (post_id, username) VALUES (:p, :u)", mentions)
    if tags:
        session.many("INSERT INTO post_tag (post_id, tag) VALUES (:p, :t)", tags)


def _audience(session: Session, to: Sequence[str], group: str | None, reply_to: int | None,
              known: set[str]) -> tuple[str, int | None, int | None, list[str]]:
    """(visibility, group_id, thread_id, recipients) for a new post."""
    if reply_to is not None:
        if to or group:
            raise InvalidInput("a reply goes to its thread's audience; leave out --to/--group")
        parent = fetch_visible(session, reply_to)
        root_id = int(parent["thread_id"] or parent["id"])
        recipients = [r["username"] for r in session.all(
            "SELECT username FROM post_recipient WHERE post_id = :p", {"p": root_id})]
        return parent["visibility"], parent["group_id"], root_id, recipients
    if to:
        names = sorted({name.strip().lower().lstrip("@") for name in to})
        _check_people(names, known, "--to")
        return "private", None, None, sorted(set(names) | {session.actor})
    if group:
        from teamspace.store.core import groups

        row = groups.find(session, group)
        if row["closed"] and groups.status(session, int(row["id"]), session.actor) != "member":
            raise PermissionDenied(f"you are not a member of closed group '{row['name']}'")
        return "group", int(row["id"]), None, []
    return "everyone", None, None, []


@replayable
def create_post(ws: Workspace, *, text: str, to: Sequence[str] = (), group: str | None = None,
                reply_to: int | None = None, force: bool = False,
                op_id: str | None = None) -> int:
    """Post ``text`` (to people, into a group, or as a reply); returns the new post's id."""
    text = check_text(text)

    def body(session: Session) -> int:
        known = usernames(session) | {session.actor}
        if not force:
            _check_people(parse_mentions(text), known, "the text",
                          "; use --force to post anyway")
        visibility, group_id, thread_id, recipients = _audience(session, to, group, reply_to,
                                                                known)
        post_id = session.insert(
            "INSERT INTO post (created_at, updated_at, author, version, op_id, text, "
            "visibility, group_id, thread_id, reply_to, reply_count) VALUES (:now, :now, "
            ":actor, 1, :op, :text, :vis, :group, :thread, :reply, 0) RETURNING id",
            {"now": session.now, "actor": session.actor, "op": session.op_id, "text": text,
             "vis": visibility, "group": group_id, "thread": thread_id, "reply": reply_to})
        if recipients:
            session.many("INSERT INTO post_recipient (post_id, username) VALUES (:p, :u)",
                         [{"p": post_id, "u": name} for name in recipients])
        _write_derived(session, post_id, text, known, new=True)
        if thread_id is not None:
            session.execute("UPDATE post SET reply_count = reply_count + 1, last_reply_at = "
                            ":now WHERE id = :t", {"now": session.now, "t": thread_id})
        session.record("post", post_id, "create", {"text": [None, text]})
        return post_id

    return ws.write(body, kind="post.create", op_id=op_id)


def _own(session: Session, post_id: int, verb: str, *, include_deleted: bool = False) -> Row:
    row = fetch_visible(session, post_id, include_deleted=include_deleted)
    if row["author"] != session.actor:
        raise PermissionDenied(f"you can only {verb} your own posts (post {post_id} is "
                               f"{row['author']}'s)")
    return row


@replayable
def edit_post(ws: Workspace, *, post_id: int, text: str, version: int | None = None,
              op_id: str | None = None) -> int:
    """Replace the text of one's own post (the old text stays in its history)."""
    text = check_text(text)

    from teamspace.store.core import items

    def body(session: Session) -> int:
        row = _own(session, post_id, "edit")
        if row["text"] == text:  # nothing to save: no new version, not "edited"
            return int(row["version"])
        new_version = items.update(session, "post", post_id,
                                   {"text": text, "edited_at": session.now},
                                   item_type="post", version=version, action="edit")
        _write_derived(session, post_id, text, usernames(session) | {session.actor})
        return new_version

    return ws.write(body, kind="post.edit", op_id=op_id)


def _count_reply(session: Session, row: Row, step: int) -> None:
    if row["thread_id"] is not None:
        session.execute("UPDATE post SET reply_count = reply_count + :d WHERE id = :t",
                        {"d": step, "t": row["thread_id"]})


@replayable
def delete_post(ws: Workspace, *, post_id: int, op_id: str | None = None) -> None:
    """Move one's own post to the trash."""
    from teamspace.store.core import items

    def body(session: Session) -> None:
        row = _own(session, post_id, "delete")
        items.soft_delete(session, "post", post_id, item_type="post")
        _count_reply(session, row, -1)

    ws.write(body, kind="post.delete", op_id=op_id)


@replayable
def restore_post(ws: Workspace, *, post_id: int, op_id: str | None = None) -> None:
    """Bring one's own post back from the trash."""
    from teamspace.store.core import items

    def body(session: Session) -> None:
        row = _own(session, post_id, "restore", include_deleted=True)
        if row["deleted_at"] is None:
            raise InvalidInput(f"post {post_id} is not in the trash")
        items.restore(session, "post", post_id, item_type="post")
        _count_reply(session, row, +1)

    ws.write(body, kind="post.restore", op_id=op_id)


def check_emoji(emoji: str) -> str:
    """An alias ('+1', 'tada') or a short symbol without spaces."""
    value = emoji.strip()
    value = REACTION_ALIASES.get(value.lower().strip(":"), value)
    if not value or len(value) > 8 or any(ch.isspace() or ch.isalnum() for ch in value):
        raise InvalidInput(f"'{emoji}' is not a reaction; use an emoji or one of: "
                           f"{', '.join(REACTION_ALIASES)}")
    return value


@replayable
def react(ws: Workspace, *, post_id: int, emoji: str, op_id: str | None = None) -> str:
    """Toggle a reaction: returns 'added' or 'removed'."""
    emoji = check_emoji(emoji)

    def body(session: Session) -> str:
        fetch_visible(session, post_id)
        removed = session.execute(
            "DELETE FROM reaction WHERE post_id = :p AND author = :me AND emoji = :e",
            {"p": post_id, "me": session.actor, "e": emoji})
        if removed:
            session.record("post", post_id, "unreact", {"reaction": [emoji, None]})
            return "removed"
        session.execute(
            "INSERT INTO reaction (created_at, author, op_id, post_id, emoji) "
            "VALUES (:now, :me, :op, :p, :e)",
            {"now": session.now, "me": session.actor, "op": session.op_id, "p": post_id,
             "e": emoji})
        session.record("post", post_id, "react", {"reaction": [None, emoji]})
        return "added"

    return ws.write(body, kind="post.react", op_id=op_id)


@replayable
def mark_read(ws: Workspace, *, post_ids: Sequence[int] = (), everything: bool = False,
              op_id: str | None = None) -> int:
    """Mark posts read (or everything up to the newest); returns the read marker."""
    def body(session: Session) -> int:
        upto = read_upto(session, session.actor)
        if everything:
            upto = max(upto, int(session.scalar("SELECT coalesce(max(id), 0) FROM post")))
            session.execute(
                "INSERT INTO read_marker (username, upto, updated_at) VALUES (:me, :u, :now) "
                "ON CONFLICT (username) DO UPDATE SET upto = excluded.upto, "
                "updated_at = excluded.updated_at",
                {"me": session.actor, "u": upto, "now": session.now})
            session.execute("DELETE FROM post_read WHERE username = :me AND post_id <= :u",
                            {"me": session.actor, "u": upto})
            session.record("read", 0, "read-all", {"upto": [None, upto]})
        for post_id in post_ids:
            fetch_visible(session, post_id)
            if post_id > upto:
                session.execute(
                    "INSERT INTO post_read (username, post_id) VALUES (:me, :p) "
                    "ON CONFLICT (username, post_id) DO NOTHING",
                    {"me": session.actor, "p": post_id})
        if post_ids:
            session.record("read", 0, "read", {"posts": [None, list(post_ids)]})
        return upto

    return ws.write(body, kind="post.read", op_id=op_id)


def _mute_value(session: Session, kind: str, value: str) -> str:
    if kind not in MUTE_KINDS:
        raise InvalidInput(f"cannot mute a '{kind}'; mute a user, #tag, group or thread")
    value = value.strip().lower()
    if kind == "user":
        value = value.lstrip("@")
        _check_people([value], usernames(session), "mute")
    elif kind == "tag":
        value = value.lstrip("#")
        if not TAG.fullmatch("#" + value):
            raise InvalidInput(f"'#{value}' is not a tag")
    elif kind == "group":
        from teamspace.store.core import groups

        value = str(groups.find(session, value)["id"])
    else:
        if not value.isdigit():
            raise InvalidInput(f"'{value}' is not a thread (post) id")
        row = fetch_visible(session, int(value))
        value = str(row["thread_id"] or row["id"])
    return value


@replayable
def mute(ws: Workspace, *, kind: str, value: str, op_id: str | None = None) -> bool:
    """Stop hearing about a user, tag, group or thread; False if already muted."""
    def body(session: Session) -> bool:
        key = _mute_value(session, kind, value)
        added = session.execute(
            "INSERT INTO mute (created_at, author, op_id, kind, value) VALUES (:now, :me, "
            ":op, :k, :v) ON CONFLICT (author, kind, value) DO NOTHING",
            {"now": session.now, "me": session.actor, "op": session.op_id, "k": kind,
             "v": key})
        if added:
            session.record("mute", 0, "mute", {kind: [None, key]})
        return bool(added)

    return ws.write(body, kind="post.mute", op_id=op_id)


@replayable
def unmute(ws: Workspace, *, kind: str, value: str, op_id: str | None = None) -> bool:
    """Hear about it again; False if it was not muted."""
    def body(session: Session) -> bool:
        key = _mute_value(session, kind, value)
        removed = session.execute(
            "DELETE FROM mute WHERE author = :me AND kind = :k AND value = :v",
            {"me": session.actor, "k": kind, "v": key})
        if removed:
            session.record("mute", 0, "unmute", {kind: [key, None]})
        return bool(removed)

    return ws.write(body, kind="post.unmute", op_id=op_id)
