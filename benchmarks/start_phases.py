"""Where a cold start's CPU time goes (issue 13): the start of `make bench`, cut into its
phases, each timed by the process's CPU time, medians over several processes.

    python -m benchmarks.start_phases DB [--runs N]          (offscreen)

Each run is a new process that starts the app as `case-abstractor --db DB` does, with a
fresh data folder, until the main window is shown and the event loop is idle (as
benchmarks/cold_start.py), and times: the imports before Qt (the CLI, the store,
SQLAlchemy, the specification's code), the imports of Qt and the start's window code, the
main window's modules, then loading the specification, opening the database (its checks
and migrations), building the main window (of which the case list and its first count),
showing it, and what follows until the window is idle. What no phase names (Python's own
start, QApplication, the log) is the rest. CPU time rather than the wall clock: other work
on a shared machine moves it far less. The figures carry the timing's own cost (a few
function wrappers), not a profiler's.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHASES: dict[str, float] = {}  # phase: CPU ms, in the child
ORDER = (  # the phases in the order of a start (a phase inside another is indented)
    "Python's start (the interpreter, site, this script)",
    "imports before Qt (CLI, store, SQLAlchemy, specification code)",
    "imports of Qt and the start's window code (ui/launch.py)",
    "imports of the main window's modules",
    "the arguments parsed",
    "the log started",
    "the desktop checked (X11 libraries)",
    "the application's name and icon",
    "the specification (kept, read back)",
    "opening the database (checks, migrations)",
    "building the main window",
    "  of which the case list",
    "  of which counting the cases",
    "after it: the error handler",
    "showing the window",
    "after it: the network-share check",
    "after it: the drafts offered",
    "after it: the background check started",
    "until the event loop is idle (first paint, first page of the list)",
)


def _add(name: str, started: float) -> None:
    PHASES[name] = PHASES.get(name, 0.0) + (time.process_time() - started) * 1000


def _timed(owner: Any, attribute: str, name: str) -> None:
    """`owner.attribute` (a function or method) adds its CPU time to the phase `name`."""
    original: Callable[..., Any] = getattr(owner, attribute)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            _add(name, started)

    setattr(owner, attribute, timed)


def child(argv: list[str]) -> None:
    """One start, timed by phase; prints the phases as JSON and leaves at once."""
    PHASES.update(dict.fromkeys(ORDER, 0.0))
    PHASES["Python's start (the interpreter, site, this script)"] = time.process_time() * 1000
    from desktop_app import cycle_collector

    cycle_collector.pause()  # as app.main does first
    started = time.process_time()
    import desktop_app.cli  # noqa: F401

    _add("imports before Qt (CLI, store, SQLAlchemy, specification code)", started)
    started = time.process_time()
    from desktop_app.ui import launch

    _add("imports of Qt and the start's window code (ui/launch.py)", started)
    started = time.process_time()
    from desktop_app.ui import background, error_dialog, main_window
    from desktop_app.ui.case_list_model import CaseListModel
    from desktop_app.ui.case_list_panel import CaseListPanel

    _add("imports of the main window's modules", started)
    import desktop_app.cli as cli
    import desktop_app.desktop_check as desktop_check
    from desktop_app import app

    _timed(cli, "parse", "the arguments parsed")
    _timed(app, "start_logging", "the log started")
    _timed(desktop_check, "check_desktop", "the desktop checked (X11 libraries)")
    _timed(launch, "apply_identity", "the application's name and icon")
    _timed(launch, "default_spec", "the specification (kept, read back)")
    _timed(launch, "open_or_offer_backup", "opening the database (checks, migrations)")
    _timed(main_window.MainWindow, "__init__", "building the main window")
    _timed(CaseListPanel, "__init__", "  of which the case list")
    _timed(CaseListModel, "refresh", "  of which counting the cases")
    _timed(error_dialog, "install_error_handler", "after it: the error handler")
    _timed(main_window.MainWindow, "show", "showing the window")
    _timed(launch, "warn_if_on_network_share", "after it: the network-share check")
    _timed(main_window.MainWindow, "offer_new_case_drafts", "after it: the drafts offered")
    _timed(background.Maintenance, "start", "after it: the background check started")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    exec_ = QApplication.exec
    shown: list[float] = []

    def ready() -> None:
        _add("until the event loop is idle (first paint, first page of the list)", shown[0])
        PHASES["whole process"] = time.process_time() * 1000
        print(json.dumps(PHASES), flush=True)
        os._exit(0)

    def exec_then_ready(_app: QApplication) -> int:
        shown.append(time.process_time())
        QTimer.singleShot(0, ready)
        return int(exec_())

    QApplication.exec = exec_then_ready  # type: ignore[method-assign,assignment]
    from desktop_app.app import main as app_main

    app_main(argv)


def run(database: Path, runs: int) -> dict[str, list[float]]:
    """Each phase's CPU ms in each of `runs` new processes."""
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-phases-") as folder:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.start_phases", "--child", "--db",
                 str(database), "--data-dir", folder],
                cwd=root, env=env, capture_output=True, text=True, check=True, timeout=300,
            )  # fmt: skip
        for name, value in json.loads(done.stdout.strip().splitlines()[-1]).items():
            found.setdefault(name, []).append(value)
    return found


def table(found: dict[str, list[float]]) -> str:
    """Medians, in the order of the start; what no phase names is the rest."""
    import statistics

    medians = {name: statistics.median(values) for name, values in found.items()}
    whole = medians.pop("whole process")
    named = sum(v for name, v in medians.items() if not name.startswith("  "))
    lines = [f"{value:8.1f} ms  {name}" for name, value in medians.items()]
    lines.append(f"{whole - named:8.1f} ms  the rest (QApplication, the data folder, …)")
    lines.append(f"{whole:8.1f} ms  the whole process, to the idle window (median)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1:])
        return 0
    import argparse  # here, not in the child: its imports would be counted as the start's

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1] / "desktop_app", quiet=1)
    print(f"CPU time of a cold start by phase, median of {args.runs} processes "
          f"(load average {os.getloadavg()[0]:.1f}):")  # fmt: skip
    print(table(run(args.db, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
