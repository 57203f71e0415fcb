"""A throwaway PostgreSQL cluster for the test session: ``initdb`` + ``pg_ctl`` in a
temporary folder, on a free loopback port, gone when the session ends.

PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
``postgres`` user (made by Debian's ``postgresql`` package, .ci/apt-packages) and every
server command runs through ``runuser``.  Nothing here reads a developer's own cluster.
If the server cannot be started the tests that need it FAIL (never skip): a machine
without PostgreSQL must say so.  ``-m "not postgres"`` leaves them out on purpose.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path

ADMIN = "tsadmin"
PASSWORD = "admin-secret"
# Speed over durability: a test cluster never survives a crash anyway.
SERVER_OPTIONS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off",
                  "max_connections=200", "shared_buffers=64MB"]


def _bindir() -> Path:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip())
        if (candidate / "initdb").exists():
            return candidate
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: int(p.split("/")[-3]))
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise RuntimeError("PostgreSQL is not installed (no initdb): install Debian's "
                       "'postgresql' package (see .ci/apt-packages), or run the tests with "
                       "-m 'not postgres'")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """One running cluster; :meth:`url` names a database on it."""

    def __init__(self, *, durable: bool = False) -> None:
        # durable: the server's default fsync/commit settings (benchmarks); tests trade
        # durability for speed.
        self.settings = [] if durable else SERVER_OPTIONS
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="teamspace-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_postgres = os.geteuid() == 0
        self._names = count(1)
        self.started = False

    def _run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(argv)
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {result.stderr.strip()[-800:]}")
        return result

    def start(self) -> None:
        """initdb, then start on a free port (loopback and a socket in our folder)."""
        if self.as_postgres:
            shutil.chown(self.root, "postgres")
        os.chmod(self.root, 0o755)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.as_postgres:
            shutil.chown(pwfile, "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", ADMIN,
                  f"--pwfile={pwfile}", "--auth-local=trust", "--auth-host=scram-sha-256",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--lc-collate=C", "-N")
        options = " ".join([f"-p {self.port}", f"-k {self.root}",
                            "-c listen_addresses=127.0.0.1",
                            "-c max_connections=200",
                            *(f"-c {setting}" for setting in self.settings)])
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                  str(self.root / "server.log"), "-o", options, "-w", "-t", "60", "start")
        self.started = True

    def stop(self) -> None:
        """Stop the cluster and remove its folder."""
        if self.started:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str, *, user: str = ADMIN, password: str | None = PASSWORD
            ) -> str:
        """A URL for ``database`` on this cluster (TCP, password login)."""
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def new_name(self, prefix: str = "ws") -> str:
        """A database name not used before in this session."""
        return f"{prefix}_{os.getpid()}_{next(self._names)}"

    def psql(self, database: str, sql: str, *, user: str = ADMIN,
             password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
        """Run ``sql`` with the real psql client over TCP, as ``user``."""
        env = dict(os.environ, PGPASSWORD=password)
        return subprocess.run(
            [str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", "127.0.0.1", "-p", str(self.port), "-U", user, "-d", database, "-c", sql],
            capture_output=True, text=True, env=env, timeout=60)

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run ``sql`` as the cluster's superuser (autocommit)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as connection:
            connection.execute(sql)


# What a test may change in a pooled database without making it unusable: rows.  Any
# other change (tables, functions, policies, triggers, the schema version) shows here,
# and the database is dropped instead of reused.
FINGERPRINT = """
SELECT concat_ws('|',
  (SELECT string_agg(concat_ws(':', c.relname, c.relkind::text, c.relrowsecurity), ','
                     ORDER BY c.relname)
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'),
  (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'),
  (SELECT count(*) FROM pg_policy),
  (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal),
  (SELECT count(*) FROM pg_extension),
  (SELECT value FROM meta WHERE key = 'schema_version'))
"""
BASE_META = ("workspace_id", "created_at", "schema_app_version", "schema_version")


class Pool:
    """Initialised workspace databases, emptied after each test and used again.

    Cloning a database costs 0.5-2 s here; emptying one costs a few milliseconds.
    """

    def __init__(self, server: Server, template: str) -> None:
        self.server = server
        self.template = template
        self.fingerprint = self._fingerprint(template)
        self.clean: list[str] = []

    def _fingerprint(self, database: str) -> str:
        import psycopg

        with psycopg.connect(self.server.url(database), autocommit=True) as connection:
            row = connection.execute(FINGERPRINT).fetchone()
        return str(row[0] if row else "")

    def take(self) -> str:
        """A clean database (cloned from the template when none is free)."""
        if self.clean:
            return self.clean.pop()
        name = self.server.new_name()
        self.server.admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return name

    def give_back(self, name: str) -> None:
        """Empty the database for the next test, or drop it if the test changed more
        than rows."""
        import psycopg

        try:
            if self._fingerprint(name) != self.fingerprint:
                raise ValueError("schema changed")
            with psycopg.connect(self.server.url(name), autocommit=True) as connection:
                connection.execute("SET lock_timeout = '2s'")
                with connection.transaction():
                    # Triggers off: the activity log refuses DELETE (as it should).
                    connection.execute("SET LOCAL session_replication_role = replica")
                    tables = [r[0] for r in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'migration'")]
                    for table in tables:
                        connection.execute(f'DELETE FROM "{table}"' if table != "meta" else
                                           "DELETE FROM meta WHERE NOT (key = ANY(%s))",
                                           [list(BASE_META)] if table == "meta" else None)
                    for (sequence,) in connection.execute(
                            "SELECT sequencename FROM pg_sequences "
                            "WHERE schemaname = 'public'").fetchall():
                        connection.execute("SELECT setval(%s::regclass, 1, false)", [sequence])
        except (psycopg.Error, ValueError):
            self.server.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        self.clean.append(name)


class Proxy:
    """A TCP relay in front of the server that the test can pull out and plug back in:
    the "server went away" of a real network, on loopback only."""

    def __init__(self, target_port: int) -> None:
        import threading

        self.target_port = target_port
        self.port = _free_port()
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        """Accept connections and relay them to the server."""
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse new connections and cut the open ones (mid-transaction too)."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
