"""Recovery on a real full disk and a real read-only file system (issue 12, finding 10): a
small file system mounted in a private namespace, seen by the command alone. Skipped where
the machine has no user namespaces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.spec import Spec
from tests.test_recovery import ROOT, _fill


def _private_mount_works() -> bool:
    import shutil

    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs tmpfs /mnt"],
                           capture_output=True, timeout=30, check=False)  # fmt: skip
    return probe.returncode == 0


needs_private_mount = pytest.mark.skipif(
    not _private_mount_works(), reason="no user namespaces here to mount a small file system"
)


def _in_a_private_mount(mount: Path, size: str, commands: str) -> subprocess.CompletedProcess[str]:
    """Run shell `commands` with a tmpfs of `size` mounted at `mount`, seen by them alone."""
    mount.mkdir()
    script = f"mount -t tmpfs -o size={size} tmpfs '{mount}' && {commands}"
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)  # fmt: skip


@needs_private_mount
def test_backup_to_a_really_full_disk_is_one_line_and_leaves_nothing(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    _fill(db_path, spec, [f"F-{n}" for n in range(40)], "t" * 2000)
    mount = tmp_path / "small"
    python = sys.executable
    done = _in_a_private_mount(mount, "64k", (
        f"'{python}' -m desktop_app backup '{mount}/copy.sqlite' --db '{db_path}'; "
        f"echo rc=$?; ls -A '{mount}'"
    ))  # fmt: skip
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "the disk is full" in lines[0]
    assert done.stdout.strip() == "rc=1"  # and the listing of the mount is empty


@needs_private_mount
def test_a_read_only_file_system_is_said_read_only_not_damaged(
    db_path: Path, spec: Spec, tmp_path: Path
) -> None:
    _fill(db_path, spec, ["R-1"])
    mount = tmp_path / "readonly"
    python = sys.executable
    copy = mount / "cases.sqlite"
    done = _in_a_private_mount(mount, "8m", (
        f"cp '{db_path}' '{copy}' && mount -o remount,ro '{mount}' && "
        f"'{python}' -m desktop_app check --db '{copy}'; echo rc=$?; "
        f"'{python}' -m desktop_app list --db '{copy}'; echo rc=$?"
    ))  # fmt: skip
    said = done.stdout + done.stderr
    assert "Traceback" not in said
    assert said.count("is read-only") == 2 and said.count("rc=1") == 2
    assert "is damaged" not in said and "integrity check" not in said
