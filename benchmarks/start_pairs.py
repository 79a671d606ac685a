"""The cold start beside a bare PySide6 window, measured in pairs (issue 13's start goal).

On a shared machine the load changes from one second to the next: timing every bare window
first and then every start of the app compares two different moments. `make bench` starts
them in pairs instead (bare, app, bare, app, …), after one pair that is not counted (the
first processes of a run read their files from the disk), and the ratio reported is the
median of the pairs' own ratios, by the wall clock (the goal is judged on it) and by the
CPU time of each process (which the other work moves far less).

Only `pair` and `summary` here: pure functions, no process started, no Qt.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PAIRS = 7  # counted pairs of one run; the ratio is the median of their ratios
WARM_UP = 1  # pairs started first and not counted


@dataclass(frozen=True)
class Start:
    """One process: milliseconds to "ready" on the wall clock, the CPU milliseconds it used
    (user + system, to its exit), and its peak memory in MB."""

    wall_ms: float
    cpu_ms: float
    peak_mb: float


def pairs(start: Callable[[bool], Start], count: int = PAIRS,
          warm_up: int = WARM_UP) -> list[tuple[Start, Start]]:  # fmt: skip
    """`count` (bare, app) pairs, each bare window started just before its app
    (`start(True)` is a bare window, `start(False)` the app), after `warm_up` pairs
    that are started and dropped."""
    found = []
    for number in range(warm_up + count):
        bare = start(True)
        app = start(False)
        if number >= warm_up:
            found.append((bare, app))
    return found


def summary(measured: list[tuple[Start, Start]]) -> dict[str, Any]:
    """The medians of the pairs' ratios (wall and CPU), each pair's figures and ratios, and
    the medians of the app's and the bare window's own figures."""
    if not measured:
        raise ValueError("no pair of starts to compare")
    rows = [
        {
            "bare_ms": round(bare.wall_ms, 1),
            "app_ms": round(app.wall_ms, 1),
            "ratio": app.wall_ms / max(bare.wall_ms, 1e-9),
            "bare_cpu_ms": round(bare.cpu_ms, 1),
            "app_cpu_ms": round(app.cpu_ms, 1),
            "cpu_ratio": app.cpu_ms / max(bare.cpu_ms, 1e-9),
        }
        for bare, app in measured
    ]
    return {
        "ratio": statistics.median(r["ratio"] for r in rows),
        "cpu_ratio": statistics.median(r["cpu_ratio"] for r in rows),
        "pairs": rows,
        "app_ms": statistics.median(app.wall_ms for _bare, app in measured),
        "bare_ms": statistics.median(bare.wall_ms for bare, _app in measured),
        "app_cpu_ms": statistics.median(app.cpu_ms for _bare, app in measured),
        "bare_cpu_ms": statistics.median(bare.cpu_ms for bare, _app in measured),
        "peak_mb": max(app.peak_mb for _bare, app in measured),
    }
