"""The benchmark's peak memory is the probe's own, not its parent's (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = "from benchmarks.peak import peak_mb; print(round(peak_mb()))"


def test_a_probe_started_by_a_big_process_reports_its_own_peak() -> None:
    parent = (
        "import subprocess, sys\n"
        "ballast = bytearray(400 * 1024 * 1024)\n"  # a parent that has just used 400 MB
        "ballast[::4096] = b'x' * len(ballast[::4096])\n"
        f"print(subprocess.run([sys.executable, '-c', {CHILD!r}], capture_output=True,"
        " text=True, cwd=sys.argv[1]).stdout.strip())\n"
    )
    done = subprocess.run([sys.executable, "-c", parent, str(ROOT)], capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    assert 0 < int(done.stdout.strip()) < 150
