"""Shell completion of values (issue 12): people, projects, groups and the ids of tasks,
notes, links, posts and time entries, through the protocol the shells speak
(``_TEAMSPACE_COMPLETE=complete_bash`` with ``COMP_WORDS``/``COMP_CWORD``; zsh's
``_TYPER_COMPLETE_ARGS`` for the help texts).  Completion never fails and never creates
a workspace."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from teamspace.cli.app import run
from teamspace.store.core import demo, groups, people
from teamspace.store.core.connection import Workspace
from teamspace.store.links import query as link_query
from teamspace.store.microblog import feed
from teamspace.store.notes import notes
from teamspace.store.tasks import query as task_query
from teamspace.store.tasks import tasks

from support import ROOT, run_cli


def complete(line: str, shell: str = "bash") -> tuple[int, list[str]]:
    """What the shell gets for the command line ``line`` (the cursor at its end):
    exit status and the suggestions, one per line (bash) or the zsh script's lines."""
    words = shlex.split(line)
    cword = len(words) if line.endswith(" ") else len(words) - 1
    env = {"_TEAMSPACE_COMPLETE": f"complete_{shell}", "COMP_WORDS": line,
           "COMP_CWORD": str(cword), "_TYPER_COMPLETE_ARGS": line}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(words[1:])
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert not err.getvalue(), err.getvalue()
    return code, out.getvalue().splitlines()


def values(line: str) -> list[str]:
    """The bash suggestions for ``line`` (checked to exit 0)."""
    code, found = complete(line)
    assert code == 0
    return [value for value in found if value]  # bash gets one empty line for none


