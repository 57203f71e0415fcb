"""Microblog tables: posts, who they are for, mentions, tags, reactions, read markers and
mutes (groups are the core's: notes and links use them too)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from teamspace.store.core.schema import ItemBase, LinkBase


class Post(ItemBase, table=True):
    """A post: to everyone, into a group, or private to named people; or a reply."""

    __tablename__ = "post"
    __table_args__ = (
        Index("ix_post_author_id", "author", "id"),
        Index("ix_post_group_id", "group_id", "id"),
        Index("ix_post_thread_id", "thread_id", "id"),
        Index("ix_post_created_at", "created_at"),
        {"sqlite_autoincrement": True},
    )
    text: str
    # everyone | group | private — replies copy their thread's visibility.
    visibility: str = Field(max_length=10)
    group_id: int | None = Field(default=None)
    thread_id: int | None = Field(default=None)  # the thread's first post; NULL on it
    reply_to: int | None = Field(default=None)
    reply_count: int = Field(default=0)
    last_reply_at: datetime | None = Field(default=None)
    # When its text was last edited (NULL: never) — not every new version is an edit:
    # deleting and restoring bump the version too.
    edited_at: datetime | None = Field(default=None)


class PostRecipient(SQLModel, table=True):
    """Who may read a private post (the author included)."""

    __tablename__ = "post_recipient"
    __table_args__ = (UniqueConstraint("username", "post_id"),
                      Index("ix_recipient_post", "post_id"))
    id: int | None = Field(default=None, primary_key=True)
    post_id: int
    username: str = Field(max_length=32)


class PostMention(SQLModel, table=True):
    """An @mention of a member in a post (derived from the text on every edit)."""

    __tablename__ = "post_mention"
    __table_args__ = (UniqueConstraint("username", "post_id"), Index("ix_mention_post",
                                                                      "post_id"))
    id: int | None = Field(default=None, primary_key=True)
    post_id: int
    username: str = Field(max_length=32)


class PostTag(SQLModel, table=True):
    """A #tag in a post (lowercase, derived from the text on every edit)."""

    __tablename__ = "post_tag"
    __table_args__ = (UniqueConstraint("tag", "post_id"), Index("ix_tag_post", "post_id"))
    id: int | None = Field(default=None, primary_key=True)
    post_id: int
    tag: str = Field(max_length=50)


class Reaction(LinkBase, table=True):
    """One kind of reaction by one person on one post (giving it again removes it)."""

    __tablename__ = "reaction"
    __table_args__ = (UniqueConstraint("post_id", "author", "emoji"),)
    post_id: int
    emoji: str = Field(max_length=16)


class ReadMarker(SQLModel, table=True):
    """Everything up to ``upto`` (a post id) is read by ``username``."""

    __tablename__ = "read_marker"
    username: str = Field(primary_key=True, max_length=32)
    upto: int = Field(default=0)
    updated_at: datetime


class PostRead(SQLModel, table=True):
    """A single post marked read above the user's read marker."""

    __tablename__ = "post_read"
    __table_args__ = (UniqueConstraint("username", "post_id"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=32)
    post_id: int


class Mute(LinkBase, table=True):
    """Something a user does not want to hear about: a user, #tag, group or thread."""

    __tablename__ = "mute"
    __table_args__ = (UniqueConstraint("author", "kind", "value"),)
    kind: str = Field(max_length=10)  # user | tag | group | thread
    value: str = Field(max_length=50)  # user name, tag, group id, thread id


MICROBLOG_TABLES: list[type[SQLModel]] = [Post, PostRecipient, PostMention, PostTag, Reaction,
                                          ReadMarker, PostRead, Mute]
