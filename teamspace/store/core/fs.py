"""What kind of filesystem holds the workspace, and whether it is safe to use.

The type comes from ``/proc/self/mountinfo`` (Linux); it decides how change
detection works (inotify is blind to other machines' writes on a share) and
whether the location is refused: sync folders and rclone mounts upload whole
files last-writer-wins, which lost half of all writes in our lab
(docs/storage.md, rule 9).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time

from teamspace.errors import RefusedLocation

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "davfs", "fuse.sshfs", "fuse.smbnetfs", "fuse.davfs2",
    "fuse.s3fs", "fuse.glusterfs", "fuse.cephfs", "fuse.rclone", "fuse.gvfsd-fuse",
})
# Filesystems that sync whole files in the background: last uploader wins.
SYNC_TYPES = frozenset({"fuse.rclone", "fuse.onedriver", "fuse.google-drive-ocamlfuse"})
# Files or folders a sync client leaves at the root of the folder it syncs.
SYNC_MARKERS = {
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
    ".stfolder": "Syncthing",
    ".sync": "Resilio Sync",
    ".tresorit": "Tresorit",
    ".pcloud": "pCloud",
}
# Path components that name a sync client's folder.
SYNC_PATH_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud",
    "mobile documents": "iCloud",
    "com~apple~clouddocs": "iCloud",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "cloudstorage": "a cloud storage provider",
}


class MountInfo:
    """The mount that holds a path."""

    __slots__ = ("mount_point", "fs_type", "source", "options")

    def __init__(self, mount_point: str, fs_type: str, source: str, options: str) -> None:
        self.mount_point = mount_point
        self.fs_type = fs_type
        self.source = source
        self.options = options

    def __repr__(self) -> str:
        return f"MountInfo({self.mount_point!r}, {self.fs_type!r})"

    @property
    def is_network(self) -> bool:
        """True when other machines may write the same files (a share)."""
        return self.fs_type in NETWORK_TYPES or self.fs_type == "fuse" or (
            self.fs_type.startswith("fuse.") and self.fs_type != "fuse.portal"
        )

    def has_option(self, name: str) -> bool:
        """True when the mount (or superblock) options include ``name``."""
        return any(opt.split("=", 1)[0] == name for opt in self.options.split(","))


def _unescape(field: str) -> str:
    # mountinfo escapes space, tab, newline and backslash as octal.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_of(path: str, mountinfo: str = "/proc/self/mountinfo") -> MountInfo | None:
    """Return the mount holding ``path`` (the longest matching mount point), or None."""
    try:
        with open(mountinfo, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    target = os.path.realpath(path)
    best: MountInfo | None = None
    for line in lines:
        left, sep, right = line.partition(" - ")
        if not sep:
            continue
        parts = left.split()
        rest = right.split()
        if len(parts) < 6 or len(rest) < 2:
            continue
        point = _unescape(parts[4])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if not inside:
            continue
        if best is None or len(point) >= len(best.mount_point):
            options = parts[5] + ("," + rest[2] if len(rest) > 2 else "")
            best = MountInfo(point, rest[0], _unescape(rest[1]), options)
    return best


def sync_folder_reason(path: str, mount: MountInfo | None) -> str | None:
    """Explain why ``path`` looks like a sync folder, or return None if it does not."""
    if mount is not None and mount.fs_type in SYNC_TYPES:
        return f"it is on a {mount.fs_type} mount ({mount.mount_point})"
    target = os.path.realpath(path)
    parts = [p for p in target.split(os.sep) if p]
    for part in parts[:-1]:
        client = SYNC_PATH_NAMES.get(part.lower())
        if client is None and part.lower().startswith(("onedrive", "dropbox")):
            client = "OneDrive" if part.lower().startswith("onedrive") else "Dropbox"
        if client:
            return f"it is inside a {client} folder ('{part}')"
    if mount is not None and mount.is_network:
        return None  # markers are a local-disk thing; don't stat up a slow share
    directory = os.path.dirname(target)
    while True:
        for marker, client in SYNC_MARKERS.items():
            if os.path.lexists(os.path.join(directory, marker)):
                return f"it is inside a {client} folder ({directory} has {marker})"
        parent = os.path.dirname(directory)
        if parent == directory:
            return None
        directory = parent


def check_location(path: str, *, force: bool = False) -> MountInfo | None:
    """Refuse a workspace in a sync folder or on an rclone mount unless ``force``."""
    mount = mount_of(os.path.dirname(os.path.abspath(path)) or ".")
    if not force:
        reason = sync_folder_reason(path, mount)
        if reason:
            raise RefusedLocation(
                f"refusing to use {path}: {reason}. Sync folders upload whole files and "
                "the last uploader wins, so teammates' writes get lost; put the workspace "
                "on a real share (SMB/NFS/sshfs) instead, or pass --force if you know better"
            )
    return mount


def sqlite_uri(path: str, mode: str, vfs: str) -> str:
    """The URI SQLite opens the workspace file with (``vfs``: no locks of its own)."""
    quoted = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    if os.name == "nt":
        quoted = "/" + quoted.replace("\\", "/")
    return f"file:{quoted}?vfs={vfs}&mode={mode}"


def looks_corrupt(exc: BaseException) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: a damaged file, or a garbled read of a sound one."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(exc, sqlite3.DatabaseError) and code is not None:
        return (code & 0xFF) in (11, 26)
    return isinstance(exc, sqlite3.DatabaseError) and "malformed" in str(exc)


def refresh_attributes(path: str) -> None:
    """After breaking a crashed writer's lock, make this client see the journal's real size.

    A crashed writer leaves a hot journal, but a FUSE client may still believe the size it
    cached before (sshfs: up to 20 s) — SQLite then reads byte 0 of a "0-byte" journal,
    calls it cold and reads the dead writer's uncommitted pages.  Setting the times goes
    to the server, which answers with fresh attributes (size included) for the client
    to cache; it needs only write access, which every member has.
    """
    for name in (path + "-journal", path):
        try:
            os.utime(name, None)
        except OSError:
            pass  # no journal (nothing to recover), or the share hiccupped: SQLite retries


def drop_cached_pages(path: str) -> None:
    """Make the next reads come from the server, not this client's page cache."""
    if not hasattr(os, "posix_fadvise"):
        return
    for name in (path, path + "-journal"):
        try:
            fd = os.open(name, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


# errno values that mean the share itself is gone, not the file: a FUSE mount whose
# server went away answers ENOTCONN until it is unmounted.
SHARE_GONE = frozenset({errno.ENOTCONN, errno.ESTALE, errno.EHOSTDOWN})


def file_missing(path: str, *, network: bool) -> bool:
    """True if the workspace file is really not there (not a share's hiccup).

    ``os.path.exists`` says False on any error: under 8 writers an smbnetfs client
    called an existing workspace missing and a write failed with NotInitialized
    (tests/netdrive).  Errors other than ENOENT propagate and are retried; ENOENT
    on a share is asked again.
    """
    from teamspace.errors import ShareGone

    for attempt in range(8 if network else 1):
        try:
            os.stat(path)
            return False
        except OSError as exc:
            if exc.errno in SHARE_GONE:
                raise ShareGone(f"the share holding {path} is not connected "
                                f"({exc.strerror}): is it unmounted?") from exc
            if not isinstance(exc, FileNotFoundError):
                raise
            # sshfs dir_cache=no said ENOENT for a workspace another process had
            # just created through the same mount, for longer than 0.3 s: ~2 s.
            time.sleep(min(0.05 * 2 ** attempt, 0.5))
    return os.path.isdir(os.path.dirname(path)) or not network


_SHARED: dict[str, bool] = {}  # folder -> shared?  (asked once per process: a share's
# stat() is a network round trip, and every unit of work makes a lock directory)
_UMASK: list[int] = []


def shared_folder(folder: str) -> bool:
    """True if ``folder`` is meant for a group: group-writable, or setgid (new files get
    its group).  Files teamspace makes there are then made group-writable too, whatever
    the creator's umask, so every member can write the workspace and clear its locks."""
    import stat

    if folder not in _SHARED:
        try:
            mode = os.stat(folder).st_mode
        except OSError:
            return False
        _SHARED[folder] = bool(mode & stat.S_IWGRP or mode & stat.S_ISGID)
    return _SHARED[folder]


def _umask() -> int:
    if not _UMASK:
        current = os.umask(0o022)  # reading it means setting it: put it straight back
        os.umask(current)
        _UMASK.append(current)
    return _UMASK[0]


def share_with_group(path: str, folder: str | None = None, *, directory: bool = False,
                     made: bool = True) -> None:
    """Add group read/write (and search, for a ``directory``) to ``path`` if its folder is
    shared and the umask took them away.  ``made``: we just created it, so its mode is
    known from the umask and no stat() is needed (a round trip on a share, and this runs
    for every lock).  Best effort: only the owner may change modes, and a share may keep
    its own (then it is not tried again in this process)."""
    mask = _umask()
    folder = folder or os.path.dirname(os.path.abspath(path))
    if not mask & 0o060 or folder in _NO_CHMOD or not shared_folder(folder):
        return
    extra = 0o070 if directory else 0o060
    try:
        if made:
            current = (0o777 if directory else 0o666) & ~mask
        else:
            current = os.stat(path).st_mode & 0o7777
        if current & extra != extra:
            os.chmod(path, current | extra)
    except PermissionError:
        pass  # not ours to change
    except OSError:
        _NO_CHMOD.add(folder)  # the share keeps its own modes (SMB): stop asking


_NO_CHMOD: set[str] = set()


def create_file(path: str, mode: int = 0o666) -> bool:
    """Create ``path`` empty (``mode`` minus the umask, plus group write in a shared
    folder) if it does not exist; True if it was made now.  SQLite would otherwise make
    the workspace 0644, readable but not writable by the rest of the team."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        return False
    os.close(handle)
    share_with_group(path, made=(mode == 0o666))
    return True


def access_problem(path: str) -> str | None:
    """Why this user cannot write the workspace ``path`` (its file or its folder is not
    writable for them), naming who can fix it; None if nothing is wrong that way."""
    folder = os.path.dirname(path)
    for target, what in ((path, "file"), (folder, "folder")):
        if not os.path.exists(target) or os.access(target, os.W_OK):
            continue
        info = os.stat(target)
        try:
            import pwd

            owner = pwd.getpwuid(info.st_uid).pw_name
        except (ImportError, KeyError):
            owner = str(info.st_uid)
        return (f"you cannot write the workspace {what} {target} (owner {owner}, mode "
                f"{info.st_mode & 0o7777:04o}): ask {owner} to run 'teamspace doctor "
                "--repair' in a folder shared with the group, which makes it writable for "
                "the group")
    return None
