"""The peak memory of this process alone, in MB.

`ru_maxrss` is kept across fork and exec: a probe started by a process that has just built
a 10 GB database reported that process's peak (1,750 MB), not its own. On Linux the peak of
the running program is VmHWM in /proc/self/status, which exec starts afresh; elsewhere
ru_maxrss is all there is (and the benchmark starts its probes from a small parent)."""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def peak_mb() -> float:
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
