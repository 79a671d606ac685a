"""The machine a benchmark ran on, for the record beside its figures."""

from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path


def _first(path: str, key: str, separator: str = ":") -> str:
    """The value of the first line of `path` that starts with `key`."""
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(separator, 1)[-1].strip().strip('"')
    except OSError:
        pass
    return ""


def describe() -> dict[str, str]:
    memory = _first("/proc/meminfo", "MemTotal")
    gigabytes = f"{int(memory.split()[0]) / 1024 / 1024:.1f} GB" if memory else ""
    try:
        import PySide6

        qt = PySide6.__version__
    except ImportError:
        qt = "not installed"
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": str(os.cpu_count() or ""),
        "memory": gigabytes,
        "os": f"{_first('/etc/os-release', 'PRETTY_NAME', '=')} ({platform.platform()})",
        "python": platform.python_version(),
        "pyside6": qt,
        "sqlite": sqlite3.sqlite_version,
    }
