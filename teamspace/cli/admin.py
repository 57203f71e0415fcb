"""Workspace administration: ``init``, ``whoami``, ``doctor``, ``backup``, ``version``."""

import os
import sys
from typing import Annotated, Any

import typer

from teamspace.cli.common import (
    DbOption,
    JsonOption,
    location_for,
    make_app,
    open_workspace,
    print_json,
)
from teamspace.errors import EXIT_FAILURE

app = make_app()


@app.command()
def init(
    path: Annotated[str | None, typer.Argument(
        metavar="PATH",
        help="Where to create the workspace file (default: as for --db).",
        show_default=False)] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="A name for the workspace, shown in the TUI header.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Create it even in a folder that looks like a sync folder "
        "(Dropbox, OneDrive, rclone...). Sync folders lose concurrent writes.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a workspace (safe to repeat) and say where it is."""
    from teamspace.store.core import about

    location = location_for(path or db)
    if name is not None:
        name = about.check_name(name)
    workspace = open_workspace(location.value, force=force, create_default=False)
    created = workspace.create()
    if force:
        workspace.set_meta("forced_location", workspace.path)
    if name is not None:
        current = workspace.get_meta("name")
        if current is None:  # a new workspace, or one nobody has named yet
            about.rename_workspace(workspace, name=name)
        elif current != name:
            from teamspace.errors import InvalidInput
            from teamspace.text import clean

            raise InvalidInput(f"{workspace.path} is a workspace already, named "
                               f"'{clean(current, newlines=False)}'; init does not rename it "
                               "(use 'teamspace workspace rename NAME')")
    state = "created" if created else "exists"
    if as_json:
        print_json({"path": workspace.path, "state": state, "source": location.source,
                    "user": workspace.user})
        return
    verb = "Created" if state == "created" else "Already a workspace:"
    typer.echo(f"{verb} {workspace.path}")
    if location.source != "default" and path:
        typer.echo(f"Use it with --db {workspace.path}, or set TEAMSPACE_DB, or put "
                   f"workspace = \"{workspace.path}\" in the config file.")
        if workspace.backend == "postgresql":
            typer.echo("Each member connects as their own role; keep passwords in "
                       "~/.pgpass or PGPASSWORD, not in the URL (docs/postgresql.md).")


@app.command()
def whoami(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Show who you are, which workspace is used, and whether you are a member of it."""
    from teamspace.config import config_path, current_user, load_settings

    settings = load_settings()
    user = current_user(settings)
    location = location_for(db)
    source = ("TEAMSPACE_USER" if os.environ.get("TEAMSPACE_USER")
              else "config" if settings.user else "os")
    where = location.value
    if location.is_url:
        from teamspace.store.core.postgres.url import redact

        where = redact(where)  # never print a password
    # (a server is not asked: whoami must answer at once, even when it is away)
    member, name = _membership(location.value, user) if not location.is_url else (None, None)
    if as_json:
        print_json({"user": user, "user_source": source,
                    "display_name": settings.display_name, "workspace": where,
                    "workspace_source": location.source, "workspace_name": name,
                    "member": member, "config": str(config_path())})
        return
    from teamspace.text import clean

    typer.echo(user)
    shown = f" '{clean(name, newlines=False)}'" if name else ""
    typer.echo(f"workspace{shown}: {where} ({location.source})")
    if location.is_url:
        return  # membership on a server: 'teamspace doctor' asks it
    if member is None:
        typer.echo("no workspace there yet ('teamspace init' creates it)")
    else:
        typer.echo("you are a member" if member else
                   "not a member yet: you join when you first use it")


def _membership(path: str, user: str) -> tuple[bool | None, str | None]:
    """(member?, workspace name) — (None, None) when there is no workspace there."""
    from teamspace.errors import TeamspaceError
    from teamspace.store.core import people
    from teamspace.store.core.connection import Workspace

    try:
        workspace = Workspace.open(path, user=user)
        if not workspace.exists():
            return None, None
        return people.is_member(workspace), workspace.get_meta("name")
    except TeamspaceError:
        return None, None


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option(
        "--repair", help="Fix what is safe to fix: remove a provably stale lock, upgrade "
        "an old schema, make the files writable for the group in a shared folder, "
        "rebuild damaged indexes.")] = False,
    source: Annotated[str | None, typer.Option(
        "--from", metavar="BACKUP", help="With --repair: put this verified backup in place "
        "of a damaged workspace (the damaged file is kept beside it).",
        show_default=False)] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check the workspace: SQLite, lock, filesystem, permissions, schema, integrity (on a
    server: connection, role, schema, row-level security, search, live updates)."""
    from teamspace.errors import InvalidInput

    if source is not None and not repair:
        raise InvalidInput("--from goes with --repair")
    workspace = open_workspace(db, force=True, create_default=False)
    actions: list[str] = []
    if workspace.backend == "postgresql":
        from teamspace.store.core.postgres import health as server

        if source is not None:
            raise InvalidInput("--from restores a file workspace; a server is restored "
                               "with 'migrate-to' from the backup file (docs/postgresql.md)")
        actions = server.repair(workspace) if repair else []  # type: ignore[arg-type]
        report = server.diagnose(workspace)  # type: ignore[arg-type]
    else:
        from teamspace.store.core import health

        if repair:
            from teamspace.store.core.repair import repair as fix

            actions = fix(workspace, source=source)
        report = health.diagnose(workspace)
    report["repaired"] = actions
    if as_json:
        print_json(report)
    elif report.get("backend") == "postgresql":
        _print_server_report(report)
    else:
        _print_report(report)
    if report["problems"]:
        raise typer.Exit(EXIT_FAILURE)


def _print_lines(lines: list[tuple[str, Any]], report: dict[str, Any]) -> None:
    from teamspace.text import clean

    for key, value in lines:
        typer.echo(f"{key + ':':18} {clean(str(value), newlines=False)}")
    for action in report.get("repaired", []):
        typer.echo(f"repaired: {action}")
    if report["problems"]:
        for problem in report["problems"]:
            typer.echo(f"problem: {clean(problem, newlines=False)}", err=True)
    else:
        typer.echo("no problems found")


def _print_server_report(report: dict[str, Any]) -> None:
    schema = report.get("schema") or {}
    rows = report.get("rows") or {}
    secured = report.get("row_level_security")
    answered = f" ({report['round_trip_ms']} ms to answer)" if "round_trip_ms" in report \
        else ""
    lines: list[tuple[str, Any]] = [
        ("teamspace", report["teamspace"]), ("python", report["python"]),
        ("driver", report["driver"]), ("workspace", report["workspace"]),
        ("server", f"{report.get('server', 'unreachable')}{answered}"),
        ("role", report.get("role", "?")), ("transactions", report["transactions"]),
        ("change detection", report["change_detection"]),
        ("schema", f"{schema.get('workspace', '?')} (this client knows "
         f"{schema.get('client', '?')})" if schema else "not checked"),
        ("row security", ", ".join(secured) if secured else "off (every member reads "
         "what the app shows them; see docs/postgresql.md)"),
        ("search", "tsvector + GIN; accents ignored (unaccent)"
         if report.get("accent_folding") else "tsvector + GIN; accents matter (the server "
         "has no unaccent extension: install postgresql-contrib)"),
    ]
    if rows:
        lines.append(("rows", f"{sum(rows.values())} in {len(rows)} tables"))
    if report.get("size_bytes") is not None:
        lines.append(("size", f"{report['size_bytes']} bytes"))
    _print_lines(lines, report)


def _local(iso: str | None) -> str:
    """An ISO 8601 UTC time of the report in this machine's local time, for people."""
    from datetime import datetime

    if not iso:
        return "?"
    return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _print_report(report: dict[str, Any]) -> None:
    fsinfo = report["filesystem"]
    lock = report["lock"]
    schema = report.get("schema") or {}
    lines = [
        ("teamspace", report["teamspace"]),
        ("python", report["python"]),
        ("sqlite", report["sqlite"]),
        ("lock protocol", report["lock_protocol"]),
        ("workspace", report["workspace"]),
        ("filesystem", f"{fsinfo['type']} on {fsinfo['mount_point']}"
         f"{' (network share)' if fsinfo['network'] else ''}"),
        ("mount options", fsinfo["options"]),
        ("change detection", fsinfo["change_detection"]),
        ("schema", f"{schema.get('workspace', '?')} (this client knows "
         f"{schema.get('client', '?')})" if schema else "not checked"),
        ("integrity", report.get("integrity_check") or "not checked"),
        ("lock", lock["status"] if not lock["held"] else
         f"held by {lock['holder']} since {_local(lock['since'])} — {lock['status']}"),
        ("journal", "none" if report.get("journal_bytes") is None
         else f"{report['journal_bytes']} bytes"),
    ]
    if report.get("size_bytes") is not None:
        lines.append(("size", f"{report['size_bytes']} bytes"))
    _print_lines(lines, report)


@app.command()
def backup(
    dest: Annotated[str, typer.Argument(
        metavar="DEST",
        help="File (or existing folder) to write the copy to.", show_default=False)],
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace DEST if it exists.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy the workspace while it is in use, then verify the copy (a server's: into a
    complete SQLite workspace file)."""
    workspace = open_workspace(db, create_default=False)
    if workspace.backend == "postgresql":
        from teamspace.store.core.postgres import health as server

        result = server.backup(workspace, dest, overwrite=overwrite)  # type: ignore[arg-type]
    else:
        from teamspace.store.core import health

        result = health.backup(workspace, dest, overwrite=overwrite)
    if as_json:
        print_json(result)
        return
    rows = sum(result["rows"].values())
    typer.echo(f"Backed up to {result['path']} ({result['bytes']} bytes, {rows} rows, "
               f"integrity ok, {result['seconds']}s)")


@app.command()
def version(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Print the versions of teamspace, Python and SQLite (with --db: of the workspace's
    schema too)."""
    import sqlite3

    from teamspace import __version__
    from teamspace.store.core.migrations import schema_version

    data: dict[str, Any] = {"teamspace": __version__, "python": sys.version.split()[0],
                            "sqlite": sqlite3.sqlite_version, "schema": schema_version()}
    if db:
        workspace = open_workspace(db, create_default=False)
        if workspace.backend == "postgresql":
            from teamspace.store.core.postgres import health as server

            data.update(server.describe_for_version(workspace))  # type: ignore[arg-type]
        else:
            data["workspace_schema"] = workspace.read(
                lambda session: session.dialect.schema_version(session))
    if as_json:
        print_json(data)
        return
    line = (f"teamspace {data['teamspace']} (schema {schema_version()}; Python "
            f"{data['python']}, SQLite {data['sqlite']})")
    if "workspace_schema" in data:
        on = f" on {data['server']}" if "server" in data else ""
        line += f"; workspace schema {data['workspace_schema']}{on}"
    typer.echo(line)
