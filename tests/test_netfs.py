"""Telling a database on a network file system from a local one: the mount-table parsers on
sample text, the longest-prefix rule, UNC paths, and the warning the CLI prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop_app import netfs
from desktop_app.netfs import Mount, is_unc, mount_of, parse_bsd_mount, parse_mountinfo
from desktop_app.spec import default_spec
from desktop_app.store import CaseStore

MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
25 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
40 22 0:35 / /mnt/share rw,relatime shared:20 - nfs4 fileserver:/export/cases rw,vers=4.2
41 40 8:17 / /mnt/share/local rw,relatime shared:21 master:3 - ext4 /dev/sdb1 rw
42 22 0:36 / /media/Tumour\040Board rw,relatime - cifs //srv/Tumour\040Board rw,vers=3.1.1
43 22 0:37 / /home/ana/remote rw,nosuid,nodev,relatime - fuse.sshfs ana@host:/data rw
44 22 0:38 /sub /srv/tab\011and\134slash rw - smb3 //srv/x rw
"""


def test_mountinfo_parser_reads_points_types_and_escapes() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert [m.mount_point for m in mounts] == [
        "/", "/proc", "/mnt/share", "/mnt/share/local", "/media/Tumour Board",
        "/home/ana/remote", "/srv/tab\tand\\slash",
    ]  # fmt: skip
    assert [m.fstype for m in mounts] == [
        "ext4", "proc", "nfs4", "ext4", "cifs", "fuse.sshfs", "smb3",
    ]  # fmt: skip
    assert mounts[4].source == "//srv/Tumour Board"
    assert mounts[2].source == "fileserver:/export/cases"


def test_mountinfo_parser_skips_malformed_lines() -> None:
    text = "garbage\n\n22 1 8:1 / / rw shared:1 ext4 /dev/sda1 rw\n" + MOUNTINFO.splitlines()[0]
    assert parse_mountinfo(text) == [Mount("/", "ext4", "/dev/sda1")]


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/mnt/share/cases.sqlite", "nfs4"),
        ("/mnt/share", "nfs4"),
        ("/mnt/share/local/cases.sqlite", "ext4"),  # a local disk mounted inside the share
        ("/mnt/shared/cases.sqlite", "ext4"),  # a prefix of the name is not a parent folder
        ("/media/Tumour Board/db/cases.sqlite", "cifs"),
        ("/home/ana/remote/c.sqlite", "fuse.sshfs"),
        ("/home/ana/c.sqlite", "ext4"),
    ],
)
def test_longest_mount_point_decides(path: str, fstype: str) -> None:
    mount = mount_of(path, parse_mountinfo(MOUNTINFO))
    assert mount is not None and mount.fstype == fstype


@pytest.mark.parametrize(
    ("fstype", "network"),
    [("nfs4", True), ("nfs", True), ("cifs", True), ("smb3", True), ("smbfs", True),
     ("fuse.sshfs", True), ("9p", True), ("afpfs", True), ("webdav", True), ("ceph", True),
     ("ext4", False), ("btrfs", False), ("apfs", False), ("tmpfs", False), ("overlay", False),
     ("fuse.portal", False)],
)  # fmt: skip
def test_network_types(fstype: str, network: bool) -> None:
    assert netfs.is_network_type(fstype) is network


def test_macos_mount_output() -> None:
    text = (
        "/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)\n"
        "//ana@fileserver/Cases on /Volumes/Cases (smbfs, nodev, nosuid, mounted by ana)\n"
        "fileserver:/export on /Volumes/nfs share (nfs, asynchronous)\n"
        "map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)\n"
    )
    mounts = parse_bsd_mount(text)
    assert [(m.mount_point, m.fstype) for m in mounts] == [
        ("/", "apfs"), ("/Volumes/Cases", "smbfs"), ("/Volumes/nfs share", "nfs"),
        ("/System/Volumes/Data/home", "autofs"),
    ]  # fmt: skip
    found = mount_of("/Volumes/nfs share/cases.sqlite", mounts)
    assert found is not None and found.fstype == "nfs"


