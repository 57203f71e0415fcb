"""Links tables: one ``link`` per normalised URL (what the web says about it: the page's
title and description, the last check), one ``link_save`` per person who saved it (their
title, note, tags and visibility: Diigo's "also saved by"), and the tags of each save.

The save is what people edit, delete and search; the link is what they share.  The
save carries a copy of the URL and its tags as text so that one full-text index over
``link_save`` covers URL, title, note and tags (store/core/search.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from teamspace.store.core.schema import ItemBase


class Link(ItemBase, table=True):
    """A URL (normalised, unique) with what was fetched and checked about it."""

    __tablename__ = "link"
    __table_args__ = ({"sqlite_autoincrement": True},)
    url: str = Field(unique=True)
    host: str = Field(default="", max_length=255)
    # From the page itself (untrusted text, control characters removed).
    page_title: str = Field(default="")
    page_description: str = Field(default="")
    fetched_at: datetime | None = Field(default=None)
    # The last dead-link check: ok | dead | failing (None: never checked).
    state: str | None = Field(default=None, max_length=10)
    status_code: int | None = Field(default=None)
    final_url: str | None = Field(default=None)
    check_error: str | None = Field(default=None)
    checked_at: datetime | None = Field(default=None)


class LinkSave(ItemBase, table=True):
    """One person's save of a link: their title, note, tags and who may see it."""

    __tablename__ = "link_save"
    __table_args__ = (
        UniqueConstraint("link_id", "author"),
        Index("ix_link_save_link", "link_id", "deleted_at"),
        Index("ix_link_save_author", "author", "deleted_at", "id"),
        {"sqlite_autoincrement": True},
    )
    link_id: int
    url: str  # a copy of link.url, for the full-text index
    title: str = Field(default="")
    # True while the title is the page's own (a later fetch may replace it).
    title_auto: bool = Field(default=True)
    note: str = Field(default="")
    tags: str = Field(default="")  # the tags, space separated, for the full-text index
    # everyone | group | private (the author only).
    visibility: str = Field(default="everyone", max_length=10)
    group_id: int | None = Field(default=None)


class LinkTag(SQLModel, table=True):
    """A tag on a save (lowercase); ``link_id`` lets facets count without a join."""

    __tablename__ = "link_tag"
    __table_args__ = (UniqueConstraint("save_id", "tag"), Index("ix_link_tag_tag", "tag"),
                      Index("ix_link_tag_link", "link_id"))
    id: int | None = Field(default=None, primary_key=True)
    save_id: int
    link_id: int
    tag: str = Field(max_length=50)


LINK_TABLES: list[type[SQLModel]] = [Link, LinkSave, LinkTag]
