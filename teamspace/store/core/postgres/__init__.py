"""The PostgreSQL workspace: the same units of work on a server instead of a shared file.

Imported only when a workspace location is a ``postgresql://`` URL (psycopg costs about
0.15 s to import; the everyday SQLite commands never load it).  ``url`` parses and
redacts locations, ``driver`` adapts psycopg to the store's Session, ``workspace`` runs
units of work in server transactions, ``dialect`` and ``search`` are the server's side
of the seams in store/core, ``live`` is the LISTEN watcher, ``security`` the optional
row-level security, ``health`` what ``doctor`` and ``version`` say.  See
docs/postgresql.md.
"""