@pytest.mark.parametrize(
    ("path", "unc"),
    [(r"\\fileserver\cases\cases.sqlite", True), ("//fileserver/cases/c.sqlite", True),
     (r"\\?\UNC\fileserver\cases\c.sqlite", True), (r"\\?\C:\data\c.sqlite", False),
     (r"\\.\PhysicalDrive0", False), (r"C:\data\c.sqlite", False), ("/home/a/c.sqlite", False)],
)  # fmt: skip
def test_unc_paths(path: str, unc: bool) -> None:
    assert is_unc(path) is unc


def test_unc_path_is_a_network_share_on_any_platform() -> None:
    assert netfs.network_filesystem(r"\\fileserver\cases\cases.sqlite") == "network share"


def test_this_machine_reads_its_own_mount_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real mount table marks the temporary folder local; the same path under a faked
    NFS mount is reported as NFS, even for a database not yet created."""
    assert netfs.network_filesystem(tmp_path / "cases.sqlite") is None
    if sys.platform != "linux":
        pytest.skip("the faked mount table is Linux's")
    fake = f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 0:35 / {tmp_path} rw - nfs4 srv:/x rw\n"
    monkeypatch.setattr(netfs, "_read", lambda _path: fake)
    assert netfs.network_filesystem(tmp_path / "new" / "cases.sqlite") == "nfs4"
    warning = netfs.network_warning(tmp_path / "cases.sqlite")
    assert warning is not None and "nfs4" in warning and "PostgreSQL" in warning
    assert netfs.network_warning("postgresql+psycopg://u:secret@server/cases") is None


def test_sqlite_file_of_targets() -> None:
    assert netfs.sqlite_file("sqlite:////srv/c.sqlite") == Path("/srv/c.sqlite")
    assert netfs.sqlite_file("/srv/c.sqlite") == Path("/srv/c.sqlite")
    assert netfs.sqlite_file("sqlite://") is None
    assert netfs.sqlite_file("postgresql://server/cases") is None


def test_cli_warns_on_stderr_and_still_works(tmp_path: Path) -> None:
    """A database on a (faked) network share: the command prints the warning and runs."""
    database = tmp_path / "share" / "cases.sqlite"
    database.parent.mkdir()  # the share's mount point
    CaseStore.open(database, default_spec()).close()  # list only reads: it must exist
    script = (
        "import sys\n"
        "from desktop_app import netfs\n"
        f"netfs._read = lambda _p: '22 1 8:1 / / rw - ext4 /dev/sda1 rw\\n"
        f"40 22 0:35 / {tmp_path / 'share'} rw - cifs //srv/share rw\\n'\n"
        "from desktop_app.app import main\n"
        f"sys.exit(main(['list', '--db', {str(database)!r}]))\n"
    )
    if sys.platform != "linux":
        pytest.skip("the faked mount table is Linux's")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "network file system (cifs)" in done.stderr
    assert "shared-server mode" in done.stderr


def test_gui_warns_and_opens_the_database_anyway(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Start-up on a data folder that (by the faked mount table) is an SMB share: a warning
    naming the shared-server mode, then the main window on the database as usual."""
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.cli import parse
    from desktop_app.ui.launch import open_main_window
    from desktop_app.ui.main_window import MainWindow

    if sys.platform != "linux":
        pytest.skip("the faked mount table is Linux's")
    share = tmp_path / "share"
    share.mkdir()
    fake = f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 22 0:35 / {share} rw - smb3 //srv/s rw\n"
    monkeypatch.setattr(netfs, "_read", lambda _path: fake)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    window = open_main_window(parse(["--data-dir", str(share)]))
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    try:
        assert len(warnings) == 1
        assert "network file system (smb3)" in warnings[0] and "PostgreSQL" in warnings[0]
        assert str(share / "cases.sqlite") in warnings[0]
        assert window.store.engine.url.database == str(share / "cases.sqlite")
    finally:
        window.context.error_handler.uninstall()  # type: ignore[union-attr]
        window.close()
        window.store.close()
