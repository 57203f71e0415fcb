"""Install and fill the peer tools for benchmarks/cli_latency.py.

Python peers go into one throwaway venv ($TMPDIR/teamspace-peers/venv, reused between
runs); Taskwarrior comes from Debian (apt-get, when run as root).  Each tool gets its own
config/data directories under the benchmark's work folder and ``items`` entries.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

VENV = os.path.join(tempfile.gettempdir(), "teamspace-peers", "venv")
PACKAGES = ["td-watson", "jrnl", "buku"]


@dataclass
class Peers:
    """Paths of the peer executables (None when unavailable) and their environment."""

    watson: str | None = None
    jrnl: str | None = None
    buku: str | None = None
    task: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        """The environment the peers run in."""
        return {**base, **self.extra_env}


def _venv() -> str:
    python = os.path.join(VENV, "bin", "python")
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    missing = [p for p in PACKAGES if subprocess.run(
        [python, "-m", "pip", "show", "-q", p], capture_output=True).returncode != 0]
    if missing:
        print(f"installing peers {missing} into {VENV}", file=sys.stderr)
        subprocess.run([python, "-m", "pip", "install", "-q", *missing], check=True,
                       stdout=subprocess.DEVNULL)
    return os.path.join(VENV, "bin")


def _taskwarrior() -> str | None:
    found = shutil.which("task")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "taskwarrior"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = shutil.which("task")
    return found


def prepare_peers(work: str, base_env: dict[str, str], items: int) -> Peers:
    """Install what is missing and give every peer ``items`` entries."""
    bindir = _venv()
    home = os.path.join(work, "peers")
    os.makedirs(home, exist_ok=True)
    peers = Peers(extra_env={"XDG_CONFIG_HOME": os.path.join(home, "config"),
                             "XDG_DATA_HOME": os.path.join(home, "data"),
                             "WATSON_DIR": os.path.join(home, "watson"),
                             "TASKRC": os.path.join(home, "taskrc"),
                             "TASKDATA": os.path.join(home, "task")})
    env = peers.env(base_env)
    for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "WATSON_DIR", "TASKDATA"):
        os.makedirs(env[key], exist_ok=True)
    peers.watson = _fill_watson(os.path.join(bindir, "watson"), env, items)
    peers.jrnl = _fill_jrnl(os.path.join(bindir, "jrnl"), env, items)
    peers.buku = _fill_buku(os.path.join(bindir, "buku"), env, items)
    peers.task = _fill_task(_taskwarrior(), env, items)
    return peers


def _fill_watson(exe: str, env: dict[str, str], items: int) -> str | None:
    if not os.path.exists(exe):
        return None
    start = int(time.time()) - items * 3600
    frames = [[start + n * 3600, start + n * 3600 + 1800, f"project{n % 20}",
               f"{n:032x}", ["bench"], start + n * 3600 + 1800] for n in range(items)]
    with open(os.path.join(env["WATSON_DIR"], "frames"), "w") as out:
        json.dump(frames, out)
    return exe


def _fill_jrnl(exe: str, env: dict[str, str], items: int) -> str | None:
    if not os.path.exists(exe):
        return None
    journal = os.path.join(env["XDG_DATA_HOME"], "journal.txt")
    folder = os.path.join(env["XDG_CONFIG_HOME"], "jrnl")
    os.makedirs(folder, exist_ok=True)
    version = subprocess.run([exe, "--version"], env=env, capture_output=True,
                             text=True).stdout.split()[-1]
    with open(os.path.join(folder, "jrnl.yaml"), "w") as out:
        out.write(f"colors: {{body: none, date: none, tags: none, title: none}}\n"
                  f"default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\n"
                  f"highlight: false\nindent_character: '|'\n"
                  f"journals:\n  default:\n    journal: {journal}\nlinewrap: 79\n"
                  f"tagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
                  f"version: {version}\n")
    with open(journal, "w") as out:
        for n in range(items):
            day = time.strftime("%Y-%m-%d %H:%M", time.gmtime(1.7e9 + n * 3600))
            out.write(f"[{day}] Entry {n} about the project.\nSome body text.\n\n")
    return exe


def _fill_buku(exe: str, env: dict[str, str], items: int) -> str | None:
    if not os.path.exists(exe):
        return None
    subprocess.run([exe, "--nostdin", "--nc", "--offline", "--add", "https://example.org/seed",
                    "--title", "seed"], env=env, check=True, stdout=subprocess.DEVNULL)
    db = os.path.join(env["XDG_DATA_HOME"], "buku", "bookmarks.db")
    con = sqlite3.connect(db)
    con.executemany("INSERT INTO bookmarks (URL, metadata, tags, desc, flags) "
                    "VALUES (?, ?, ',bench,', '', 0)",
                    [(f"https://example.com/{n}", f"title {n}") for n in range(items)])
    con.commit()
    con.close()
    return exe


def _fill_task(exe: str | None, env: dict[str, str], items: int) -> str | None:
    if exe is None:
        return None
    with open(env["TASKRC"], "w") as out:
        out.write(f"data.location={env['TASKDATA']}\nconfirmation=off\nverbose=nothing\n"
                  "news.version=99.0.0\n")
    payload = [{"description": f"task {n}", "status": "pending", "entry": "20260101T000000Z",
                "uuid": f"00000000-0000-4000-8000-{n:012d}"} for n in range(items)]
    path = os.path.join(env["TASKDATA"], "import.json")
    with open(path, "w") as out:
        json.dump(payload, out)
    subprocess.run([exe, "import", path], env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return exe
