"""Work on a thread of its own, owned by a QObject, that can be stopped: the lifecycle the
background check and backup (ui/background.py) and the export (ui/export_job.py) share.
A subclass writes `_run`, which looks at `self.cancel` between its steps."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject

STOP_WAIT_SECONDS = 5.0  # a stopped step ends within milliseconds; this is a safety net


class ThreadWork(QObject):
    def __init__(self, parent: QObject, name: str) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def running(self) -> bool:
        return self.thread.is_alive()

    def stop(self) -> None:
        """Stop at the next step and wait for the thread."""
        self.cancel.set()
        if self.thread.is_alive():
            self.thread.join(STOP_WAIT_SECONDS)

    def _run(self) -> None:
        raise NotImplementedError
