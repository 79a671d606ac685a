"""The case summary's streams written as binary, without reportlab's ASCII85 layer.

reportlab encodes every compressed stream (the pages, the embedded font subsets) in
ASCII85 by default, so that a PDF survives a channel that only carries 7-bit text. A
summary is saved to a file, previewed and printed: binary streams are what PDF readers
expect, the file is about 5 % smaller, and the pure-Python encoder cost about 7 % of the
time of a case summary (issue 13). The setting is reportlab's global one (rl_config.useA85),
so it is changed only while a summary is built, and set back when the last of any
summaries built at once (the export's thread beside the window's) is done.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config

_lock = threading.Lock()
_building = 0
_saved: object = None


@contextmanager
def binary_streams() -> Iterator[None]:
    """While inside, reportlab writes its streams without ASCII85."""
    global _building, _saved
    with _lock:
        if _building == 0:
            _saved = rl_config.useA85
            rl_config.useA85 = 0
        _building += 1
    try:
        yield
    finally:
        with _lock:
            _building -= 1
            if _building == 0:
                rl_config.useA85 = _saved
