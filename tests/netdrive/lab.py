"""One shared folder served on 127.0.0.1 and mounted twice per FUSE flavour.

Each mount stands for a client machine with its own page cache: a test writes
through mount A and mount B of one flavour and checks the server-side file.
Servers (sshd, smbd) listen on 127.0.0.1 only.  Every long-running process this
module starts has its pid recorded under ``<root>/run``; ``down()`` unmounts our
mount points and stops exactly those pids, nothing else.

    python tests/netdrive/lab.py up|down|status     (root; installs what it needs)
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(os.environ.get("TEAMSPACE_NETDRIVE_DIR", "/tmp/teamspace-netdrive"))
PACKAGES = ["openssh-server", "openssh-client", "sshfs", "fuse3", "samba", "smbclient",
            "smbnetfs", "rclone"]
SMB_PASSWORD = "netdrive"
SFTP_SERVER = "/usr/lib/openssh/sftp-server"


@dataclass(frozen=True)
class Flavour:
    """A FUSE client with given options, mounted twice (A and B)."""

    name: str
    kind: str  # sshfs | smbnetfs | rclone
    options: str
    refused: bool = False  # teamspace must refuse it (rclone)


FLAVOURS = {f.name: f for f in [
    Flavour("sshfs", "sshfs", ""),
    Flavour("sshfs-nodc", "sshfs", "dir_cache=no"),
    Flavour("smbnetfs", "smbnetfs", ""),
    Flavour("smbnetfs-dio", "smbnetfs", "direct_io"),
    Flavour("rclone", "rclone", "", refused=True),
]}
SAFE_FLAVOURS = [name for name, f in FLAVOURS.items() if not f.refused]


def unusable_reason() -> str | None:
    """Why this machine cannot run the lab (None if it can)."""
    if not sys.platform.startswith("linux"):
        return "network-mount tests need Linux FUSE"
    if os.geteuid() != 0:
        return "network-mount tests need root (they start sshd/smbd and mount FUSE)"
    try:
        fd = os.open("/dev/fuse", os.O_RDWR)
    except OSError as exc:
        return f"/dev/fuse is unusable ({exc.strerror}); FUSE mounts are impossible here"
    os.close(fd)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait(check: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise RuntimeError(f"netdrive lab: timed out waiting for {what}")


def pid_alive(pid: int) -> bool:
    """True if ``pid`` runs (and is not a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def is_mounted(path: Path) -> bool:
    """True if ``path`` is a mount point (from /proc/self/mountinfo)."""
    target = str(path)
    with open("/proc/self/mountinfo") as handle:
        return any(line.split()[4] == target for line in handle)


class Lab:
    """The servers and mounts under ROOT; cheap to construct, ``up()`` does the work."""

    def __init__(self, root: Path = ROOT) -> None:
        self.root = root
        self.run = root / "run"
        self.log = root / "log"
        self.srv = root / "srv"
        self.state_file = root / "state.json"
        self.state: dict[str, int] = {}
        if self.state_file.exists():
            self.state = json.loads(self.state_file.read_text())

    # ------------------------------------------------------------------ paths
    def server_dir(self, flavour: str) -> Path:
        """The folder on the 'server' that a flavour's mounts show."""
        return self.srv / ("ssh_share" if FLAVOURS[flavour].kind == "sshfs" else "smb_share")

    def mount_point(self, flavour: str, side: str) -> Path:
        """Where mount ``side`` (A or B) of ``flavour`` is mounted."""
        return self.root / "mnt" / f"{flavour}-{side}"

    def share_dir(self, flavour: str, side: str) -> Path:
        """The shared folder as seen through mount ``side``."""
        point = self.mount_point(flavour, side)
        if FLAVOURS[flavour].kind == "smbnetfs":
            return point / f"127.0.0.1:{self.state['smb_port']}" / "share"
        return point

    # ------------------------------------------------------------------ processes
    def _pidfile(self, name: str) -> Path:
        return self.run / f"{name}.pid"

    def _recorded(self, name: str) -> int | None:
        try:
            pid = int(self._pidfile(name).read_text())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) else None

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> int:
        log = open(self.log / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True, env=env)
        log.close()
        self._pidfile(name).write_text(str(proc.pid))
        return proc.pid

    def _stop(self, name: str) -> None:
        pid = self._recorded(name)
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)
        self._pidfile(name).unlink(missing_ok=True)

    # ------------------------------------------------------------------ up / down
    def up(self) -> None:
        """Install, start the servers and mount every flavour twice (idempotent)."""
        reason = unusable_reason()
        if reason:
            raise RuntimeError(reason)
        self._install()
        for d in (self.run, self.log, self.srv / "ssh_share", self.srv / "smb_share"):
            d.mkdir(parents=True, exist_ok=True)
        self.state.setdefault("ssh_port", _free_port())
        self.state.setdefault("smb_port", _free_port())
        self.state_file.write_text(json.dumps(self.state))
        self._sshd()
        self._smbd()
        for flavour in FLAVOURS:
            for side in "AB":
                self.mount(flavour, side)

    def down(self) -> None:
        """Unmount our mount points and stop exactly the processes we started."""
        mnt = self.root / "mnt"
        if mnt.is_dir():
            for point in sorted(mnt.iterdir()):
                self.unmount(point)
        if self.run.is_dir():
            names = sorted(p.stem for p in self.run.glob("*.pid"))
            for name in [n for n in names if n.startswith("mount-")]:
                self._stop(name)
            for name in [n for n in names if not n.startswith("mount-")]:
                self._stop(name)

    def unmount(self, point: Path) -> None:
        """Unmount one of our mount points (lazily if it is busy or dead)."""
        if not is_mounted(point):
            return
        for argv in (["fusermount3", "-u", str(point)], ["fusermount3", "-uz", str(point)],
                     ["umount", "-l", str(point)]):
            if subprocess.run(argv, capture_output=True).returncode == 0:
                break

    def _install(self) -> None:
        missing = [p for p in PACKAGES if subprocess.run(
            ["dpkg", "-s", p], capture_output=True).returncode != 0]
        if not missing:
            return
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                        *missing], check=True, env=env)

    def _sshd(self) -> None:
        s = self.root / "ssh"
        (s / "runroot" / "sshd").mkdir(parents=True, exist_ok=True)
        port = self.state["ssh_port"]
        for key in ("host", "client"):
            if not (s / key).exists():
                subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                                str(s / key), "-C", f"teamspace-netdrive-{key}"], check=True)
        client_pub = (s / "client.pub").read_text().strip()
        (s / "authorized_keys").write_text(
            f'from="127.0.0.1",no-agent-forwarding,no-port-forwarding,no-pty {client_pub}\n')
        host_pub = " ".join((s / "host.pub").read_text().split()[:2])
        (s / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_pub}\n")
        (s / "sshd_config").write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {s / 'host'}\n"
            f"PidFile none\nAuthorizedKeysFile {s / 'authorized_keys'}\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            "AllowUsers root@127.0.0.1\nX11Forwarding no\nAllowTcpForwarding no\n"
            f"Subsystem sftp {SFTP_SERVER}\n")
        (s / "ssh_config").write_text(
            f"Host netdrive\n  HostName 127.0.0.1\n  Port {port}\n  User root\n"
            f"  IdentityFile {s / 'client'}\n  IdentitiesOnly yes\n"
            f"  UserKnownHostsFile {s / 'known_hosts'}\n  StrictHostKeyChecking yes\n"
            "  BatchMode yes\n")
        if self._recorded("sshd") and _listening(port):
            return
        # sshd insists on its privilege-separation dir /run/sshd. Rather than touch the
        # system's /run we give sshd a private mount namespace with our own dir over
        # /run; FUSE mounts copied into that namespace are detached so it pins none.
        script = ("for m in $(findmnt -rn -t fuse,fuse.sshfs,fuse.rclone,fuse.smbnetfs "
                  "-o TARGET); do umount -l \"$m\"; done; "
                  f"mount --bind {s / 'runroot'} /run && "
                  f"exec /usr/sbin/sshd -D -f {s / 'sshd_config'} -E {self.log / 'sshd.err'}")
        self._spawn("sshd", ["unshare", "-m", "--propagation", "private", "sh", "-c", script])
        _wait(lambda: _listening(port), 10, "sshd")

    def _smbd(self) -> None:
        b = self.root / "samba"
        for sub in ("run", "lock", "state", "cache", "private", "ncalrpc", "log"):
            (b / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(b / "private", 0o700)
        port = self.state["smb_port"]
        conf = b / "smb.conf"
        conf.write_text(
            "[global]\n  netbios name = TSNETDRIVE\n  workgroup = WORKGROUP\n"
            "  server role = standalone server\n  interfaces = 127.0.0.1/8\n"
            f"  bind interfaces only = yes\n  smb ports = {port}\n  disable netbios = yes\n"
            f"  passdb backend = tdbsam:{b / 'private' / 'passdb.tdb'}\n"
            f"  private dir = {b / 'private'}\n  pid directory = {b / 'run'}\n"
            f"  lock directory = {b / 'lock'}\n  state directory = {b / 'state'}\n"
            f"  cache directory = {b / 'cache'}\n  ncalrpc dir = {b / 'ncalrpc'}\n"
            f"  log file = {b / 'log' / 'log.%m'}\n  max log size = 1000\n"
            "  load printers = no\n  printing = bsd\n  printcap name = /dev/null\n"
            "  disable spoolss = yes\n  usershare path =\n  server min protocol = SMB2_10\n"
            f"[share]\n  path = {self.srv / 'smb_share'}\n  read only = no\n"
            "  force user = root\n  create mask = 0644\n")
        users = subprocess.run(["pdbedit", "-s", str(conf), "-L"], capture_output=True,
                               text=True).stdout
        if not any(line.startswith("root:") for line in users.splitlines()):
            subprocess.run(["smbpasswd", "-c", str(conf), "-s", "-a", "root"], check=True,
                           input=f"{SMB_PASSWORD}\n{SMB_PASSWORD}\n", text=True,
                           capture_output=True)
        if self._recorded("smbd") and _listening(port):
            return
        self._spawn("smbd", ["/usr/sbin/smbd", "--foreground", "--no-process-group",
                             "-s", str(conf)])
        _wait(lambda: _listening(port), 20, "smbd")

    # ------------------------------------------------------------------ mounts
    def mount(self, flavour: str, side: str) -> None:
        """Mount side A or B of a flavour unless it is already up."""
        f = FLAVOURS[flavour]
        point = self.mount_point(flavour, side)
        name = f"mount-{flavour}-{side}"
        if is_mounted(point) and self._recorded(name):
            return
        self.unmount(point)
        self._stop(name)
        if point.is_dir() and not is_mounted(point):
            shutil.rmtree(point)  # files written while it was not mounted: not the share
        point.mkdir(parents=True, exist_ok=True)
        if f.kind == "sshfs":
            self._mount_sshfs(name, point, f.options)
        elif f.kind == "smbnetfs":
            self._mount_smbnetfs(name, point, f.options, side)
        else:
            self._mount_rclone(name, point)
        _wait(lambda: is_mounted(point) and self.share_dir(flavour, side).is_dir(), 20,
              f"mount {point}")

    def _mount_sshfs(self, name: str, point: Path, options: str) -> None:
        # Each mount gets its own sftp-server wrapper recording its pid, so a test can
        # kill exactly the server side of one mount (share loss).
        wrapper = self.root / "bin" / f"sftp-{name}"
        wrapper.parent.mkdir(exist_ok=True)
        wrapper.write_text(f"#!/bin/sh\necho $$ > {self._pidfile('sftp-' + name)}\n"
                           f"exec {SFTP_SERVER}\n")
        wrapper.chmod(0o755)
        opts = ",".join(o for o in (options, f"sftp_server={wrapper}") if o)
        self._spawn(name, ["sshfs", "-f", "-F", str(self.root / "ssh" / "ssh_config"),
                           f"netdrive:{self.srv / 'ssh_share'}", str(point), "-o", opts])

    def _mount_smbnetfs(self, name: str, point: Path, options: str, side: str) -> None:
        home = self.root / "smbnetfs" / side  # libsmbclient reads $HOME/.smb/smb.conf
        (home / ".smb").mkdir(parents=True, exist_ok=True)
        (home / ".smb" / "smb.conf").write_text(
            "[global]\n  client min protocol = SMB2_10\n  disable netbios = yes\n"
            "  name resolve order = host\n")
        config = home / ".smb" / "smbnetfs.conf"
        config.write_text(f'auth "127.0.0.1" "root" "{SMB_PASSWORD}"\n'
                          'host "127.0.0.1" visible=true\nsmb_query_browsers false\n'
                          "use_libsecret false\n")
        config.chmod(0o600)
        argv = ["smbnetfs", str(point), "-f"] + (["-o", options] if options else [])
        self._spawn(name, argv, env=dict(os.environ, HOME=str(home)))

    def _mount_rclone(self, name: str, point: Path) -> None:
        conf = self.root / "rclone.conf"
        if not conf.exists():
            obscured = subprocess.run(["rclone", "obscure", SMB_PASSWORD], check=True,
                                      capture_output=True, text=True).stdout.strip()
            conf.write_text(f"[netsmb]\ntype = smb\nhost = 127.0.0.1\n"
                            f"port = {self.state['smb_port']}\nuser = root\n"
                            f"pass = {obscured}\n")
        self._spawn(name, ["rclone", "mount", "netsmb:share", str(point), "--config",
                           str(conf), "--cache-dir", str(self.root / "rclone-cache" / name),
                           "--vfs-cache-mode", "writes", "--dir-cache-time", "1s",
                           "--poll-interval", "0"])

    # ------------------------------------------------------------------ share loss
    def sftp_server_pid(self, flavour: str, side: str) -> int | None:
        """The sftp-server serving one sshfs mount (the server side of that 'machine')."""
        return self._recorded(f"sftp-mount-{flavour}-{side}")

    def client_pids(self, flavour: str, side: str) -> set[int]:
        """The FUSE client process of one mount and all its descendants."""
        top = self._recorded(f"mount-{flavour}-{side}")
        if top is None:
            return set()
        found = {top}
        changed = True
        while changed:
            changed = False
            for entry in os.listdir("/proc"):
                if not entry.isdigit() or int(entry) in found:
                    continue
                try:
                    with open(f"/proc/{entry}/stat") as handle:
                        ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                if ppid in found:
                    found.add(int(entry))
                    changed = True
        return found

    def remount(self, flavour: str, side: str) -> None:
        """Bring one mount back after its server side was killed ('the share is back')."""
        self.unmount(self.mount_point(flavour, side))
        self._stop(f"mount-{flavour}-{side}")
        self.mount(flavour, side)

    def stop_smbd(self) -> None:
        """The SMB file server goes down: our smbd and every session it serves."""
        sessions = set().union(*(smbd_sessions(self, f, side) for f in FLAVOURS
                                 if FLAVOURS[f].kind != "sshfs" for side in "AB"))
        self._stop("smbd")
        for pid in sessions:
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)

    def start_smbd(self) -> None:
        """The SMB file server is back (smbnetfs reconnects; rclone gives up, so remount)."""
        self._smbd()
        for side in "AB":
            self.mount("rclone", side)

    def status(self) -> dict[str, object]:
        """What is up, for humans."""
        return {"root": str(self.root), **self.state,
                "processes": {p.stem: self._recorded(p.stem)
                              for p in sorted(self.run.glob("*.pid"))} if self.run.is_dir()
                else {},
                "mounts": {f"{f}-{s}": is_mounted(self.mount_point(f, s))
                           for f in FLAVOURS for s in "AB"}}


if __name__ == "__main__":
    lab = Lab()
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "up":
        lab.up()
    elif command == "down":
        lab.down()
        if "--purge" in sys.argv:
            shutil.rmtree(lab.root, ignore_errors=True)
    print(json.dumps(lab.status(), indent=2))


def _socket_inodes(pid: int) -> set[str]:
    found = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                found.add(target[8:-1])
    except OSError:
        pass
    return found


def smbd_sessions(lab: Lab, flavour: str, side: str) -> set[int]:
    """The smbd processes serving one smbnetfs mount: the server side of that 'machine'."""
    port = lab.state["smb_port"]
    mine = set().union(*(_socket_inodes(p) for p in lab.client_pids(flavour, side)))
    conns = []
    with open("/proc/net/tcp") as handle:
        for line in handle.readlines()[1:]:
            f = line.split()
            conns.append((int(f[1].split(":")[1], 16), int(f[2].split(":")[1], 16), f[9]))
    client_ports = {local for local, remote, inode in conns if inode in mine and remote == port}
    server_inodes = {inode for local, remote, inode in conns
                     if local == port and remote in client_ports}
    return {int(p) for p in os.listdir("/proc") if p.isdigit()
            and _socket_inodes(int(p)) & server_inodes}
