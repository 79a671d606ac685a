"""A piece of export work (reading the cases for the review, writing the file) in a thread
of its own, so that the window stays usable and shows progress; it can be stopped at the
next case. Only signals cross to the GUI thread (as in ui/background.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from desktop_app.logs import log
from desktop_app.ui.thread_work import ThreadWork

Tick = Callable[[int], None]  # told how many cases are done; raises JobStopped when stopped


class JobStopped(Exception):
    """The registrar stopped the work; raised inside the thread at the next case."""


@dataclass
class JobResult:
    value: Any = None
    failure: str = ""  # why it failed, for the registrar
    stopped: bool = False


class ExportJob(ThreadWork):
    """`work(tick)` runs in a thread; `progressed(done, total)` and `finished(JobResult)`
    arrive in the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(self, parent: QObject, work: Callable[[Tick], Any], total: int) -> None:
        super().__init__(parent, "export")
        self.work, self.total = work, total
        self._shown = -1  # the last percentage sent (a signal per case would flood the GUI)

    def _tick(self, done: int) -> None:
        if self.cancel.is_set():
            raise JobStopped()
        percent = done * 100 // max(self.total, 1)
        if percent != self._shown:
            self._shown = percent
            with contextlib.suppress(RuntimeError):  # the dialog is gone
                self.progressed.emit(done, self.total)

    def _run(self) -> None:
        result = JobResult()
        try:
            result.value = self.work(self._tick)
        except JobStopped:
            result.stopped = True
        except Exception as exc:  # a full disk, a folder in the way: said beside the dialog
            log.error("export failed: %s", exc)
            result.failure = str(exc) or type(exc).__name__
        with contextlib.suppress(RuntimeError):  # the dialog is gone
            self.finished.emit(result)


def connect(job: ExportJob, progressed: Callable[[int, int], None],
            finished: Callable[[JobResult], None]) -> None:  # fmt: skip
    """Deliver the job's signals in the GUI thread."""
    queued = Qt.ConnectionType.QueuedConnection
    job.progressed.connect(progressed, queued)
    job.finished.connect(finished, queued)
