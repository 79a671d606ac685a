"""Python's cycle collector paused while the app starts (issue 13).

A start imports SQLAlchemy, PySide6 and the app's own modules and builds the window: a few
hundred thousand objects made, almost none of them garbage. The collector still ran three
full passes over all of them during a start (about 30 ms of CPU in all, a full pass 60 to
80 ms by the time the window is up). It is paused from the first line of `main` until the
window is shown or the command is about to run; then what the start made is moved out of
the collector's view for good (gc.freeze: modules, classes, the specification, the window,
which live as long as the process) and the collector runs as usual on everything made
afterwards, so no later pass walks the start's objects again. The few cyclic leftovers of
a start (about a thousand small objects) are kept rather than freed; a start that made far
more than a start makes (a migration or a restore of a large database while opening it)
is collected once before the rest is frozen, so that its garbage is not kept for good.
"""

from __future__ import annotations

import gc

# Objects made and not freed since the pause beyond which resume() collects before freezing:
# an ordinary start leaves about 110,000.
LEFT_OVER_LIMIT = 1_000_000


def pause() -> None:
    """No cycle collection until resume()."""
    gc.disable()


def resume() -> None:
    """What exists now is kept out of every later collection; collecting starts again."""
    if not gc.isenabled():
        if gc.get_count()[0] > LEFT_OVER_LIMIT:
            gc.collect()
        gc.freeze()
        gc.enable()
