"""The schema, declared once as SQLModel tables (one module per pane).

Importing this package imports SQLModel (~0.7 s): only migrations and the PostgreSQL
path do.  ``base`` holds the columns every item has and the foundation tables.
"""

from teamspace.store.schema.base import FOUNDATION_TABLES, ItemBase
from teamspace.store.schema.microblog import MICROBLOG_TABLES
from teamspace.store.schema.tasks import TASK_TABLES

__all__ = ["FOUNDATION_TABLES", "MICROBLOG_TABLES", "TASK_TABLES", "ItemBase"]
