"""Whether a path lies on a network file system (NFS, SMB/CIFS, SSHFS, AFP, WebDAV …).

SQLite's locking is not reliable over a network file system: two workstations using one
database file on a share can corrupt it. The app warns (it does not refuse) and points to
the shared-server mode (PostgreSQL). Nothing here touches the network: Linux reads
/proc/self/mountinfo, macOS the output of `mount`, Windows asks for the drive's type.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

NETWORK_TYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "afpfs", "webdav", "davfs",
    "9p", "ceph", "glusterfs", "lustre", "gpfs", "ocfs2", "gfs2", "beegfs", "ncpfs", "coda",
    "fuse.sshfs", "fuse.glusterfs", "fuse.ceph", "fuse.rclone", "fuse.s3fs", "fuse.davfs",
    "fuse.cephfs", "fuse.gcsfuse", "fuse.smbnetfs", "sshfs",
})  # fmt: skip
SERVER_MODE_HINT = (
    "Two workstations using one SQLite file on a network share can corrupt it. For a "
    "database shared by a department, use the shared-server mode (PostgreSQL; see the "
    "README section 'A department's shared server')."
)


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str
    source: str


def is_network_type(fstype: str) -> bool:
    kind = fstype.lower()
    return kind in NETWORK_TYPES or kind.startswith(("nfs", "fuse.sshfs"))


def _unescape(text: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (\\040 …)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts listed in the text of /proc/self/mountinfo (see proc(5)): field 5 is the
    mount point; after the lone "-" come the file-system type and the source."""
    mounts = []
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) < 10 or "-" not in parts[6:]:
            continue
        dash = parts.index("-", 6)
        if len(parts) < dash + 3:
            continue
        mounts.append(Mount(_unescape(parts[4]), parts[dash + 1], _unescape(parts[dash + 2])))
    return mounts


_BSD_MOUNT = re.compile(r"^(?P<source>.+?) on (?P<point>.+) \((?P<type>[^,)]+)[,)]")


def parse_bsd_mount(text: str) -> list[Mount]:
    """The mounts in the output of macOS's `mount`:
    '//user@server/share on /Volumes/share (smbfs, nodev, nosuid, mounted by user)'."""
    mounts = []
    for line in text.splitlines():
        match = _BSD_MOUNT.match(line.strip())
        if match:
            mounts.append(Mount(match["point"], match["type"].strip(), match["source"]))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding `path` (absolute): the one with the longest mount point that is
    `path` or one of its parent folders; the last mounted wins a tie."""
    target = PurePosixPath(path)
    best: Mount | None = None
    for mount in mounts:
        point = PurePosixPath(mount.mount_point)
        holds = target == point or point in target.parents
        if holds and (
            best is None or len(point.parts) >= len(PurePosixPath(best.mount_point).parts)
        ):
            best = mount
    return best


def is_unc(path: str) -> bool:
    r"""A Windows UNC path: \\server\share\… (but not \\?\C:\ or \\.\ device paths)."""
    text = path.replace("/", "\\")
    if text.startswith(("\\\\?\\UNC\\", "\\\\?\\unc\\")):
        return True
    return text.startswith("\\\\") and not text.startswith(("\\\\?\\", "\\\\.\\"))


def _existing(path: Path) -> Path:
    """The path itself, or its nearest folder that exists (a new database is not yet there),
    with symbolic links followed."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path.parent != path:
        path = path.parent
    return path.resolve()


def _windows_kind(path: Path) -> str | None:
    if is_unc(str(path)):
        return "network share"
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(str(_existing(path)))[0]
        if is_unc(drive):
            return "network share"
        drive_remote = 4
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote:
            return "network drive"
    return None


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def network_filesystem(path: str | Path) -> str | None:
    """The kind of network file system `path` lies on ("nfs4", "smbfs", "network drive" …),
    or None when it is local (or cannot be told)."""
    path = Path(path).expanduser()
    if os.name == "nt" or is_unc(str(path)):
        return _windows_kind(path)
    where = str(_existing(path))
    if sys.platform == "darwin":
        try:
            text = subprocess.run(["/sbin/mount"], capture_output=True, text=True,
                                  timeout=5, check=False).stdout  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
        mounts = parse_bsd_mount(text)
    else:
        mounts = parse_mountinfo(_read("/proc/self/mountinfo"))
    mount = mount_of(where, mounts)
    return mount.fstype if mount is not None and is_network_type(mount.fstype) else None


def sqlite_file(target: str | Path) -> Path | None:
    """The SQLite file a --db target names; None for a server URL or an in-memory database."""
    text = str(target)
    if "://" in text:
        if not text.startswith("sqlite"):
            return None
        text = text.split(":///", 1)[-1] if ":///" in text else ""
    if not text or text == ":memory:":
        return None
    return Path(text)


def network_warning(target: str | Path) -> str | None:
    """A warning for an SQLite database on a network file system; None otherwise."""
    path = sqlite_file(target)
    kind = network_filesystem(path) if path is not None else None
    if kind is None:
        return None
    return f"The database {path} is on a network file system ({kind}). {SERVER_MODE_HINT}"