@pytest.fixture
def small(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """anna and bob, two tasks; $TEAMSPACE_DB."""
    people.add_person(workspace, "bob")
    for title in ("one", "two"):
        tasks.add_task(workspace, title=title)
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    return workspace


@pytest.fixture
def team(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The demo team's workspace as $TEAMSPACE_DB, used by anna."""
    demo.seed(workspace)
    monkeypatch.setenv("TEAMSPACE_DB", workspace.path)
    return workspace


def test_people_projects_groups_and_ids_complete_wherever_they_are_asked_for(
        team: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    groups.create_group(team.as_user("bob"), name="secret", closed=True)
    people = ["anna", "bob", "chen", "dana"]
    assert values("teamspace task add fix --to ") == people
    assert values("teamspace task list --to b") == ["bob"]
    assert values("teamspace post hi --to c") == ["chen"]
    assert values("teamspace dm d") == ["dana"]
    assert values("teamspace time list --person ") == people
    assert values("teamspace time sheet a") == ["anna"]
    assert values("teamspace member rename ch") == ["chen"]
    assert values("teamspace note meeting sync --with anna,b") == ["anna,bob"]
    projects = ["Offsite", "Release 2.4", "Website relaunch"]
    assert values("teamspace task add fix --project ") == projects
    assert values("teamspace task list -p W") == ["Website relaunch"]
    assert values("teamspace time move 3 --project O") == ["Offsite"]
    assert values("teamspace project archive R") == ["Release 2.4"]
    assert values("teamspace timer start Of") == ["Offsite"]
    assert values("teamspace time add 1h W") == ["Website relaunch"]
    assert values("teamspace time add 1h Offsite ") == []  # then come +tags
    # a closed group is not even named to someone outside it (docs/security.md)
    assert values("teamspace post hi --group ") == ["dev", "random"]
    assert values("teamspace group members ") == ["dev", "random"]
    assert values("teamspace link list --group d") == ["dev"]
    monkeypatch.setenv("TEAMSPACE_USER", "bob")
    assert values("teamspace group members ") == ["dev", "random", "secret"]
    assert values("teamspace task add x --to zed") == []
    # options and commands still complete as before
    assert "--project" in values("teamspace task add x --pr")
    assert values("teamspace task sh") == ["show"]
    monkeypatch.setenv("TEAMSPACE_USER", "anna")

    # ids, newest or most pressing first, with their titles as help where shells show it
    open_tasks = {str(t.id) for t in task_query.list_tasks(team, status="open", limit=500)}
    assert set(values("teamspace task show ")) == open_tasks
    assert set(values("teamspace task done 1 ")) == open_tasks  # each of several ids
    assert all(v.startswith("1") for v in values("teamspace task edit 1"))
    assert set(values("teamspace task add x --after ")) == open_tasks
    assert set(values("teamspace timer start Offsite --task ")) == open_tasks
    note = notes.create_note(team, title="Offsite plan", body="")
    assert values("teamspace note show ") == [str(note)]
    assert values("teamspace note add x -n ") == ["Notes"]
    assert values("teamspace notebook rename N") == ["Notes"]
    links = {str(link.id) for link in link_query.list_links(team)}
    assert set(values("teamspace link show ")) == links
    assert set(values("teamspace link delete ")) == links
    posts = {str(p.id) for p in feed.feed(team, limit=500)}
    assert set(values("teamspace thread ")) == posts
    entries = values("teamspace time edit ")
    assert entries and entries == sorted(entries, key=int, reverse=True)  # newest first
    code, zsh = complete("teamspace task show ", "zsh")
    [first] = task_query.list_tasks(team, status="open", limit=1)
    assert code == 0 and f'"{first.id}":"{first.title}"' in "\n".join(zsh)
    code, zsh = complete("teamspace note show ", "zsh")
    assert f'"{note}":"Offsite plan"' in "\n".join(zsh)
    hostile = tasks.add_task(team, title="evil \x1b[2J\x1b]0;x\x07 \u202eright-to-left")
    code, zsh = complete(f"teamspace task show {hostile}", "zsh")
    assert code == 0 and f'"{hostile}":"evil' in zsh[0]
    assert not any(c in zsh[0] for c in "\x1b\x07\u202e"), zsh  # a title is not a command


def test_tags_complete_per_pane_only_where_the_reader_may_see_them(
        small: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each pane offers its own tags (as written, ``#`` kept, most used first); a tag used
    only where the reader may not look (a private notebook, a closed group's post, a
    private link) is never offered."""
    from teamspace.store.links import links
    from teamspace.store.microblog import posts
    from teamspace.store.notes import notebooks

    bob = small.as_user("bob")
    tasks.add_task(small, title="a", tags=["SEM", "sales"])
    tasks.add_task(small, title="b", tags=["sales"])
    assert values("teamspace task add x --tag s") == ["sales"]  # Typer keeps the case typed
    assert values("teamspace task list -t SE") == ["SEM"]
    assert values("teamspace task edit 1 --tag ") == ["sales", "SEM"]
    notebooks.add_notebook(bob, name="diary", visibility="private")
    notes.create_note(bob, title="mine", notebook="diary", tags=["salary"])
    notes.create_note(bob, title="ours", tags=["sales"])
    assert values("teamspace note list --tag sa") == ["sales"]
    assert values("teamspace note add x --tag ") == ["sales"]
    groups.create_group(bob, name="leads", closed=True)
    posts.create_post(bob, text="#salary talk", group="leads")
    posts.create_post(bob, text="#sales up")
    assert values("teamspace feed --tag #sa") == ["#sales"]
    assert values("teamspace feed --from b") == ["bob"]
    links.add_link(bob, url="https://example.com/a", tags=["salary"], visibility="private")
    links.add_link(bob, url="https://example.com/b", tags=["sales"])
    assert values("teamspace link list --tag s") == ["sales"]
    monkeypatch.setenv("TEAMSPACE_USER", "bob")
    assert values("teamspace note list --tag sa") == ["salary", "sales"]
    assert values("teamspace feed --tag sa") == ["salary", "sales"]
    assert values("teamspace link list --tag sa") == ["salary", "sales"]


def test_no_workspace_means_no_suggestions_and_no_file(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       isolated_env: Path) -> None:
    missing = tmp_path / "nowhere" / "team.db"
    monkeypatch.setenv("TEAMSPACE_DB", str(missing))
    assert values("teamspace task show ") == []
    assert values("teamspace task add x --to ") == []
    assert not missing.parent.exists()
    monkeypatch.delenv("TEAMSPACE_DB")  # the default place: not created either
    assert values("teamspace post hi --group ") == []
    assert not (isolated_env / "data").exists()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    assert values(f"teamspace task show --db {broken} ") == []
    assert values(f"teamspace --db {broken} note show ") == []
    assert broken.read_bytes() == b"this is not a database" * 100


def test_db_on_the_command_line_is_the_workspace_completed(small: Workspace,
                                                           tmp_path: Path) -> None:
    other = Workspace.open(str(tmp_path / "other.db"), user="zoe")
    other.create()
    assert values(f"teamspace task add x --db {other.path} --to ") == ["zoe"]
    assert values(f"teamspace --db {other.path} task add x --to ") == ["zoe"]
    assert values("teamspace task add x --to z") == []  # $TEAMSPACE_DB has no zoe


def test_a_real_shell_request_loads_no_orm(small: Workspace) -> None:
    """The way bash asks (a new process, env only); completion imports no ORM."""
    probe = ("import sys\nfrom teamspace.cli.app import run\nsys.argv = ['teamspace']\n"
             "assert run() == 0\nimport json\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith("
             "('sqlalchemy', 'sqlmodel', 'pydantic', 'textual')))), file=sys.stderr)")
    env = {**os.environ, "_TEAMSPACE_COMPLETE": "complete_bash",
           "COMP_WORDS": "teamspace task show ", "COMP_CWORD": "3"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, cwd=ROOT, timeout=60)
    assert result.stdout.split() == ["1", "2"]
    assert json.loads(result.stderr.splitlines()[-1]) == []
    plain = run_cli(env={"_TEAMSPACE_COMPLETE": "complete_bash",
                         "COMP_WORDS": "teamspace dm b", "COMP_CWORD": "2"})
    assert (plain.returncode, plain.stdout, plain.stderr) == (0, "bob\n", "")


def test_command_modules_load_no_store_module_for_their_completions() -> None:
    """The callbacks import the store when called: building commands costs nothing."""
    code = ("import sys\nfrom teamspace.cli.app import tables\n"
            "from teamspace.cli.common import build_command, table_group\n"
            "commands, groups = tables()\n"
            "[build_command(m, n) for n, m in commands.items()]\n"
            "[table_group(n, *spec) for n, spec in groups.items()]\n"
            "print(sorted(m for m in sys.modules if m.startswith('teamspace.store.') and "
            "m.split('.')[2] in ('microblog', 'tasks', 'notes', 'links', 'time')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "query" not in result.stdout and "feed" not in result.stdout, result.stdout


def test_callbacks_are_attached_only_while_the_shell_asks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer inspects an autocompletion callback on every command build (~0.15 ms each):
    an everyday call must not pay for it."""
    from teamspace.cli.common import build_command

    def custom(command: object) -> dict[str, object]:
        return {p.name: getattr(p, "_custom_shell_complete", None)
                for p in command.params}  # type: ignore[attr-defined]

    plain = custom(build_command("tasks.core", "add"))
    assert plain["to"] is None and plain["project"] is None
    monkeypatch.setenv("_TEAMSPACE_COMPLETE", "complete_bash")
    asking = custom(build_command("tasks.core", "add"))
    assert asking["to"] is not None and asking["project"] is not None
